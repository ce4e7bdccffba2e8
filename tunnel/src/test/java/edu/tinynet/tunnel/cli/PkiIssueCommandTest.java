package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.testing.OpenSsl;
import edu.tinynet.tunnel.testing.TunnelCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tunnel pki ca} and {@code issue}: what they write is what OpenSSL expects. */
class PkiIssueCommandTest {

    @TempDir
    Path dir;

    Path ca;

    @BeforeEach
    void makeCa() {
        ca = dir.resolve("ca.pem");
        TunnelCli.Result r = TunnelCli.run("pki", "ca", "--subject", "CN=TinyNetCA,O=tinynet.edu", "--cert", ca.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("CA CN=TinyNetCA,O=tinynet.edu (EC P-256)"), r.out());
    }

    private TunnelCli.Result run(String... args) {
        return TunnelCli.run(args);
    }

    @Test
    void caWritesCertificatePublicAndKeyPrivate() throws Exception {
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(ca)));
        Path key = dir.resolve("ca-key.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String text = OpenSsl.x509Text(ca);
        assertTrue(text.matches("(?s).*X509v3 Basic Constraints: critical\\s+CA:TRUE.*"), text);
        assertTrue(text.contains("Certificate Sign, CRL Sign"), text);
        OpenSsl.run("pkey", "-in", key.toString(), "-noout").assertOk();
    }

    @Test
    void serverCertificateCarriesSansAndServerAuth() {
        Path out = dir.resolve("ldap/Site_Cert.pem");
        TunnelCli.Result r = run("pki", "issue", "--ca", ca.toString(), "--subject", "CN=ldap.tinynet.edu,O=tinynet.edu",
                "--san", "DNS:ldap.tinynet.edu,IP:127.0.0.1", "--san", "email:admin@tinynet.edu", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        String text = OpenSsl.x509Text(out);
        assertTrue(text.contains("DNS:ldap.tinynet.edu, IP Address:127.0.0.1, email:admin@tinynet.edu"), text);
        assertTrue(text.contains("TLS Web Server Authentication"), text);
        OpenSsl.verify(ca, out, "-verify_hostname", "ldap.tinynet.edu", "-verify_email", "admin@tinynet.edu").assertOk();
        assertTrue(r.out().contains("wrote " + out + " (0600)"), r.out());
    }

    @Test
    void clientCertificateWithSeparateFiles() throws Exception {
        Path cert = dir.resolve("client.crt");
        Path key = dir.resolve("client.key");
        TunnelCli.Result r = run("pki", "issue", "--ca", ca.toString(), "--client", "--subject", "CN=webserver client",
                "--cert", cert.toString(), "--key", key.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String text = OpenSsl.x509Text(cert);
        assertTrue(text.contains("TLS Web Client Authentication") && !text.contains("Server Authentication"), text);
        OpenSsl.verify(ca, cert, "-purpose", "sslclient").assertOk();
        KeyMaterial m = Pem.readKeyMaterial(cert, key, null, false);
        assertTrue(m.keyMatchesCertificate());
    }

    @Test
    void serverWithoutSanGetsItsCnAsSan() {
        Path out = dir.resolve("mail.pem");
        TunnelCli.Result r = run("pki", "issue", "--ca", ca.toString(), "--subject", "CN=mail.tinynet.edu", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("note: no --san given: added DNS:mail.tinynet.edu from the CN"), r.out());
        OpenSsl.verify(ca, out, "-verify_hostname", "mail.tinynet.edu").assertOk();
    }

    @Test
    void explicitPastWindowMakesAnExpiredCertificate() throws Exception {
        Path out = dir.resolve("old.pem");
        TunnelCli.Result r = run("pki", "issue", "--ca", ca.toString(), "--san", "DNS:old.tinynet.edu",
                "--not-before", "2020-01-01", "--not-after", "2021-01-01T00:00:00Z", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        X509Certificate c = Pem.readCertificates(out).get(0);
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), c.getNotBefore().toInstant());
        assertEquals(Instant.parse("2021-01-01T00:00:00Z"), c.getNotAfter().toInstant());
        OpenSsl.Result v = OpenSsl.verify(ca, out);
        v.assertFailed();
        assertTrue(v.output().contains("certificate has expired"), v.output());
    }

    @Test
    void daysSetsTheValidity() throws Exception {
        Path out = dir.resolve("short.pem");
        assertEquals(0, run("pki", "issue", "--ca", ca.toString(), "--san", "DNS:s.test", "--days", "7",
                "--out", out.toString()).exitCode());
        X509Certificate c = Pem.readCertificates(out).get(0);
        long days = java.time.Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()).toDays();
        assertEquals(7, days);
    }

    @Test
    void combinedCaFileAndEncryptedCaKeyWork() throws Exception {
        Path combinedCa = dir.resolve("ca-combined.pem");
        TunnelCli.Result made = run("pki", "ca", "--subject", "CN=Second CA", "--out", combinedCa.toString(),
                "--key-password", "pass:ca secret");
        assertEquals(0, made.exitCode(), made.toString());
        Path out = dir.resolve("x.pem");
        TunnelCli.Result r = run("pki", "issue", "--ca", combinedCa.toString(), "--ca-password", "pass:ca secret",
                "--san", "DNS:x.test", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        OpenSsl.verify(combinedCa, out, "-verify_hostname", "x.test").assertOk();
    }

    @Test
    void keyTypeAndPasswordFromEnvironmentAndFile() throws Exception {
        Path pwFile = dir.resolve("pw.txt");
        Files.writeString(pwFile, "from a file\nignored second line\n");
        Path cert = dir.resolve("rsa.crt");
        Path key = dir.resolve("rsa.key");
        TunnelCli.Result r = run("pki", "issue", "--ca", ca.toString(), "--san", "DNS:rsa.test", "--key-type", "rsa3072",
                "--cert", cert.toString(), "--key", key.toString(), "--key-password", "file:" + pwFile);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.readString(key).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        OpenSsl.run("pkey", "-in", key.toString(), "-passin", "pass:from a file", "-noout").assertOk();
        assertEquals("RSA 3072", edu.tinynet.tunnel.pki.KeyType.describe(Pem.readCertificates(cert).get(0).getPublicKey()));
        assertTrue(Certificates.matchesHost(Pem.readCertificates(cert).get(0), "rsa.test"));
    }
}
