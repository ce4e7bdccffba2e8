package edu.tinynet.lab.compose;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * (e) With the LDAP host stopped, LDAP through WebServer fails at once, not after the tunnel's
 * connect timeout: the name ldap.tinynet.edu is gone from Docker's DNS and the tunnel resolves it
 * for each connection ({@code delay = yes} in the lab overlay). Starting the host again restores
 * the service.
 */
@Tag("integration")
@ExtendWith(ComposeLab.class)
class StoppedLdapHostFailsFastIT {

    /** The tunnel's TIMEOUTconnect (stunnel's default, not changed by the lab): failing later means it timed out. */
    private static final Duration TIMEOUT_CONNECT = Duration.ofSeconds(10);

    @Test
    void ldapFailsAtOnceWhileLdapHostIsStoppedAndWorksAgainAfterStart(LiveLab lab) throws Exception {
        HostTools.require("ldapsearch");
        LabTraffic.ldapSearchAlice(lab);
        try {
            Commands.Result stop = lab.compose(Duration.ofMinutes(2), "stop", "ldaphost");
            assertTrue(stop.ok(), stop::describe);

            Commands.Result r = lab.ldapsearch(LabTraffic.LDAP_DN, LabTraffic.LDAP_PASSWORD, "(uid=alice)");
            assertFalse(r.ok(), r::describe);
            assertTrue(r.output().contains("Can't contact LDAP server"), r::describe);
            assertTrue(r.took().compareTo(TIMEOUT_CONNECT) < 0, () -> "took as long as a connect timeout: " + r.describe());
            String expected = "Closing: cannot resolve connect host 'ldap.tinynet.edu'";
            String log = lab.logs("webserver");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!log.contains(expected) && System.nanoTime() < deadline) { // the log may lag the reset
                Thread.sleep(200);
                log = lab.logs("webserver");
            }
            String last = log;
            assertTrue(last.contains(expected), () -> "WebServer's tunnel did not report the missing host:\n" + tail(last));
        } finally {
            Commands.Result start = lab.compose(Duration.ofMinutes(2), "start", "ldaphost");
            assertTrue(start.ok(), start::describe);
            lab.awaitHealthy("ldaphost", Duration.ofMinutes(3));
        }
        String ldif = LabTraffic.ldapSearchAlice(lab);
        assertTrue(ldif.contains("mail: alice@tinynet.edu"), ldif);
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 20), lines.length));
    }
}
