package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, certificates and combined files that OpenSSL wrote load through {@link Pem}. */
class PemReadsOpenSslFilesTest {

    private static final char[] PASSWORD = "s3cret pw".toCharArray();

    @TempDir
    Path dir;

    private Path f(String name) {
        return dir.resolve(name);
    }

    /** A self-signed certificate for {@code key}, made by {@code openssl req -x509}. */
    private Path selfSigned(Path key, String passin, String cn) {
        Path cert = f(cn + ".crt");
        List<String> args = new java.util.ArrayList<>(List.of("req", "-x509", "-new", "-key", key.toString(),
                "-subj", "/CN=" + cn, "-days", "30", "-out", cert.toString()));
        if (passin != null) {
            args.addAll(List.of("-passin", passin));
        }
        OpenSsl.run(args.toArray(new String[0])).assertOk();
        return cert;
    }

    private static void assertKeyMatches(PrivateKey key, Path certFile) throws PkiException {
        X509Certificate cert = Pem.readCertificates(certFile).get(0);
        assertTrue(KeyPairs.matches(key, cert.getPublicKey()), "key does not match " + certFile);
    }

    @Test
    void readsPkcs1RsaKeyFromGenrsaTraditional() throws Exception {
        OpenSsl.run("genrsa", "-traditional", "-out", f("rsa.key").toString(), "2048").assertOk();
        assertTrue(Files.readString(f("rsa.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        PrivateKey key = Pem.readPrivateKey(f("rsa.key"), null);
        assertEquals("RSA", key.getAlgorithm());
        assertKeyMatches(key, selfSigned(f("rsa.key"), null, "rsa"));
    }

    @Test
    void readsSec1EcKeyWithEcParametersBlockFromEcparam() throws Exception {
        OpenSsl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", f("ec.key").toString()).assertOk();
        String text = Files.readString(f("ec.key"));
        assertTrue(text.contains("-----BEGIN EC PARAMETERS-----") && text.contains("-----BEGIN EC PRIVATE KEY-----"), text);
        PrivateKey key = Pem.readPrivateKey(f("ec.key"), null);
        assertEquals("EC", key.getAlgorithm());
        assertKeyMatches(key, selfSigned(f("ec.key"), null, "ec"));
    }

    @Test
    void readsEncryptedPkcs8Aes256WithPassword() throws Exception {
        OpenSsl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f("plain.key").toString())
                .assertOk();
        OpenSsl.run("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", f("plain.key").toString(),
                "-out", f("enc.key").toString(), "-passout", "pass:" + new String(PASSWORD)).assertOk();
        assertTrue(Files.readString(f("enc.key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        PrivateKey key = Pem.readPrivateKey(f("enc.key"), PASSWORD);
        assertKeyMatches(key, selfSigned(f("plain.key"), null, "enc"));
    }

    @Test
    void encryptedKeyWithoutPasswordFailsNamingFileAndCause() {
        OpenSsl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc",
                "-pass", "pass:x", "-out", f("enc.key").toString()).assertOk();
        PkiException e = assertThrows(PkiException.class, () -> Pem.readPrivateKey(f("enc.key"), null));
        assertTrue(e.getMessage().startsWith(f("enc.key") + ": line 1 (ENCRYPTED PRIVATE KEY)"), e.getMessage());
        assertTrue(e.getMessage().contains("encrypted and no password was given"), e.getMessage());
    }

    @Test
    void encryptedKeyWithWrongPasswordSaysSo() {
        OpenSsl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc",
                "-pass", "pass:right", "-out", f("enc.key").toString()).assertOk();
        PkiException e = assertThrows(PkiException.class, () -> Pem.readPrivateKey(f("enc.key"), "wrong".toCharArray()));
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    }

    @Test
    void readsLegacyEncryptedPem() throws Exception {
        OpenSsl.run("genrsa", "-traditional", "-aes256", "-passout", "pass:legacy", "-out", f("legacy.key").toString(),
                "2048").assertOk();
        assertTrue(Files.readString(f("legacy.key")).contains("Proc-Type: 4,ENCRYPTED"));
        PrivateKey key = Pem.readPrivateKey(f("legacy.key"), "legacy".toCharArray());
        assertKeyMatches(key, selfSigned(f("legacy.key"), "pass:legacy", "legacy"));
    }

    @Test
    void readsEd25519KeyFromGenpkey() throws Exception {
        OpenSsl.run("genpkey", "-algorithm", "ED25519", "-out", f("ed.key").toString()).assertOk();
        PrivateKey key = Pem.readPrivateKey(f("ed.key"), null);
        assertKeyMatches(key, selfSigned(f("ed.key"), null, "ed"));
    }

    @Test
    void combinedFileMadeByOpenSslLoadsAsKeyMaterial() throws Exception {
        // a CA and a server certificate made entirely by openssl, concatenated the way stunnel users do
        OpenSsl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", f("ca.key").toString(), "-out", f("ca.pem").toString(), "-subj", "/CN=OpenSSL CA",
                "-days", "30").assertOk();
        OpenSsl.run("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", f("srv.key").toString(),
                "-out", f("srv.csr").toString(), "-subj", "/CN=srv.test").assertOk();
        Files.writeString(f("ext.cnf"), "subjectAltName=DNS:srv.test\nextendedKeyUsage=serverAuth\n");
        OpenSsl.run("x509", "-req", "-in", f("srv.csr").toString(), "-CA", f("ca.pem").toString(),
                "-CAkey", f("ca.key").toString(), "-CAcreateserial", "-days", "30", "-extfile", f("ext.cnf").toString(),
                "-out", f("srv.crt").toString()).assertOk();
        Path combined = f("Site_Cert.pem");
        Files.writeString(combined, Files.readString(f("srv.key")) + Files.readString(f("srv.crt"))
                + Files.readString(f("ca.pem")));
        Files.setPosixFilePermissions(combined, PosixFilePermissions.fromString("rw-------"));

        KeyMaterial m = Pem.readKeyMaterial(combined, null, null, false, w -> { });
        assertEquals(2, m.chain().size());
        assertEquals("CN=srv.test", Certificates.subject(m.certificate()));
        assertTrue(Certificates.matchesHost(m.certificate(), "srv.test"));

        // and our builder can sign with openssl's CA; openssl accepts the result
        Files.setPosixFilePermissions(f("ca.key"), PosixFilePermissions.fromString("rw-------"));
        KeyMaterial opensslCa = Pem.readKeyMaterial(f("ca.pem"), f("ca.key"), null, false, w -> { });
        KeyMaterial ours = CertificateBuilder.server("CN=ours.test").dns("ours.test").issuedBy(opensslCa).build();
        Files.writeString(f("ours.pem"), Pem.combined(ours), StandardCharsets.US_ASCII);
        OpenSsl.verify(f("ca.pem"), f("ours.pem"), "-verify_hostname", "ours.test").assertOk();
    }

    @Test
    void ourCombinedFileIsReadByOpenSsl() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        KeyMaterial leaf = CertificateBuilder.server("CN=a.test").dns("a.test").issuedBy(ca).build();
        Path combined = f("Site_Cert.pem");
        Pem.writeCombined(combined, leaf, false);
        // openssl reads the key (first block) and the certificate (first certificate) from the one file
        String keyPub = OpenSsl.run("pkey", "-in", combined.toString(), "-pubout").assertOk().stdout();
        String certPub = OpenSsl.run("x509", "-in", combined.toString(), "-noout", "-pubkey").assertOk().stdout();
        assertEquals(certPub, keyPub);
    }

    @Test
    void ourEncryptedKeyIsReadByOpenSsl() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        Pem.writePrivateKey(f("enc.key"), ca.privateKey(), PASSWORD, false);
        String asn1 = OpenSsl.run("asn1parse", "-in", f("enc.key").toString()).assertOk().stdout();
        assertTrue(asn1.contains("PBES2") && asn1.contains("hmacWithSHA256") && asn1.contains("aes-256-cbc"), asn1);
        OpenSsl.run("pkey", "-in", f("enc.key").toString(), "-passin", "pass:" + new String(PASSWORD), "-noout")
                .assertOk();
        assertTrue(KeyPairs.matches(Pem.readPrivateKey(f("enc.key"), PASSWORD), ca.certificate().getPublicKey()));
    }
}
