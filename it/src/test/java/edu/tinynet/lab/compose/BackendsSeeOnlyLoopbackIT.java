package edu.tinynet.lab.compose;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * (d) The plaintext servers only ever see the tunnel on their own loopback: every connection the
 * directory, the IMAP server and both SMTP servers record comes from 127.0.0.1, while the tunnels
 * in front of them record the peers on the lab network.
 */
@Tag("integration")
@ExtendWith(ComposeLab.class)
class BackendsSeeOnlyLoopbackIT {

    private static final Pattern BACKEND = Pattern.compile("LOG5\\[(ldap|imap|smtp)\\]: (LDAP|IMAP|SMTP) connection from"
            + " ([0-9a-f.:]+):(\\d+) to ([0-9a-f.:]+):(\\d+)");

    @Test
    void everyBackendConnectionComesFromLoopback(LiveLab lab) throws Exception {
        HostTools.require("ldapsearch", "curl");
        LabTraffic.ldapSearchAlice(lab);
        String subject = LabTraffic.token("loopback");
        LabTraffic.sendMail(lab, subject, "checking who the servers see");
        LabTraffic.awaitMail(lab, subject, Duration.ofSeconds(60));

        assertOnlyLoopback(lab, "ldaphost", "LDAP", "127.0.0.1:389");
        assertOnlyLoopback(lab, "mailhost", "IMAP", "127.0.0.1:143");
        assertOnlyLoopback(lab, "mailhost", "SMTP", "127.0.0.1:25");
        assertOnlyLoopback(lab, "gateway", "SMTP", "127.0.0.1:587");
    }

    @Test
    void theTunnelsRecordTheirLabNetworkPeers(LiveLab lab) {
        HostTools.require("ldapsearch");
        LabTraffic.ldapSearchAlice(lab);
        String www = lab.labAddress("webserver");
        String log = lab.logs("ldaphost");
        assertTrue(log.contains("Service [ldaps] accepted connection from " + www + ":"),
                () -> "ldaphost's tunnel never saw WebServer (" + www + "):\n" + log);
        String gw = lab.labAddress("gateway");
        String mailLog = lab.logs("mailhost");
        // the relay hop may not have run yet in this test order; the IMAP side has (health checks)
        assertTrue(mailLog.contains("Service [imaps] accepted connection from " + www + ":")
                || mailLog.contains("Service [smtp-relay] accepted connection from " + gw + ":"), mailLog);
    }

    private static void assertOnlyLoopback(LiveLab lab, String service, String protocol, String listening) {
        String log = lab.logs(service);
        List<String> peers = new ArrayList<>();
        Matcher m = BACKEND.matcher(log);
        while (m.find()) {
            if (m.group(2).equals(protocol)) {
                peers.add(m.group(3));
                assertTrue((m.group(5) + ":" + m.group(6)).equals(listening), () -> service + " " + protocol
                        + " listens on " + listening + " but recorded " + m.group(0));
            }
        }
        assertFalse(peers.isEmpty(), () -> service + " recorded no " + protocol + " connection:\n" + log);
        assertTrue(peers.stream().allMatch("127.0.0.1"::equals),
                () -> service + " " + protocol + " saw peers " + peers + ", not only 127.0.0.1");
    }
}
