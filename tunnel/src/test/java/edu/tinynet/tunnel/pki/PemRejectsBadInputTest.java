package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken PEM input fails with a message that names the file, and where it can, the line. */
class PemRejectsBadInputTest {

    @TempDir
    Path dir;

    KeyMaterial ca;
    KeyMaterial leaf;

    @BeforeEach
    void pki() {
        ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        leaf = CertificateBuilder.server("CN=a.test").dns("a.test").issuedBy(ca).build();
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private static void assertMessage(PkiException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "\"" + p + "\" not in: " + e.getMessage());
        }
        assertTrue(!e.getMessage().contains("\n"), "not one line: " + e.getMessage());
    }

    @Test
    void corruptBase64NamesFileAndLineOfTheBlock() throws Exception {
        String good = Pem.certificates(ca.chain());
        Path f = write("bad.pem", good + "-----BEGIN CERTIFICATE-----\nMIIB!!!not base64\n-----END CERTIFICATE-----\n");
        int line = (int) good.lines().count() + 1;
        PkiException e = assertThrows(PkiException.class, () -> Pem.readCertificates(f));
        assertMessage(e, f + ": line " + line + " (CERTIFICATE)", "corrupt");
    }

    @Test
    void truncatedBlockNamesTheMissingEnd() throws Exception {
        String pem = Pem.certificates(ca.chain());
        Path f = write("trunc.pem", pem.substring(0, pem.length() / 2));
        PkiException e = assertThrows(PkiException.class, () -> Pem.readCertificates(f));
        assertMessage(e, f + ": line 1 (CERTIFICATE)", "END CERTIFICATE", "not found");
    }

    @Test
    void textThatIsNotPemSaysSo() throws Exception {
        Path f = write("notes.txt", "hello, this is not a certificate\n");
        PkiException e = assertThrows(PkiException.class, () -> Pem.readCertificates(f));
        assertMessage(e, f + ": not a PEM file");
    }

    @Test
    void binaryDerPointsToPkcs12Import() throws Exception {
        Path f = dir.resolve("a.p12");
        Files.write(f, Pkcs12.encode(leaf, "a", "pw".toCharArray()));
        PkiException e = assertThrows(PkiException.class, () -> Pem.readCertificates(f));
        assertMessage(e, f + ": is binary DER", "p12 import");
    }

    @Test
    void emptyFileSaysEmpty() throws Exception {
        Path f = write("empty.pem", "");
        PkiException e = assertThrows(PkiException.class, () -> Pem.readCertificates(f));
        assertMessage(e, f + ": is empty");
    }

    @Test
    void missingFileSaysNoSuchFile() {
        Path f = dir.resolve("nope.pem");
        PkiException e = assertThrows(PkiException.class, () -> Pem.readCertificates(f));
        assertMessage(e, f + ": no such file");
    }

    @Test
    void unknownPemTypeIsNamed() throws Exception {
        Path f = write("odd.pem", "-----BEGIN FANCY THING-----\nAAAA\n-----END FANCY THING-----\n");
        PkiException e = assertThrows(PkiException.class, () -> Pem.read(f, null));
        assertMessage(e, f + ": line 1 (FANCY THING)");
    }

    @Test
    void certificateFileWithoutKeySaysNoPrivateKey() throws Exception {
        Path f = write("cert.pem", Pem.certificates(leaf.chain()));
        PkiException e = assertThrows(PkiException.class, () -> Pem.readKeyMaterial(f, null, null, false, w -> { }));
        assertMessage(e, f + ": no private key found");
    }

    @Test
    void keyOfAnotherCertificateIsRefused() throws Exception {
        KeyMaterial other = CertificateBuilder.server("CN=b.test").dns("b.test").issuedBy(ca).build();
        Path f = write("mixed.pem", Pem.privateKey(other.privateKey(), null) + Pem.certificates(leaf.chain()));
        PkiException e = assertThrows(PkiException.class, () -> Pem.readKeyMaterial(f, null, null, false, w -> { }));
        assertMessage(e, f + ": the private key does not belong to the certificate CN=a.test");
    }

    @Test
    void chainInTheWrongOrderSaysTheLeafMustComeFirst() throws Exception {
        Path f = write("order.pem", Pem.privateKey(leaf.privateKey(), null)
                + Pem.certificates(java.util.List.of(ca.certificate(), leaf.certificate())));
        PkiException e = assertThrows(PkiException.class, () -> Pem.readKeyMaterial(f, null, null, false, w -> { }));
        assertMessage(e, "matches certificate #2 (CN=a.test)", "leaf certificate must come first");
    }

    @Test
    void twoKeysInOneFileAreRefused() throws Exception {
        Path f = write("two.pem", Pem.privateKey(leaf.privateKey(), null) + Pem.privateKey(ca.privateKey(), null)
                + Pem.certificates(leaf.chain()));
        PkiException e = assertThrows(PkiException.class, () -> Pem.readKeyMaterial(f, null, null, false, w -> { }));
        assertMessage(e, f + ": holds 2 private keys");
    }
}
