package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.TestPki;
import edu.tinynet.tunnel.testing.TunnelCli;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tunnel pki verify} says exactly which check failed, and exits non-zero when one did. */
class PkiVerifyCommandTest {

    @TempDir
    Path dir;

    TestPki pki;
    TestPki.Issued www;

    @BeforeEach
    void pki() {
        pki = TestPki.create(dir.resolve("pki"));
        www = pki.issue("www", pki.serverBuilder("www.tinynet.edu").ip("192.168.56.252"));
    }

    private TunnelCli.Result verify(Path cert, String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "pki";
        args[1] = "verify";
        args[2] = "--ca-file";
        args[3] = pki.caFile().toString();
        System.arraycopy(options, 0, args, 4, options.length);
        args[args.length - 1] = cert.toString();
        return TunnelCli.run(args);
    }

    private static String onlyError(TunnelCli.Result r) {
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        return r.errLines().get(0);
    }

    @Test
    void validCertificateForItsHostAndIpIsOk() {
        TunnelCli.Result r = verify(www.file(), "--host", "www.tinynet.edu", "--ip", "192.168.56.252", "--purpose", "server");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith(www.file() + ": OK"), r.out());
        assertTrue(r.out().contains("chain: CN=www.tinynet.edu <- CN=Test CA,O=tinynet.edu (trusted)"), r.out());
        assertTrue(r.out().contains("host: www.tinynet.edu matches"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void expiredCertificateFailsWithItsDates() {
        TestPki.Issued old = pki.expiredServer("old.tinynet.edu");
        String e = onlyError(verify(old.file(), "--host", "old.tinynet.edu"));
        assertTrue(e.startsWith("tunnel pki verify: " + old.file() + ": certificate CN=old.tinynet.edu has EXPIRED: notAfter "), e);
        assertTrue(e.contains("(365 days ago)") && e.contains("valid from "), e);
    }

    @Test
    void notYetValidCertificateFails() {
        TestPki.Issued early = pki.notYetValidServer("early.tinynet.edu");
        String e = onlyError(verify(early.file()));
        assertTrue(e.contains("certificate CN=early.tinynet.edu is NOT YET VALID: notBefore "), e);
    }

    @Test
    void wrongHostFailsListingTheSans() {
        String e = onlyError(verify(www.file(), "--host", "ldap.tinynet.edu"));
        assertTrue(e.contains("host name mismatch: ldap.tinynet.edu is not among the names in CN=www.tinynet.edu: "
                + "DNS:www.tinynet.edu, IP:192.168.56.252"), e);
    }

    @Test
    void wrongIpFails() {
        String e = onlyError(verify(www.file(), "--ip", "10.0.0.1"));
        assertTrue(e.contains("IP address mismatch: 10.0.0.1"), e);
    }

    @Test
    void certificateOfAnotherCaIsUntrusted() {
        TestPki other = TestPki.create(dir.resolve("other"), pki.keyType(), "CN=Other CA");
        String e = onlyError(verify(other.serverFile()));
        assertTrue(e.contains("untrusted issuer: CN=localhost chains up to CN=Other CA, and CN=Other CA is self-signed"
                + " and not in the CA file (trusted: CN=Test CA,O=tinynet.edu)"), e);
        // with the leaf alone, the issuer is named
        String leafOnly = onlyError(verify(writeLeaf(other)));
        assertTrue(leafOnly.contains("untrusted issuer: CN=localhost is issued by CN=Other CA, which is not in the CA file"),
                leafOnly);
    }

    private static Path writeLeaf(TestPki other) {
        Path f = other.dir().resolve("leaf.pem");
        try {
            edu.tinynet.tunnel.pki.Pem.writeCertificates(f, java.util.List.of(other.server().certificate()), true);
        } catch (edu.tinynet.tunnel.pki.PkiException e) {
            throw new IllegalStateException(e);
        }
        return f;
    }

    @Test
    void revokedCertificateFailsWhenTheCrlIsGiven() {
        Path crl = pki.revoke(www);
        String e = onlyError(verify(www.file(), "--crl", crl.toString()));
        assertTrue(e.contains("certificate CN=www.tinynet.edu (serial ") && e.contains("is REVOKED since "), e);
        assertTrue(e.contains("reason: keyCompromise"), e);
        // others of the same CA are fine with the same CRL
        TunnelCli.Result ok = verify(pki.serverFile(), "--crl", crl.toString());
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().contains("not revoked per CRL #1"), ok.out());
    }

    @Test
    void clientCertificateIsNotAServer() {
        String e = onlyError(verify(pki.clientFile(), "--purpose", "server"));
        assertTrue(e.contains("is not for TLS server use (serverAuth): its extended key usage is clientAuth"), e);
    }

    @Test
    void severalFailuresAreAllListed() {
        TestPki.Issued old = pki.expiredServer("old.tinynet.edu");
        TunnelCli.Result r = verify(old.file(), "--host", "www.tinynet.edu");
        assertEquals(1, r.exitCode());
        assertEquals(2, r.errLines().size(), r.toString());
        assertTrue(r.out().startsWith(old.file() + ": FAILED"), r.out());
    }

    @Test
    void atChecksAnotherMoment() {
        String when = Instant.now().plusSeconds(86400L * 3000).toString();
        String e = onlyError(verify(www.file(), "--at", when));
        assertTrue(e.contains("has EXPIRED"), e);
    }
}
