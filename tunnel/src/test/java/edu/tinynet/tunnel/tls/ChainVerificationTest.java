package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.refusal;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import edu.tinynet.tunnel.config.TlsVersion;
import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.tls.PeerVerificationException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verifyChain, client side: the server's chain must lead to CAfile and be valid now. */
class ChainVerificationTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    private ServiceTls serverWith(KeyMaterial m) throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.cert = f.write("srv-" + System.nanoTime() + ".pem", m);
        return s.server();
    }

    @Test
    void clientAcceptsServerChainedToCaFile() throws Exception {
        EnginePair p = run(f.clientSettings().client(), f.serverSettings().server());
        assertSucceeded(p);
        assertEquals("hello", p.clientToServer("hello"));
        assertEquals("TLSv1.3", p.client.getSession().getProtocol());
    }

    @Test
    void clientRejectsServerChainEndingInOtherRoot() throws Exception {
        KeyMaterial other = CertificateBuilder.ca("CN=OtherCA").build();
        // the server sends leaf + OtherCA root
        ServiceTls server = serverWith(CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST).issuedBy(other).build());
        EnginePair p = run(f.clientSettings().client(), server);
        PeerVerificationException e = refusal(p.clientError);
        assertEquals(Reason.SELF_SIGNED, e.reason());
        assertEquals("certificate verify failed: self-signed certificate in certificate chain (root CN=OtherCA is not in CAfile "
                + f.caFile + ")", e.getMessage());
        assertEquals(e.getMessage(), HandshakeFailures.describe(p.clientError, true));
        assertNotNull(p.serverError, "the server learns of the refusal through an alert");
    }

    @Test
    void clientRejectsServerFromUnknownIssuer() throws Exception {
        KeyMaterial other = CertificateBuilder.ca("CN=OtherCA").build();
        KeyMaterial leaf = CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST).issuedBy(other).build();
        // the server sends its leaf only
        ServiceTls server = serverWith(new KeyMaterial(leaf.privateKey(), List.of(leaf.certificate())));
        PeerVerificationException e = refusal(run(f.clientSettings().client(), server).clientError);
        assertEquals(Reason.UNKNOWN_ISSUER, e.reason());
        assertEquals("certificate verify failed: unable to get local issuer certificate (issuer CN=OtherCA is not in CAfile "
                + f.caFile + ")", e.getMessage());
    }

    @Test
    void clientRejectsSelfSignedServer() throws Exception {
        ServiceTls server = serverWith(CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST).build());
        PeerVerificationException e = refusal(run(f.clientSettings().client(), server).clientError);
        assertEquals(Reason.SELF_SIGNED, e.reason());
        assertEquals("certificate verify failed: self-signed certificate (CN=" + Fixture.HOST + " is not in CAfile "
                + f.caFile + ")", e.getMessage());
    }

    @Test
    void clientRejectsCaImpostorWithSameName() throws Exception {
        KeyMaterial impostor = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
        KeyMaterial leaf = CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST).issuedBy(impostor).build();
        ServiceTls server = serverWith(new KeyMaterial(leaf.privateKey(), List.of(leaf.certificate())));
        PeerVerificationException e = refusal(run(f.clientSettings().client(), server).clientError);
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
        assertEquals("certificate verify failed: certificate signature failure (CN=" + Fixture.HOST
                + " is not signed by the key of CN=TinyNetCA,O=tinynet.edu in CAfile " + f.caFile
                + ": a different CA with the same name?)", e.getMessage());
    }

    @Test
    void clientAcceptsChainThroughIntermediateSentByServer() throws Exception {
        KeyMaterial sub = CertificateBuilder.ca("CN=TinyNet Issuing CA").issuedBy(f.ca).build();
        ServiceTls server = serverWith(CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST).issuedBy(sub).build());
        assertSucceeded(run(f.clientSettings().client(), server));
    }

    @Test
    void clientAcceptsChainEndingAtIntermediateInCaFile() throws Exception {
        KeyMaterial sub = CertificateBuilder.ca("CN=TinyNet Issuing CA").issuedBy(f.ca).build();
        KeyMaterial leaf = CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST).issuedBy(sub).build();
        ServiceTls server = serverWith(new KeyMaterial(leaf.privateKey(), List.of(leaf.certificate())));
        Fixture.Tls c = f.clientSettings();
        c.caFile = dir.resolve("sub.pem");
        Pem.writeCertificates(c.caFile, List.of(sub.certificate()), false);
        assertSucceeded(run(c.client(), server));
    }

    @Test
    void clientRejectsExpiredServerCertificate() throws Exception {
        Instant end = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ServiceTls server = serverWith(CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST)
                .validity(end.minus(30, ChronoUnit.DAYS), end).issuedBy(f.ca).build());
        PeerVerificationException e = refusal(run(f.clientSettings().client(), server).clientError);
        assertEquals(Reason.EXPIRED, e.reason());
        assertEquals("certificate verify failed: certificate expired on " + CertificateText.date(end)
                + " (CN=" + Fixture.HOST + ")", e.getMessage());
    }

    @Test
    void clientRejectsNotYetValidServerCertificate() throws Exception {
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ServiceTls server = serverWith(CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST)
                .validity(start, start.plus(30, ChronoUnit.DAYS)).issuedBy(f.ca).build());
        PeerVerificationException e = refusal(run(f.clientSettings().client(), server).clientError);
        assertEquals(Reason.NOT_YET_VALID, e.reason());
        assertEquals("certificate verify failed: certificate not yet valid until " + CertificateText.date(start)
                + " (CN=" + Fixture.HOST + ")", e.getMessage());
    }

    @Test
    void clientRejectsChainWithExpiredIntermediate() throws Exception {
        Instant end = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        KeyMaterial sub = CertificateBuilder.ca("CN=Old Issuing CA").validity(end.minus(900, ChronoUnit.DAYS), end)
                .issuedBy(f.ca).build();
        ServiceTls server = serverWith(CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST).issuedBy(sub).build());
        PeerVerificationException e = refusal(run(f.clientSettings().client(), server).clientError);
        assertEquals("certificate verify failed: certificate expired on " + CertificateText.date(end)
                + " (intermediate CA CN=Old Issuing CA)", e.getMessage());
    }

    @Test
    void clientRejectsClientCertificateUsedAsServerCertificate() throws Exception {
        ServiceTls server = serverWith(CertificateBuilder.client("CN=" + Fixture.HOST).dns(Fixture.HOST).issuedBy(f.ca).build());
        PeerVerificationException e = refusal(run(f.clientSettings().client(), server).clientError);
        assertEquals(Reason.BAD_PURPOSE, e.reason());
        assertEquals("certificate verify failed: unsupported certificate purpose (CN=" + Fixture.HOST
                + " has extendedKeyUsage clientAuth; a TLS server certificate needs serverAuth)", e.getMessage());
    }

    @Test
    void serverIsToldCertificateExpiredOverTls12() throws Exception {
        Instant end = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ServiceTls server = serverWith(CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST)
                .validity(end.minus(30, ChronoUnit.DAYS), end).issuedBy(f.ca).build());
        Fixture.Tls c = f.clientSettings();
        c.max = TlsVersion.TLSv1_2;
        EnginePair p = run(c.client(), server);
        assertEquals("the peer says this side's certificate has expired or is not yet valid (certificate_expired alert)",
                HandshakeFailures.describe(p.serverError, false));
    }

    @Test
    void clientWithoutVerificationAcceptsAnyServer() throws Exception {
        ServiceTls server = serverWith(CertificateBuilder.server("CN=whoever").build());
        Fixture.Tls c = new Fixture.Tls();
        ServiceTls client = c.client();
        assertSucceeded(run(client, server));
        assertEquals(true, client.verifier().acceptsAnything());
    }
}
