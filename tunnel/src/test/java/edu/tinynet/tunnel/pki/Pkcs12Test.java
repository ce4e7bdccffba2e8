package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PKCS#12 export is readable by OpenSSL 3; files OpenSSL exported import back. */
class Pkcs12Test {

    private static final char[] PW = "p12 secret".toCharArray();

    @TempDir
    Path dir;

    KeyMaterial ca;
    KeyMaterial leaf;

    @BeforeEach
    void pki() {
        ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
        leaf = CertificateBuilder.server("CN=ldap.tinynet.edu").dns("ldap.tinynet.edu").issuedBy(ca).build();
    }

    @Test
    void exportIsReadByOpensslPkcs12InfoWithModernAlgorithms() throws Exception {
        Path p12 = dir.resolve("ldap.p12");
        Pkcs12.write(p12, leaf, "ldap", PW, false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)));
        OpenSsl.Result r = OpenSsl.run("pkcs12", "-info", "-in", p12.toString(), "-passin", "pass:" + new String(PW),
                "-nokeys").assertOk();
        assertTrue(r.output().contains("MAC: sha256"), r.output());
        assertTrue(r.output().contains("PBES2, PBKDF2, AES-256-CBC"), r.output());
        assertTrue(r.output().contains("subject=CN = ldap.tinynet.edu") || r.output().contains("subject=CN=ldap.tinynet.edu"),
                r.output());
        assertTrue(r.output().contains("friendlyName: ldap"), r.output());
        // the key decrypts and matches: openssl extracts it and we compare public keys
        String key = OpenSsl.run("pkcs12", "-in", p12.toString(), "-passin", "pass:" + new String(PW), "-nocerts",
                "-nodes").assertOk().stdout();
        Path keyFile = dir.resolve("extracted.key");
        Files.writeString(keyFile, key);
        assertTrue(KeyPairs.matches(Pem.readPrivateKey(keyFile, null), leaf.certificate().getPublicKey()));
    }

    @Test
    void wrongPasswordIsRejectedByOpenssl() throws Exception {
        Path p12 = dir.resolve("ldap.p12");
        Pkcs12.write(p12, leaf, "ldap", PW, false);
        OpenSsl.run("pkcs12", "-info", "-in", p12.toString(), "-passin", "pass:wrong", "-noout").assertFailed();
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048", "ED25519"})
    void opensslExportImportsWithKeyAndChain(KeyType type) throws Exception {
        KeyMaterial c = CertificateBuilder.ca("CN=TinyNetCA").keyType(type).build();
        KeyMaterial l = CertificateBuilder.server("CN=a.test").dns("a.test").keyType(type).issuedBy(c).build();
        Path key = dir.resolve("a.key");
        Path cert = dir.resolve("a.crt");
        Path caFile = dir.resolve("ca.crt");
        Pem.writePrivateKey(key, l.privateKey(), null, false);
        Pem.writeCertificates(cert, java.util.List.of(l.certificate()), false);
        Pem.writeCertificates(caFile, c.chain(), false);
        Path p12 = dir.resolve("a.p12");
        OpenSsl.run("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-certfile",
                caFile.toString(), "-name", "a", "-out", p12.toString(), "-passout", "pass:" + new String(PW)).assertOk();
        KeyMaterial back = Pkcs12.read(p12, PW);
        assertEquals(l.certificate(), back.certificate());
        assertTrue(back.keyMatchesCertificate());
        assertEquals(l.chain(), back.chain());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void roundTripsEveryKeyType(KeyType type) throws Exception {
        KeyMaterial c = CertificateBuilder.ca("CN=TinyNetCA").keyType(type).build();
        KeyMaterial l = CertificateBuilder.client("CN=client").keyType(type).issuedBy(c).build();
        Path p12 = dir.resolve("c.p12");
        Pkcs12.write(p12, l, "client", PW, false);
        KeyMaterial back = Pkcs12.read(p12, PW);
        assertEquals(l.chain(), back.chain());
        assertTrue(back.keyMatchesCertificate());
    }

    @Test
    void wrongPasswordNamesTheFile() throws Exception {
        Path p12 = dir.resolve("ldap.p12");
        Pkcs12.write(p12, leaf, "ldap", PW, false);
        PkiException e = assertThrows(PkiException.class, () -> Pkcs12.read(p12, "nope".toCharArray()));
        assertTrue(e.getMessage().startsWith(p12 + ": wrong password"), e.getMessage());
        PkiException none = assertThrows(PkiException.class, () -> Pkcs12.read(p12, null));
        assertTrue(none.getMessage().contains("password-protected and no password was given"), none.getMessage());
    }

    @Test
    void pemFileIsNotTakenForPkcs12() throws Exception {
        Path pem = dir.resolve("x.pem");
        Pem.writeCombined(pem, leaf, false);
        PkiException e = assertThrows(PkiException.class, () -> Pkcs12.read(pem, PW));
        assertTrue(e.getMessage().contains("not a PKCS#12 file (it is PEM text)"), e.getMessage());
    }
}
