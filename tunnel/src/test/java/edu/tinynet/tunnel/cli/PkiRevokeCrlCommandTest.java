package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.Crls;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.testing.OpenSsl;
import edu.tinynet.tunnel.testing.TestPki;
import edu.tinynet.tunnel.testing.TunnelCli;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tunnel pki revoke} and {@code crl}: the CRL file is the state, and OpenSSL honours it. */
class PkiRevokeCrlCommandTest {

    @TempDir
    Path dir;

    TestPki pki;
    Path crl;

    @BeforeEach
    void pki() {
        pki = TestPki.create(dir);
        crl = dir.resolve("ca.crl"); // the default: the CA file's name with .crl
    }

    private TunnelCli.Result ok(String... args) {
        TunnelCli.Result r = TunnelCli.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        return r;
    }

    @Test
    void crlCreatesAnEmptySignedCrlThatOpensslAccepts() throws Exception {
        TunnelCli.Result r = ok("pki", "crl", "--ca", pki.caFile().toString(), "--days", "7");
        assertTrue(r.out().contains("wrote " + crl + " (0644): CRL #1 from CN=Test CA,O=tinynet.edu, 0 revoked"), r.out());
        OpenSsl.Result check = OpenSsl.run("crl", "-in", crl.toString(), "-CAfile", pki.caFile().toString(), "-noout");
        check.assertOk();
        assertTrue(check.output().contains("verify OK"), check.output());
        X509CRL c = Pem.readCrl(crl);
        assertEquals(7, java.time.Duration.between(c.getThisUpdate().toInstant(), c.getNextUpdate().toInstant()).toDays());
    }

    @Test
    void revokedCertificateIsRejectedByOpensslCrlCheck() {
        ok("pki", "revoke", "--ca", pki.caFile().toString(), "--cert", pki.clientFile().toString(), "--reason", "keyCompromise");
        OpenSsl.Result rejected = OpenSsl.verify(pki.caFile(), pki.clientFile(), "-crl_check", "-CRLfile", crl.toString());
        rejected.assertFailed();
        assertTrue(rejected.output().contains("certificate revoked"), rejected.output());
        OpenSsl.verify(pki.caFile(), pki.serverFile(), "-crl_check", "-CRLfile", crl.toString()).assertOk();
        String text = OpenSsl.run("crl", "-in", crl.toString(), "-noout", "-text").assertOk().stdout();
        assertTrue(text.contains("Key Compromise"), text);
    }

    @Test
    void revokeBySerialKeepsEarlierEntriesAndBumpsTheNumber() throws Exception {
        ok("pki", "revoke", "--ca", pki.caFile().toString(), "--cert", pki.clientFile().toString());
        String serial = Certificates.serialHex(pki.server().certificate().getSerialNumber());
        TunnelCli.Result r = ok("pki", "revoke", "--ca", pki.caFile().toString(), "--serial", serial);
        assertTrue(r.out().contains("revoked serial " + serial), r.out());
        assertTrue(r.out().contains("CRL #2") && r.out().contains("2 revoked"), r.out());
        X509CRL c = Pem.readCrl(crl);
        assertEquals(BigInteger.TWO, Crls.number(c));
        assertEquals(2, Crls.entries(c).size());
        // crl refreshes: entries stay, number grows
        ok("pki", "crl", "--ca", pki.caFile().toString());
        assertEquals(BigInteger.valueOf(3), Crls.number(Pem.readCrl(crl)));
        assertEquals(2, Crls.entries(Pem.readCrl(crl)).size());
    }

    @Test
    void revokingTwiceChangesNothing() throws Exception {
        ok("pki", "revoke", "--ca", pki.caFile().toString(), "--cert", pki.clientFile().toString());
        String before = Files.readString(crl);
        TunnelCli.Result r = ok("pki", "revoke", "--ca", pki.caFile().toString(), "--cert", pki.clientFile().toString());
        assertTrue(r.out().contains("already revoked") && r.out().contains("left unchanged"), r.out());
        assertEquals(before, Files.readString(crl));
    }

    @Test
    void certificateOfAnotherCaIsRefusedAndTheCrlIsUntouched() throws Exception {
        ok("pki", "crl", "--ca", pki.caFile().toString());
        String before = Files.readString(crl);
        TestPki other = TestPki.create(dir.resolve("other"), pki.keyType(), "CN=Other CA");
        TunnelCli.Result r = TunnelCli.run("pki", "revoke", "--ca", pki.caFile().toString(),
                "--cert", other.serverFile().toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains(other.serverFile() + ": CN=localhost was not issued by the CA CN=Test CA"), r.err());
        assertEquals(before, Files.readString(crl));
    }

    @Test
    void crlOfAnotherCaIsRefused() {
        TestPki other = TestPki.create(dir.resolve("other"), pki.keyType(), "CN=Test CA,O=tinynet.edu");
        Path foreign = other.revoke(other.client("x"));
        TunnelCli.Result r = TunnelCli.run("pki", "crl", "--ca", pki.caFile().toString(), "--crl", foreign.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains(foreign + ": the CRL's signature does not verify with the key of CA"), r.err());
    }
}
