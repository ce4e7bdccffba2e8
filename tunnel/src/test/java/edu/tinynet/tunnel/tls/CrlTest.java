package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.refusal;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.tls.PeerVerificationException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CRLfile: revoked peers are refused, the CRL must be from the issuer and current. */
class CrlTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    private Fixture.Tls client(Path crl) {
        Fixture.Tls c = f.clientSettings();
        c.crlFile = crl;
        return c;
    }

    @Test
    void clientAcceptsServerNotOnCrl() throws Exception {
        KeyMaterial someoneElse = CertificateBuilder.server("CN=old.tinynet.edu").issuedBy(f.ca).build();
        Path crl = new CrlMaker(f.ca).revoke(someoneElse).writePem(dir.resolve("crl.pem"));
        assertSucceeded(run(client(crl).client(), f.serverSettings().server()));
    }

    @Test
    void clientRejectsRevokedServer() throws Exception {
        Path crl = new CrlMaker(f.ca).revoke(f.server).writePem(dir.resolve("crl.pem"));
        EnginePair p = run(client(crl).client(), f.serverSettings().server());
        PeerVerificationException e = refusal(p.clientError);
        assertEquals(Reason.REVOKED, e.reason());
        String serial = f.server.certificate().getSerialNumber().toString(16).toUpperCase();
        assertTrue(e.getMessage().startsWith("certificate verify failed: certificate revoked (serial " + serial
                + ", CN=ldap.tinynet.edu, revoked on "), e.getMessage());
        assertTrue(e.getMessage().endsWith(", reason keyCompromise; CRLfile " + crl + ")"), e.getMessage());
    }

    @Test
    void serverRejectsRevokedClient() throws Exception {
        Path crl = new CrlMaker(f.ca).revoke(f.client).writeDer(dir.resolve("crl.der"));
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.caFile;
        s.crlFile = crl;
        s.verifyChain = true;
        s.requireCert = true;
        Fixture.Tls c = f.clientSettings();
        c.cert = f.clientPem;
        assertEquals(Reason.REVOKED, refusal(run(c.client(), s.server()).serverError).reason());
    }

    @Test
    void clientRejectsServerWhenCrlFromItsIssuerIsMissing() throws Exception {
        KeyMaterial otherCa = CertificateBuilder.ca("CN=OtherCA").build();
        Path crl = new CrlMaker(otherCa).writePem(dir.resolve("crl.pem"));
        PeerVerificationException e = refusal(run(client(crl).client(), f.serverSettings().server()).clientError);
        assertEquals(Reason.CRL_MISSING, e.reason());
        assertEquals("certificate verify failed: unable to get certificate CRL (CRLfile " + crl + " has no CRL from "
                + "CN=TinyNetCA,O=tinynet.edu, the issuer of CN=ldap.tinynet.edu)", e.getMessage());
    }

    @Test
    void clientRejectsServerWhenCrlHasExpired() throws Exception {
        Instant next = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Path crl = new CrlMaker(f.ca).window(next.minus(7, ChronoUnit.DAYS), next).writePem(dir.resolve("crl.pem"));
        List<String> warnings = new ArrayList<>();
        ServiceTls client = client(crl).client(warnings);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("CRLfile = " + crl + ": the CRL from CN=TinyNetCA")
                && w.contains("expired")), warnings.toString());
        PeerVerificationException e = refusal(run(client, f.serverSettings().server()).clientError);
        assertEquals("certificate verify failed: CRL has expired (the CRL from CN=TinyNetCA,O=tinynet.edu in CRLfile "
                + crl + " had nextUpdate " + CertificateText.date(next) + ")", e.getMessage());
    }

    @Test
    void clientRejectsServerWhenCrlIsNotSignedByTheIssuer() throws Exception {
        KeyMaterial forger = CertificateBuilder.ca("CN=Forger").build();
        Path crl = new CrlMaker(f.ca).signedBy(forger).writePem(dir.resolve("crl.pem"));
        assertEquals(Reason.CRL_INVALID, refusal(run(client(crl).client(), f.serverSettings().server()).clientError).reason());
    }

    @Test
    void revokedIntermediateIsRefused() throws Exception {
        KeyMaterial sub = CertificateBuilder.ca("CN=TinyNet Issuing CA").issuedBy(f.ca).build();
        KeyMaterial leaf = CertificateBuilder.server("CN=" + Fixture.HOST).dns(Fixture.HOST).issuedBy(sub).build();
        Fixture.Tls s = f.serverSettings();
        s.cert = f.write("leaf.pem", leaf);
        Path rootCrl = new CrlMaker(f.ca).revoke(sub).writePem(dir.resolve("root.crl"));
        Path subCrl = new CrlMaker(sub).writePem(dir.resolve("sub.crl"));
        Path both = dir.resolve("both.pem");
        java.nio.file.Files.writeString(both, java.nio.file.Files.readString(rootCrl) + java.nio.file.Files.readString(subCrl));
        PeerVerificationException e = refusal(run(client(both).client(), s.server()).clientError);
        assertEquals(Reason.REVOKED, e.reason());
        assertTrue(e.getMessage().contains("CN=TinyNet Issuing CA"), e.getMessage());
    }
}
