package edu.tinynet.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The effective settings as {@code tunnel check} prints them. */
class DescribeTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + lines));
    }

    @Test
    void serverDescriptionShowsCertificateProtocolsAndClientAuth() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.caFile = f.caFile;
        s.verifyChain = true;
        s.requireCert = true;
        List<String> d = s.server().describe();
        assertEquals("mode: server (TLS in, plaintext out)", d.get(0));
        assertEquals("protocols: TLSv1.2, TLSv1.3", line(d, "protocols:"));
        assertEquals("TLS 1.3 cipher suites: TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256 "
                + "(default)", line(d, "TLS 1.3 cipher suites:"));
        assertTrue(line(d, "TLS 1.2 cipher suites:").endsWith("(default: ECDHE + AEAD only)"));
        String cert = line(d, "certificate:");
        assertTrue(cert.startsWith("certificate: CN=ldap.tinynet.edu, EC P-256, issued by CN=TinyNetCA,O=tinynet.edu, valid until "),
                cert);
        assertTrue(cert.contains("DNS:ldap.tinynet.edu, DNS:localhost, IP:127.0.0.1, chain of 2 from " + f.serverPem), cert);
        assertEquals("verification: verifyChain (chain to CAfile " + f.caFile + ")", line(d, "verification:"));
        assertEquals("trusted: 1 certificate(s) from CAfile " + f.caFile, line(d, "trusted:"));
        assertEquals("client certificate: required", line(d, "client certificate:"));
        assertEquals("session cache: 1000 sessions, timeout 300 s", line(d, "session cache:"));
        assertEquals("renegotiation: refused (renegotiation = no)", line(d, "renegotiation:"));
        assertEquals("key exchange groups: x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048, ffdhe3072, ffdhe4096, "
                + "ffdhe6144, ffdhe8192 (JVM default)", line(d, "key exchange groups:"));
    }

    @Test
    void clientWithoutVerificationSaysSo() throws Exception {
        List<String> d = new Fixture.Tls().client().describe();
        assertEquals("verification: none: any server certificate is accepted (open to man-in-the-middle)",
                line(d, "verification:"));
        assertEquals("certificate: none (no client certificate is presented)", line(d, "certificate:"));
        assertEquals("SNI: the connect host when it is a DNS name, none for IP addresses", line(d, "SNI:"));
    }

    @Test
    void clientDescriptionListsChecksGroupsAndCrl() throws Exception {
        Fixture.Tls c = f.clientSettings();
        c.checkHost = List.of("ldap.tinynet.edu");
        c.checkIp = List.of("127.0.0.1");
        c.curves = List.of("secp384r1", "X25519");
        c.crlFile = new CrlMaker(f.ca).revoke(f.client).writePem(dir.resolve("crl.pem"));
        c.sni = "";
        List<String> d = c.client().describe();
        assertEquals("verification: verifyChain (chain to CAfile " + f.caFile + "); checkHost ldap.tinynet.edu or checkIP "
                + "127.0.0.1; revocation from CRLfile " + c.crlFile, line(d, "verification:"));
        assertEquals("trusted: 1 certificate(s) from CAfile " + f.caFile + "; 1 CRL(s) listing 1 revoked certificate(s) "
                + "from CRLfile " + c.crlFile, line(d, "trusted:"));
        assertEquals("key exchange groups: x25519, secp384r1 (curves; in the JVM's preference order)",
                line(d, "key exchange groups:"));
        assertEquals("SNI: none (sni is empty)", line(d, "SNI:"));
    }

    @Test
    void refusedLegacyProtocolsAreShown() throws Exception {
        Fixture.Tls s = f.serverSettings();
        s.min = edu.tinynet.tunnel.config.TlsVersion.TLSv1_1;
        assertEquals("protocols: TLSv1.2, TLSv1.3 (TLSv1.1 configured but disabled by the JVM's jdk.tls.disabledAlgorithms)",
                line(s.server().describe(), "protocols:"));
    }
}
