package edu.tinynet.lab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Global overlay lines end the seed's global part; section lines end that section; new sections come last. */
class OverlayAddsLinesWhereStunnelReadsThemTest {

    private static final String SEED = String.join("\n",
            "; seed",
            "client = yes",
            "",
            "; the LDAP service",
            "[ldaps]",
            "accept = 389",
            "connect = ldap:636",
            "",
            "; the IMAP service",
            "[imaps]",
            "accept = 143",
            "connect = mail:993",
            "");

    private static final String OVERLAY = String.join("\n",
            "; overlay",
            "CAfile = ca.pem",
            "[imaps]",
            "checkHost = mail",
            "[ldaps]",
            "checkHost = ldap",
            "[relay]",
            "accept = 2525",
            "");

    private final String merged = ConfigOverlay.merge(SEED, "seed.conf", OVERLAY, "overlay.conf");

    @Test
    void globalLinesComeBeforeTheCommentThatIntroducesTheFirstSection() {
        assertTrue(merged.contains("client = yes\n; --- added by overlay.conf, line 1\n; overlay\nCAfile = ca.pem\n"
                + "; --- end of addition\n\n; the LDAP service\n[ldaps]\n"), merged);
    }

    @Test
    void sectionLinesEndTheirSectionWhateverTheOverlayOrder() {
        assertTrue(merged.contains("[ldaps]\naccept = 389\nconnect = ldap:636\n; --- added by overlay.conf, line 6\n"
                + "checkHost = ldap\n; --- end of addition\n\n; the IMAP service\n[imaps]"), merged);
        assertTrue(merged.contains("[imaps]\naccept = 143\nconnect = mail:993\n; --- added by overlay.conf, line 4\n"
                + "checkHost = mail\n; --- end of addition\n"), merged);
    }

    @Test
    void aSectionTheSeedLacksIsANewServiceAtTheEnd() {
        assertTrue(merged.endsWith("; --- new service from overlay.conf, line 7\n[relay]\naccept = 2525\n"), merged);
    }

    @Test
    void withoutOverlayTheSeedIsCopiedBelowAHeader() {
        String plain = ConfigOverlay.merge(SEED, "seed.conf", null, null);
        assertEquals(SEED, plain.substring(plain.indexOf("; seed")));
    }

    @Test
    void aSectionTwiceInTheOverlayIsRefusedWithItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigOverlay.merge(SEED, "seed.conf", "[ldaps]\na = 1\n[ldaps]\nb = 2\n", "o.conf"));
        assertEquals("o.conf:3: section [ldaps] appears twice in the overlay", e.getMessage());
    }
}
