package edu.tinynet.lab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.fixtures.ldap.EmbeddedLdap;
import edu.tinynet.fixtures.mail.EmbeddedMail;
import edu.tinynet.fixtures.mail.MailService;
import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health-check probe against the real fixtures: it succeeds only when the protocol answers as
 * it should and, over TLS, when the chain and the name check out.
 */
class ProbeSpeaksEachLabProtocolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static KeyMaterial ca;
    static Path caFile;
    static Path otherCaFile;
    static EmbeddedLdap ldap;
    static EmbeddedMail mail;

    @BeforeAll
    static void start() throws Exception {
        ca = CertificateBuilder.ca("CN=Probe Test CA").build();
        KeyMaterial other = CertificateBuilder.ca("CN=Other CA").build();
        KeyMaterial cert = CertificateBuilder.server("CN=mail.tinynet.edu").dns("mail.tinynet.edu").ip("127.0.0.1")
                .issuedBy(ca).build();
        caFile = dir.resolve("ca.pem");
        otherCaFile = dir.resolve("other.pem");
        Pem.writeCertificates(caFile, List.of(ca.certificate()), false);
        Pem.writeCertificates(otherCaFile, List.of(other.certificate()), false);
        ldap = EmbeddedLdap.builder().start();
        mail = EmbeddedMail.builder().tls(cert).demoUsers().start();
    }

    @AfterAll
    static void stop() {
        if (mail != null) {
            mail.close();
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    private static Probe.Result probe(String uri, Path ca, String name) {
        return Probe.check(URI.create(uri), new Probe.Tls(ca, name), TIMEOUT);
    }

    @Test
    void ldapAnonymousBindSucceeds() {
        Probe.Result r = probe("ldap://127.0.0.1:" + ldap.ldapPort(), null, null);
        assertTrue(r.ok(), r.line());
        assertEquals("LDAP bind answered success", r.detail());
    }

    @Test
    void imapAndSmtpGreetingsAreRecognised() {
        Probe.Result imap = probe("imap://127.0.0.1:" + mail.imapPort(), null, null);
        Probe.Result smtp = probe("smtp://127.0.0.1:" + mail.smtpPort(), null, null);
        assertTrue(imap.ok() && imap.detail().startsWith("IMAP greeting: * OK"), imap.line());
        assertTrue(smtp.ok() && smtp.detail().startsWith("SMTP greeting: 220"), smtp.line());
    }

    @Test
    void tlsProbesVerifyTheChainAndTheExpectedName() {
        Probe.Result r = probe("imaps://127.0.0.1:" + mail.port(MailService.IMAPS), caFile, "mail.tinynet.edu");
        assertTrue(r.ok(), r.line());
        assertTrue(r.detail().contains("CN=mail.tinynet.edu verified for mail.tinynet.edu; IMAP greeting"), r.line());
    }

    @Test
    void aCertificateForAnotherNameFails() {
        Probe.Result r = probe("smtps://127.0.0.1:" + mail.port(MailService.SMTPS), caFile, "ldap.tinynet.edu");
        assertFalse(r.ok(), r.line());
        assertTrue(r.detail().startsWith("TLS failed"), r.line());
    }

    @Test
    void aServerFromAnotherCaFails() {
        Probe.Result r = probe("smtps://127.0.0.1:" + mail.port(MailService.SMTPS), otherCaFile, "mail.tinynet.edu");
        assertFalse(r.ok(), r.line());
        assertTrue(r.detail().startsWith("TLS failed"), r.line());
    }

    @Test
    void theWrongProtocolOnAPortFails() {
        Probe.Result r = probe("ldap://127.0.0.1:" + mail.imapPort(), null, null);
        assertFalse(r.ok(), r.line());
    }

    @Test
    void aClosedPortIsReportedAsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Probe.Result r = probe("smtp://127.0.0.1:" + port, null, null);
        assertFalse(r.ok());
        assertEquals("FAILED smtp://127.0.0.1:" + port + ": connection refused", r.line());
    }

    @Test
    void aServerThatSaysNothingTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Probe.Result r = Probe.check(URI.create("imap://127.0.0.1:" + silent.getLocalPort()), null,
                    Duration.ofMillis(300));
            assertFalse(r.ok());
            assertEquals("no answer within 300 ms", r.detail());
        }
    }
}
