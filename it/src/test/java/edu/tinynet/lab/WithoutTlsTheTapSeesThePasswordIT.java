package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.lab.tap.ByteSearch;
import edu.tinynet.lab.tap.TapRelay;
import edu.tinynet.lab.tap.TapSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control experiment: the same lab with the tunnels bypassed ({@code --no-tls}). The same
 * client operations work, and now the tap does see the password and the mail: this proves the tap
 * would have seen them in the TLS lab too, had they been there.
 */
@Tag("integration")
class WithoutTlsTheTapSeesThePasswordIT {

    @TempDir
    static Path work;

    static Lab lab;
    static final Lab.User ALICE = Lab.USERS.get(0);
    static final Lab.User BOB = Lab.USERS.get(1);
    static final String SUBJECT = "Control " + UUID.randomUUID();
    static final String BODY = "This line crosses every hop in clear text. " + UUID.randomUUID();

    @BeforeAll
    static void startTheLabWithoutTlsAndUseIt() throws Exception {
        lab = Lab.builder().work(work).freePorts().tap(true).noTls(true).start();
        InitialDirContext ctx = LabClients.bind(lab, ALICE);
        try {
            assertEquals("Bob Builder", LabClients.searchPeople(ctx, lab.baseDn(), "(uid=bob)", "cn")
                    .get("uid=bob,ou=people,o=tinynet.edu").get("cn"));
        } finally {
            ctx.close();
        }
        LabClients.send(lab, ALICE, BOB.email(), SUBJECT, BODY);
        assertEquals(BODY, LabClients.awaitMail(lab, BOB, SUBJECT, Duration.ofSeconds(30)).text().strip());
        Taps.awaitQuiet(lab, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopTheLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private static boolean seen(LabTopology.Hop hop, String text) {
        for (TapRelay.Capture c : lab.tap(hop).captures()) {
            if (ByteSearch.contains(c.clientToServer(), c.clientToServer().length, text)) {
                return true;
            }
        }
        return false;
    }

    private static LabTopology.Hop hop(String name) {
        return LabTopology.HOPS.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theLdapBindPasswordIsOnTheWire() {
        assertTrue(seen(hop("webserver->ldaphost"), ALICE.password()), "the simple bind's password in clear text");
    }

    @Test
    void theImapLoginPasswordIsOnTheWire() {
        assertTrue(seen(hop("webserver->mailhost"), BOB.password()), "IMAP LOGIN's password in clear text");
    }

    @Test
    void theMailTextIsOnBothMailHops() {
        assertTrue(seen(hop("webserver->gateway"), BODY));
        assertTrue(seen(hop("gateway->mailhost"), BODY), "the Gateway's relay hop is bypassed too");
    }

    @Test
    void theTapReportsPlaintextAndTheLeaks() {
        for (TapSummary s : lab.tapSummaries()) {
            assertFalse(s.allTls(), s.hop());
            assertFalse(s.leaked().isEmpty(), s.hop());
        }
        TapSummary ldap = lab.tapSummaries().get(0);
        assertEquals("webserver->ldaphost", ldap.hop());
        assertTrue(ldap.leaked().contains("password of alice"), ldap.leaked().toString());
        TapSummary smtp = lab.tapSummaries().get(2);
        assertTrue(smtp.leaked().contains("password of alice (base64)"), "SMTP AUTH: " + smtp.leaked());
        assertEquals(List.of(), Taps.findSecrets(lab, java.util.Map.of("x", UUID.randomUUID().toString())),
                "the search finds only what is there");
    }
}
