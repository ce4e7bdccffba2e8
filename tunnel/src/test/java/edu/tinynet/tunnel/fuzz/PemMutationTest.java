package edu.tinynet.tunnel.fuzz;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.Pem;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The PEM fuzz property over inputs the committed corpus cannot hold (private keys): freshly made
 * combined files (EC and RSA key + chain) and a password-encrypted key, each truncated at many
 * points, with characters flipped in the Base64 body, with lines dropped or duplicated, and read
 * with no, a wrong and the right password. Deterministic (fixed seed), about 150 inputs.
 */
class PemMutationTest {

    @Test
    void mutatedRealPemFilesThrowOnlyPkiException() {
        KeyMaterial ca = CertificateBuilder.ca("CN=Fuzz CA").build();
        KeyMaterial ec = CertificateBuilder.server("CN=localhost").dns("localhost").issuedBy(ca).build();
        KeyMaterial rsa = CertificateBuilder.server("CN=localhost").keyType(KeyType.RSA_2048).dns("localhost")
                .issuedBy(ca).build();
        char[] password = "correct horse".toCharArray();
        Random random = new Random(20261130);
        for (String original : List.of(Pem.combined(ec), Pem.combined(rsa))) {
            for (String input : mutations(original, random)) {
                PemFuzzTest.check(input, null);
            }
        }
        // key derivation is deliberately slow: fewer inputs, each with no, a wrong and the right password
        String encrypted = Pem.privateKey(ec.privateKey(), password) + Pem.certificates(ec.chain());
        List<String> some = mutations(encrypted, random);
        for (int i = 0; i < some.size(); i += 4) {
            PemFuzzTest.check(some.get(i), null);
            PemFuzzTest.check(some.get(i), "wrong".toCharArray());
            PemFuzzTest.check(some.get(i), password);
        }
        // OpenSSL's legacy encrypted PEM (Proc-Type: 4,ENCRYPTED), made here rather than committed
        String legacy = legacyEncrypted(rsa, password);
        for (String input : mutations(legacy, random)) {
            PemFuzzTest.check(input, null);
            PemFuzzTest.check(input, password);
        }
    }

    private static String legacyEncrypted(KeyMaterial key, char[] password) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
            w.writeObject(key.privateKey(), new org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder("AES-128-CBC")
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(password));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out + Pem.certificates(key.chain());
    }

    private static List<String> mutations(String pem, Random random) {
        List<String> out = new ArrayList<>();
        out.add(pem);
        for (int i = 0; i < 25; i++) {
            out.add(pem.substring(0, random.nextInt(pem.length())));
        }
        for (int i = 0; i < 25; i++) {
            char[] c = pem.toCharArray();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = random.nextInt(c.length);
                if (c[at] != '\n' && c[at] != '-') {
                    c[at] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".charAt(random.nextInt(65));
                }
            }
            out.add(new String(c));
        }
        String[] lines = pem.split("\n");
        for (int i = 0; i < 12; i++) {
            StringBuilder sb = new StringBuilder();
            int drop = random.nextInt(lines.length);
            int dup = random.nextInt(lines.length);
            for (int l = 0; l < lines.length; l++) {
                if (l != drop) {
                    sb.append(lines[l]).append('\n');
                }
                if (l == dup) {
                    sb.append(lines[l]).append('\n');
                }
            }
            out.add(sb.toString());
        }
        return out;
    }
}
