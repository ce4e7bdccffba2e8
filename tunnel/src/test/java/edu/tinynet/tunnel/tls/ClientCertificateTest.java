package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.refusal;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import edu.tinynet.tunnel.config.TlsVersion;
import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server mode: requireCert, requestCert and verification of client certificates. */
class ClientCertificateTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    private Fixture.Tls verifyingServer() {
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.caFile;
        s.verifyChain = true;
        s.requireCert = true;
        return s;
    }

    private Fixture.Tls clientWithCert() {
        Fixture.Tls c = f.clientSettings();
        c.cert = f.clientPem;
        return c;
    }

    @Test
    void serverAcceptsClientCertificateFromCaFile() throws Exception {
        EnginePair p = run(clientWithCert().client(), verifyingServer().server());
        assertSucceeded(p);
        assertEquals("CN=alice,O=tinynet.edu",
                CertificateText.subject((X509Certificate) p.server.getSession().getPeerCertificates()[0]));
    }

    @Test
    void serverRefusesClientWithoutCertificateWhenRequired() throws Exception {
        EnginePair p = run(f.clientSettings().client(), verifyingServer().server());
        assertEquals("peer did not return a certificate (requireCert = yes)", HandshakeFailures.describe(p.serverError));
        assertEquals("the peer refused the handshake with bad_certificate: it requires a client certificate and none "
                + "was sent (set cert = FILE), or it refused the one sent", HandshakeFailures.describe(p.clientError, true));
    }

    @Test
    void serverRefusesClientWithoutCertificateOverTls12() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        EnginePair p = run(c.client(), verifyingServer().server());
        assertEquals("peer did not return a certificate (requireCert = yes)", HandshakeFailures.describe(p.serverError));
    }

    @Test
    void serverRefusesClientCertificateFromOtherCa() throws Exception {
        KeyMaterial other = CertificateBuilder.ca("CN=OtherCA").build();
        Fixture.Tls c = f.clientSettings();
        c.cert = f.write("mallory.pem", CertificateBuilder.client("CN=mallory").issuedBy(other).build());
        PeerVerificationException e = refusal(run(c.client(), verifyingServer().server()).serverError);
        assertEquals("certificate verify failed: self-signed certificate in certificate chain (root CN=OtherCA is not in "
                + "CAfile " + f.caFile + ")", e.getMessage());
    }

    @Test
    void serverRefusesServerCertificateUsedAsClientCertificate() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.cert = f.serverPem;
        PeerVerificationException e = refusal(run(c.client(), verifyingServer().server()).serverError);
        assertEquals(PeerVerificationException.Reason.BAD_PURPOSE, e.reason());
    }

    @Test
    void optionalVerificationAcceptsClientWithoutCertificate() throws Exception {
        // legacy verify = 1: verify a certificate if one is sent
        Fixture.Tls s = verifyingServer();
        s.requireCert = false;
        EnginePair p = run(f.clientSettings().client(), s.server());
        assertSucceeded(p);
        org.junit.jupiter.api.Assertions.assertThrows(SSLPeerUnverifiedException.class,
                () -> p.server.getSession().getPeerCertificates());
    }

    @Test
    void optionalVerificationStillRefusesBadCertificate() throws Exception {
        Fixture.Tls s = verifyingServer();
        s.requireCert = false;
        Fixture.Tls c = f.clientSettings();
        c.cert = f.write("self.pem", CertificateBuilder.client("CN=self").build());
        assertEquals(PeerVerificationException.Reason.SELF_SIGNED, refusal(run(c.client(), s.server()).serverError).reason());
    }

    @Test
    void requestCertWithoutVerificationAcceptsAnyCertificate() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.requestCert = true;
        Fixture.Tls c = f.clientSettings();
        c.cert = f.write("self.pem", CertificateBuilder.client("CN=self").build());
        EnginePair p = run(c.client(), s.server());
        assertSucceeded(p);
        assertEquals("CN=self", CertificateText.subject((X509Certificate) p.server.getSession().getPeerCertificates()[0]));
    }

    @Test
    void serverWithoutRequestAsksForNoCertificate() throws Exception {
        EnginePair p = run(clientWithCert().client(), f.serverSettings().server());
        assertSucceeded(p);
        assertNull(p.client.getSession().getLocalCertificates(), "no CertificateRequest, so no client certificate sent");
    }

    @Test
    void clientSendsItsCertificateEvenIfServerListsOtherCas() throws Exception {
        // stunnel/OpenSSL behaviour: the configured certificate is sent regardless of the server's CA list
        KeyMaterial other = CertificateBuilder.ca("CN=OtherCA").build();
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.writeCerts("other-ca.pem", other);
        s.verifyChain = true;
        s.requireCert = true;
        EnginePair p = run(clientWithCert().client(), s.server());
        PeerVerificationException e = refusal(p.serverError); // the server got alice's chain and judged it
        assertEquals("certificate verify failed: self-signed certificate in certificate chain (root "
                + "CN=TinyNetCA,O=tinynet.edu is not in CAfile " + s.caFile + ")", e.getMessage());
    }
}
