package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.TlsVersion;
import edu.tinynet.tunnel.pki.Pem;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every unusable setting fails up front with a message naming the service, option and file. */
class ConfigErrorsTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    private static String failure(Executable create) {
        return assertThrows(TlsConfigException.class, create).getMessage();
    }

    @Test
    void missingCertFileIsNamed() {
        Fixture.Tls s = f.serverSettings();
        s.cert = dir.resolve("Site_Cert.pem");
        assertEquals("Service [srv]: cert = " + s.cert + ": no such file", failure(s::server));
    }

    @Test
    void certFileWithoutCertificateIsNamed() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.cert = dir.resolve("key-only.pem");
        Pem.writePrivateKey(s.cert, f.server.privateKey(), null, false);
        assertEquals("Service [srv]: cert = " + s.cert + ": no certificate found (expected -----BEGIN CERTIFICATE-----)",
                failure(s::server));
    }

    @Test
    void caFileWithoutCertificateIsNamed() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.caFile = dir.resolve("ca.txt");
        Files.writeString(c.caFile, "this is not PEM\n");
        assertEquals("Service [cli]: CAfile = " + c.caFile + ": not a PEM file (no -----BEGIN line)",
                failure(c::client));
    }

    @Test
    void missingCaFileIsNamed() {
        Fixture.Tls c = f.clientSettings();
        c.caFile = dir.resolve("nope.pem");
        assertEquals("Service [cli]: CAfile = " + c.caFile + ": no such file", failure(c::client));
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        Fixture.Tls s = f.serverSettings();
        s.key = f.clientPem;
        assertEquals("Service [srv]: key = " + f.clientPem + ": the private key does not belong to the certificate "
                + "CN=ldap.tinynet.edu in " + f.serverPem, failure(s::server));
    }

    @Test
    void chainInWrongOrderIsExplained() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.cert = dir.resolve("reversed.pem");
        Pem.writePrivateKey(s.cert, f.server.privateKey(), null, false);
        Files.writeString(s.cert, Files.readString(s.cert) + Pem.certificates(List.of(f.ca.certificate(),
                f.server.certificate())));
        assertEquals("Service [srv]: cert = " + s.cert + ": the private key does not belong to the certificate "
                + "CN=TinyNetCA,O=tinynet.edu in " + s.cert + "; it belongs to CN=ldap.tinynet.edu, certificate 2 in the "
                + "file: put the server's own certificate first, then its CA chain", failure(s::server));
    }

    @Test
    void groupReadableKeyFileIsRefused() throws Exception {
        Files.setPosixFilePermissions(f.serverPem, PosixFilePermissions.fromString("rw-r--r--"));
        Fixture.Tls s = f.serverSettings();
        assertEquals("Service [srv]: cert = " + f.serverPem + ": insecure file permissions: mode 0644 lets other "
                + "accounts read the private key; it must be accessible only by its owner. Fix: chmod 600 " + f.serverPem,
                failure(s::server));
    }

    @Test
    void groupReadableKeyFileIsAcceptedWithWarningWhenAllowed() throws Exception {
        Files.setPosixFilePermissions(f.serverPem, PosixFilePermissions.fromString("rw-r-----"));
        List<String> warnings = new ArrayList<>();
        ServiceTls.create(Fixture.service("srv", false, f.serverSettings().build()), true, warnings::add);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("cert = " + f.serverPem + ": Insecure file permissions")
                && w.contains("explicitly allowed")), warnings.toString());
    }

    @Test
    void encryptedKeyIsRefusedWithTheCommandToDecryptIt() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.cert = f.writeCerts("chain.pem", f.server);
        s.key = dir.resolve("key.pem");
        // encrypted by OpenSSL (pki's own encryption needs the BC provider registered)
        Process p = new ProcessBuilder("openssl", "pkey", "-in", f.serverPem.toString(), "-aes256", "-passout",
                "pass:secret", "-out", s.key.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(s.key, PosixFilePermissions.fromString("rw-------"));
        assertEquals("Service [srv]: key = " + s.key + ": the private key is encrypted; a service cannot ask for its "
                + "pass phrase. Decrypt it: openssl pkey -in " + s.key + " -out KEY.pem (and keep KEY.pem mode 600)",
                failure(s::server));
    }

    @Test
    void serverWithoutCertIsRefused() {
        assertEquals("Service [srv]: cert: required in server mode (client = no): set cert = FILE with the private key "
                + "and certificate chain (PEM or PKCS#12)", failure(new Fixture.Tls()::server));
    }

    @Test
    void verificationWithoutTrustedCertificatesIsRefused() {
        Fixture.Tls c = new Fixture.Tls();
        c.verifyChain = true;
        assertEquals("Service [cli]: verifyChain = yes: needs CAfile or CApath with the certificates to verify the "
                + "peer's chain against", failure(c::client));
    }

    @Test
    void checkIpMustBeAnAddress() {
        Fixture.Tls c = f.clientSettings();
        c.checkIp = List.of("ldap.tinynet.edu");
        TlsConfigException e = assertThrows(TlsConfigException.class, c::client);
        assertEquals("checkIP", e.option());
        assertEquals("Service [cli]: checkIP = ldap.tinynet.edu: not an IP address literal", e.getMessage());
    }

    @Test
    void unknownCurveIsNamed() {
        Fixture.Tls c = f.clientSettings();
        c.curves = List.of("brainpoolP256r1");
        assertTrue(failure(c::client).startsWith("Service [cli]: curves = brainpoolP256r1: unknown group; Java 17 knows "
                + "x25519, secp256r1"));
    }

    @Test
    void sniMustNotBeAnIpAddress() {
        Fixture.Tls c = f.clientSettings();
        c.sni = "10.0.0.1";
        assertEquals("Service [cli]: sni = 10.0.0.1: an IP address cannot be sent as a server name (RFC 6066); use "
                + "sni = (empty) to send none", failure(c::client));
    }

    @Test
    void unsupportedCipherSuitesAreNamed() {
        Fixture.Tls c = f.clientSettings();
        c.ciphers = "FOO";
        c.cipherSuites = List.of("TLS_FOO_WITH_BAR");
        assertEquals("Service [cli]: ciphers = TLS_FOO_WITH_BAR: this JVM supports none of these cipher suites",
                failure(c::client));
    }

    @Test
    void tls13SuiteInCiphersIsRefused() {
        Fixture.Tls c = f.clientSettings();
        c.cipherSuites = List.of("TLS_AES_128_GCM_SHA256");
        assertEquals("Service [cli]: ciphers = TLS_AES_128_GCM_SHA256: TLS_AES_128_GCM_SHA256 is a TLS 1.3 suite "
                + "(those go in ciphersuites)", failure(c::client));
    }

    @Test
    void minimumAboveMaximumIsRefused() {
        Fixture.Tls c = f.clientSettings();
        c.min = TlsVersion.TLSv1_3;
        c.max = TlsVersion.TLSv1_2;
        assertEquals("Service [cli]: sslVersionMin = TLSv1.3: above sslVersionMax = TLSv1.2; no protocol version left",
                failure(c::client));
    }

    @Test
    void garbageCrlFileIsNamed() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.crlFile = dir.resolve("crl.der");
        Files.write(c.crlFile, new byte[] {1, 2, 3});
        assertTrue(failure(c::client).startsWith("Service [cli]: CRLfile = " + c.crlFile + ": neither PEM nor a DER CRL"));
    }

    @Test
    void pemCrlFileWithoutCrlIsNamed() {
        Fixture.Tls c = f.clientSettings();
        c.crlFile = f.caFile;
        assertEquals("Service [cli]: CRLfile = " + f.caFile + ": no CRL found (expected -----BEGIN X509 CRL----- or a DER CRL)",
                failure(c::client));
    }

    @Test
    void pkcs12WithEmptyPasswordIsUsed() throws Exception {
        Path p12 = dir.resolve("server.p12");
        KeyStore ks = f.server.toKeyStore("server", new char[0]);
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, new char[0]);
        }
        Files.setPosixFilePermissions(p12, PosixFilePermissions.fromString("rw-------"));
        Fixture.Tls s = new Fixture.Tls();
        s.cert = p12;
        ServiceTls server = s.server();
        assertEquals(f.server.chain(), server.identity().chain());
        assertSucceeded(run(f.clientSettings().client(), server));
    }

    @Test
    void pkcs12WithPasswordIsRefusedWithTheFix() throws Exception {
        Path p12 = dir.resolve("server.pfx");
        KeyStore ks = f.server.toKeyStore("server", "changeit".toCharArray());
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, "changeit".toCharArray());
        }
        Files.setPosixFilePermissions(p12, PosixFilePermissions.fromString("rw-------"));
        Fixture.Tls s = new Fixture.Tls();
        s.cert = p12;
        String m = failure(s::server);
        assertTrue(m.startsWith("Service [srv]: cert = " + p12 + ": the "), m);
        assertTrue(m.contains("password-protected; stunnel has no option for a PKCS#12 password. Re-export it without one"), m);
    }

    @Test
    void keyOptionWithPkcs12IsRefused() throws Exception {
        Path p12 = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            f.server.toKeyStore("server", new char[0]).store(out, new char[0]);
        }
        Fixture.Tls s = new Fixture.Tls();
        s.cert = p12;
        s.key = f.serverPem;
        assertEquals("Service [srv]: key = " + f.serverPem + ": not used with a PKCS#12 certificate (cert = " + p12
                + " holds the key itself); remove the key option", failure(s::server));
    }

    @Test
    void derCertificateAsCertIsExplained() throws Exception {
        Fixture.Tls s = new Fixture.Tls();
        s.cert = dir.resolve("server.der");
        Files.write(s.cert, f.server.certificate().getEncoded());
        Files.setPosixFilePermissions(s.cert, PosixFilePermissions.fromString("rw-------"));
        assertTrue(failure(s::server).startsWith("Service [srv]: cert = " + s.cert
                + ": neither PEM (key and certificate chain) nor a readable PKCS#12 file ("));
    }

    @Test
    void messageWithoutServicePrefixIsAvailable() {
        Fixture.Tls s = f.serverSettings();
        s.cert = dir.resolve("x.pem");
        TlsConfigException e = assertThrows(TlsConfigException.class, s::server);
        assertEquals("srv", e.service());
        assertEquals("cert", e.option());
        assertEquals("cert = " + s.cert + ": no such file", e.detail());
        assertEquals(1, e.errors().size());
        assertEquals(new String(e.getMessage().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                e.errors().get(0).format());
    }
}
