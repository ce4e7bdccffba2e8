package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CA, server and client profiles, as {@code openssl x509 -text} and {@code openssl verify} see them. */
class CertificateProfilesTest {

    @TempDir
    Path dir;

    private Path write(String name, String pem) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, pem, StandardCharsets.US_ASCII);
        return f;
    }

    @Test
    void caIsCriticalCaTrueWithCertSignAndCrlSign() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
        String text = OpenSsl.x509Text(write("ca.pem", Pem.certificates(ca.chain())));
        assertTrue(text.matches("(?s).*X509v3 Basic Constraints: critical\\s+CA:TRUE.*"), text);
        assertTrue(text.matches("(?s).*X509v3 Key Usage: critical\\s+[^\\n]*Certificate Sign, CRL Sign.*"), text);
        assertTrue(text.contains("X509v3 Subject Key Identifier"), text);
        assertTrue(text.contains("X509v3 Authority Key Identifier"), text);
        // RFC 4514 order: the DN prints back as written, and openssl shows the encoding order
        assertTrue(text.contains("Subject: O=tinynet.edu, CN=TinyNetCA"), text);
        assertEquals("CN=TinyNetCA,O=tinynet.edu", ca.certificate().getSubjectX500Principal().getName());
        assertEquals("CN=TinyNetCA,O=tinynet.edu", Certificates.subject(ca.certificate()));
    }

    @Test
    void serverHasSansOfEveryKindAndServerAuth() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
        KeyMaterial www = CertificateBuilder.server("CN=www.tinynet.edu")
                .dns("www.tinynet.edu").ip("192.168.56.252", "127.0.0.1").email("webmaster@tinynet.edu")
                .issuedBy(ca).build();
        String text = OpenSsl.x509Text(write("www.pem", Pem.certificates(www.chain())));
        assertTrue(text.contains("DNS:www.tinynet.edu, IP Address:192.168.56.252, IP Address:127.0.0.1, "
                + "email:webmaster@tinynet.edu"), text);
        assertTrue(text.contains("TLS Web Server Authentication"), text);
        assertFalse(text.contains("TLS Web Client Authentication"), text);
        assertTrue(text.matches("(?s).*X509v3 Basic Constraints: critical\\s+CA:FALSE.*"), text);
    }

    @Test
    void clientHasClientAuthOnly() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
        KeyMaterial client = CertificateBuilder.client("CN=webserver client").issuedBy(ca).build();
        String text = OpenSsl.x509Text(write("client.pem", Pem.certificates(client.chain())));
        assertTrue(text.contains("TLS Web Client Authentication"), text);
        assertFalse(text.contains("TLS Web Server Authentication"), text);
    }

    @Test
    void serialsAreRandom128BitAndLeafAkiIsCaSki() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        KeyMaterial a = CertificateBuilder.server("CN=a.test").dns("a.test").issuedBy(ca).build();
        KeyMaterial b = CertificateBuilder.server("CN=a.test").dns("a.test").issuedBy(ca).build();
        assertEquals(128, a.certificate().getSerialNumber().bitLength());
        assertEquals(128, b.certificate().getSerialNumber().bitLength());
        assertNotEquals(a.certificate().getSerialNumber(), b.certificate().getSerialNumber());
        String caText = OpenSsl.x509Text(write("ca.pem", Pem.certificates(ca.chain())));
        String leafText = OpenSsl.x509Text(write("a.pem", Pem.certificates(a.chain())));
        String ski = keyIdAfter(caText, "X509v3 Subject Key Identifier:");
        String aki = keyIdAfter(leafText, "X509v3 Authority Key Identifier:");
        assertEquals(ski, aki);
    }

    private static String keyIdAfter(String text, String heading) {
        Matcher m = Pattern.compile(Pattern.quote(heading) + "\\s+(?:keyid:)?([0-9A-F:]+)").matcher(text);
        assertTrue(m.find(), heading + " missing in\n" + text);
        return m.group(1);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void openSslVerifiesEveryKeyType(KeyType type) throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").keyType(type).build();
        KeyMaterial ldap = CertificateBuilder.server("CN=ldap.tinynet.edu").keyType(type)
                .dns("ldap.tinynet.edu").issuedBy(ca).build();
        Path caFile = write("ca.pem", Pem.certificates(ca.chain()));
        Path leaf = write("leaf.pem", Pem.combined(ldap));
        OpenSsl.verify(caFile, leaf, "-verify_hostname", "ldap.tinynet.edu", "-purpose", "sslserver").assertOk();
        String text = OpenSsl.x509Text(leaf);
        String expectedKey = switch (type) {
            case EC_P256 -> "NIST CURVE: P-256";
            case EC_P384 -> "NIST CURVE: P-384";
            case RSA_2048 -> "Public-Key: (2048 bit)";
            case RSA_3072 -> "Public-Key: (3072 bit)";
            case ED25519 -> "ED25519";
        };
        assertTrue(text.contains(expectedKey), text);
    }

    @Test
    void refusesANonCaIssuer() {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        KeyMaterial leaf = CertificateBuilder.server("CN=a.test").dns("a.test").issuedBy(ca).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateBuilder.server("CN=b.test").dns("b.test").issuedBy(leaf).build());
        assertTrue(e.getMessage().contains("CN=a.test is not a CA certificate"), e.getMessage());
    }

    @Test
    void refusesAnIssuerWhoseKeyDoesNotMatchItsCertificate() {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        KeyMaterial other = CertificateBuilder.ca("CN=TinyNetCA").build();
        KeyMaterial mixed = new KeyMaterial(other.privateKey(), ca.chain());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateBuilder.server("CN=b.test").dns("b.test").issuedBy(mixed).build());
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void explicitValidityWindowMayLieInThePast() {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant to = Instant.parse("2021-01-01T00:00:00Z");
        KeyMaterial old = CertificateBuilder.server("CN=old.test").dns("old.test").validity(from, to).issuedBy(ca).build();
        assertEquals(from, old.certificate().getNotBefore().toInstant());
        assertEquals(to, old.certificate().getNotAfter().toInstant());
    }

    @Test
    void malformedSubjectNamesTheDn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateBuilder.parseDn("CN=x,BOGUS=y"));
        assertTrue(e.getMessage().contains("malformed subject \"CN=x,BOGUS=y\""), e.getMessage());
    }
}
