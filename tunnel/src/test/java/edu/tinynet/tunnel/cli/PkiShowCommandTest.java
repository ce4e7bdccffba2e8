package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.Pkcs12;
import edu.tinynet.tunnel.testing.OpenSsl;
import edu.tinynet.tunnel.testing.TestPki;
import edu.tinynet.tunnel.testing.TunnelCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tunnel pki show} prints what a person needs to know about a certificate file. */
class PkiShowCommandTest {

    @TempDir
    Path dir;

    TestPki pki;
    TestPki.Issued www;

    @BeforeEach
    void pki() {
        pki = TestPki.create(dir.resolve("pki"));
        www = pki.issue("www", pki.serverBuilder("www.tinynet.edu").ip("192.168.56.252").email("webmaster@tinynet.edu"));
    }

    @Test
    void showsEveryFieldOfACombinedFile() {
        TunnelCli.Result r = TunnelCli.run("pki", "show", www.file().toString());
        assertEquals(0, r.exitCode(), r.toString());
        String out = r.out();
        String fingerprint = OpenSsl.run("x509", "-in", www.file().toString(), "-noout", "-fingerprint", "-sha256")
                .assertOk().stdout().trim().replaceFirst("^.*=", "");
        for (String expected : new String[] {
            www.file() + ": PEM, 1 private key, 2 certificates",
            "Private key:  EC P-256, matches certificate 1 (CN=www.tinynet.edu)",
            "file mode 0600",
            "Certificate 1 of 2",
            "Subject:     CN=www.tinynet.edu",
            "Issuer:      CN=Test CA,O=tinynet.edu",
            "SANs:        DNS:www.tinynet.edu, IP:192.168.56.252, email:webmaster@tinynet.edu",
            "(824 days left)",
            "Key:         EC P-256",
            "Ext. usage:  serverAuth",
            "CA:          no",
            "SHA-256:     " + fingerprint,
            "Serial:      " + Certificates.serialHex(www.certificate().getSerialNumber()),
            "Certificate 2 of 2",
            "CA:          yes",
            "Key usage:   digitalSignature, keyCertSign, cRLSign"
        }) {
            assertTrue(out.contains(expected), "\"" + expected + "\" not in:\n" + out);
        }
    }

    @Test
    void expiredAndNotYetValidAreSpelledOut() {
        TunnelCli.Result expired = TunnelCli.run("pki", "show", pki.expiredServer("old.test").file().toString());
        assertTrue(expired.out().contains("(EXPIRED 365 days ago)"), expired.out());
        TunnelCli.Result early = TunnelCli.run("pki", "show", pki.notYetValidServer("early.test").file().toString());
        assertTrue(early.out().matches("(?s).*\\(not yet valid \\(starts in (29|30) days\\)\\).*"), early.out());
    }

    @Test
    void showsPkcs12WithPassword() throws Exception {
        Path p12 = dir.resolve("www.p12");
        Pkcs12.write(p12, www.material(), "www", "pw".toCharArray(), false);
        TunnelCli.Result r = TunnelCli.run("pki", "show", "--password", "pw", p12.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains(p12 + ": PKCS#12, 1 private key, 2 certificates"), r.out());
        assertTrue(r.out().contains("matches certificate 1 (CN=www.tinynet.edu)"), r.out());
        TunnelCli.Result noPw = TunnelCli.run("pki", "show", p12.toString());
        assertEquals(1, noPw.exitCode());
        assertEquals(1, noPw.errLines().size(), noPw.toString());
        assertTrue(noPw.err().contains("password-protected and no password was given"), noPw.err());
    }

    @Test
    void keyThatDoesNotMatchFailsTheCommand() throws Exception {
        Path mixed = dir.resolve("mixed.pem");
        Files.writeString(mixed, Pem.privateKey(pki.client().privateKey(), null) + Pem.certificates(www.material().chain()));
        TunnelCli.Result r = TunnelCli.run("pki", "show", mixed.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("does NOT match any certificate in the file"), r.out());
        assertTrue(r.err().contains(mixed + ": the private key does not match certificate 1 (CN=www.tinynet.edu)"), r.err());
    }

    @Test
    void encryptedKeyWithoutPasswordStillShowsTheCertificates() throws Exception {
        Path enc = dir.resolve("enc.pem");
        Files.writeString(enc, Pem.privateKey(www.material().privateKey(), "pw".toCharArray())
                + Pem.certificates(www.material().chain()));
        Files.setPosixFilePermissions(enc, PosixFilePermissions.fromString("rw-------"));
        TunnelCli.Result r = TunnelCli.run("pki", "show", enc.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("1 private key (encrypted), 2 certificates"), r.out());
        assertTrue(r.out().contains("give --password to check"), r.out());
        TunnelCli.Result withPw = TunnelCli.run("pki", "show", "--password", "pass:pw", enc.toString());
        assertTrue(withPw.out().contains("matches certificate 1"), withPw.out());
    }

    @Test
    void insecureKeyFileModeIsFlagged() throws Exception {
        Files.setPosixFilePermissions(www.file(), PosixFilePermissions.fromString("rw-r--r--"));
        TunnelCli.Result r = TunnelCli.run("pki", "show", www.file().toString());
        assertTrue(r.out().contains("WARNING: file mode 0644 lets other accounts read the key; fix: chmod 600 " + www.file()),
                r.out());
    }

    @Test
    void showsCrlEntries() {
        Path crl = pki.revoke(www);
        TunnelCli.Result r = TunnelCli.run("pki", "show", crl.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("CRL 1 of 1") && r.out().contains("Number:      1"), r.out());
        assertTrue(r.out().contains(Certificates.serialHex(www.certificate().getSerialNumber()) + "  since "), r.out());
        assertTrue(r.out().contains("(keyCompromise)"), r.out());
    }
}
