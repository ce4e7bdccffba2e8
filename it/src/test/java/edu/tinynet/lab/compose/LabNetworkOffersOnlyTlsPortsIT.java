package edu.tinynet.lab.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * (b) Seen from another container on the lab network: the plaintext servers are not there (they
 * listen on their hosts' loopback), the TLS ports are, with TinyNetCA certificates for the names
 * the lab uses.
 */
@Tag("integration")
@ExtendWith(ComposeLab.class)
class LabNetworkOffersOnlyTlsPortsIT {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void plaintextServersCannotBeReachedFromTheLabNetwork(LiveLab lab) {
        List<String> targets = List.of("ldap://ldap.tinynet.edu:389", "imap://mail.tinynet.edu:143",
                "smtp://gw.tinynet.edu:587", "smtp://mail.tinynet.edu:25", "smtp://gw.tinynet.edu:2525");
        String[] args = concat(List.of("probe", "--timeout", "5000"), targets);
        LiveLab.Run run = lab.onLabNetwork(LIMIT, args);
        assertEquals(1, run.exitCode(), run.output());
        for (String t : targets) {
            assertTrue(run.output().contains("FAILED " + t + ": connection refused"), () -> t + "\n" + run.output());
        }
    }

    @Test
    void tlsPortsAnswerWithVerifiedLabCertificates(LiveLab lab) {
        List<String> targets = List.of("ldaps://ldap.tinynet.edu:636", "imaps://mail.tinynet.edu:993",
                "smtps://gw.tinynet.edu:465");
        String[] args = concat(List.of("probe", "--ca", "/pki/ca.pem", "--timeout", "10000"), targets);
        LiveLab.Run run = lab.onLabNetwork(LIMIT, args);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("ok ldaps://ldap.tinynet.edu:636: TLSv1.3, CN=ldap.tinynet.edu,O=tinynet.edu"
                + " verified for ldap.tinynet.edu; LDAP bind answered success"), run.output());
        assertTrue(run.output().contains("ok imaps://mail.tinynet.edu:993: TLSv1.3, CN=mail.tinynet.edu,O=tinynet.edu"
                + " verified for mail.tinynet.edu; IMAP greeting: * OK"), run.output());
        assertTrue(run.output().contains("ok smtps://gw.tinynet.edu:465: TLSv1.3, CN=gw.tinynet.edu,O=tinynet.edu"
                + " verified for gw.tinynet.edu; SMTP greeting: 220"), run.output());
    }

    @Test
    void aTlsPortPresentsTheCertificateOfItsOwnHostOnly(LiveLab lab) {
        // the LDAP host's certificate does not pass for the mail host: names are checked, not just the CA
        LiveLab.Run run = lab.onLabNetwork(LIMIT, "probe", "--ca", "/pki/ca.pem", "--name", "mail.tinynet.edu",
                "tls://ldap.tinynet.edu:636");
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("FAILED tls://ldap.tinynet.edu:636: TLS failed"), run.output());
    }

    @Test
    void mailHostRelayPortRefusesClientsWithoutTheGatewayCertificate(LiveLab lab) {
        LiveLab.Run run = lab.onLabNetwork(LIMIT, "probe", "--ca", "/pki/ca.pem", "smtps://mail.tinynet.edu:465");
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().startsWith("FAILED smtps://mail.tinynet.edu:465: "), run.output());
        assertTrue(!run.output().contains("SMTP greeting"), run.output());
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
