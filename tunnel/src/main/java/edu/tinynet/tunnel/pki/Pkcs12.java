package edu.tinynet.tunnel.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.crypto.spec.PBEParameterSpec;

/**
 * PKCS#12 ({@code .p12}) import and export of a key with its chain.
 *
 * <p>Export protects the key with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and uses Java 17's
 * PKCS#12 defaults for the certificates and the integrity MAC (AES-256 and HMAC-SHA256), which
 * OpenSSL 3 reads without {@code -legacy}. Import reads modern and legacy (RC2/3DES) files, such as
 * those {@code openssl pkcs12 -export} writes.
 */
public final class Pkcs12 {

    private static final String KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    private static final int ITERATIONS = 10_000;

    private Pkcs12() {
    }

    /** The PKCS#12 bytes for {@code material} under {@code alias}, protected by {@code password}. */
    public static byte[] encode(KeyMaterial material, String alias, char[] password) {
        if (password == null) {
            throw new IllegalArgumentException("a PKCS#12 file needs a password");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            ks.setEntry(alias,
                    new KeyStore.PrivateKeyEntry(material.privateKey(), material.chain().toArray(new X509Certificate[0])),
                    new KeyStore.PasswordProtection(password, KEY_PROTECTION, new PBEParameterSpec(salt, ITERATIONS)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write PKCS#12: " + e.getMessage(), e);
        }
    }

    /** Writes a PKCS#12 file: mode 0600 (it holds a private key), atomically. */
    public static void write(Path file, KeyMaterial material, String alias, char[] password, boolean overwrite)
            throws PkiException {
        KeyFiles.writePrivate(file, encode(material, alias, password), overwrite);
    }

    /** True when the bytes look like DER (a PKCS#12 file starts with a SEQUENCE), not PEM text. */
    public static boolean looksLikePkcs12(byte[] head) {
        return head.length > 1 && (head[0] & 0xff) == 0x30;
    }

    /** Reads the only key entry of a PKCS#12 file. */
    public static KeyMaterial read(Path file, char[] password) throws PkiException {
        return read(file, password, null);
    }

    /**
     * Reads the key entry {@code alias} (or the only key entry, when null) of a PKCS#12 file. The
     * chain comes back leaf first. Without a password, an empty password is tried.
     */
    public static KeyMaterial read(Path file, char[] password, String alias) throws PkiException {
        KeyStore ks = load(file, password);
        char[] pw = password == null ? new char[0] : password;
        try {
            List<String> keyAliases = keyAliases(ks);
            if (keyAliases.isEmpty()) {
                throw new PkiException(file + ": the PKCS#12 file holds no private key");
            }
            String a = alias;
            if (a == null) {
                if (keyAliases.size() > 1) {
                    throw new PkiException(file + ": the PKCS#12 file holds " + keyAliases.size()
                            + " keys (" + String.join(", ", keyAliases) + "); choose one with --alias");
                }
                a = keyAliases.get(0);
            } else if (!keyAliases.contains(a)) {
                throw new PkiException(file + ": no key entry \"" + alias + "\" (key entries: "
                        + String.join(", ", keyAliases) + ")");
            }
            Key key = ks.getKey(a, pw);
            if (!(key instanceof PrivateKey pk)) {
                throw new PkiException(file + ": entry \"" + a + "\" is not a private key");
            }
            Certificate[] chain = ks.getCertificateChain(a);
            if (chain == null || chain.length == 0) {
                throw new PkiException(file + ": key entry \"" + a + "\" has no certificate");
            }
            List<X509Certificate> certs = new ArrayList<>();
            for (Certificate c : chain) {
                certs.add((X509Certificate) c);
            }
            KeyMaterial m = new KeyMaterial(pk, certs);
            if (!m.keyMatchesCertificate()) {
                throw new PkiException(file + ": the private key in entry \"" + a
                        + "\" does not belong to its certificate " + Certificates.subject(certs.get(0)));
            }
            return m;
        } catch (UnrecoverableKeyException e) {
            throw new PkiException(file + ": cannot decrypt the private key: wrong password?", e);
        } catch (GeneralSecurityException e) {
            throw new PkiException(file + ": cannot read the PKCS#12 key entry: " + e.getMessage(), e);
        }
    }

    /** The certificates of every entry (key entries' chains and trusted certificates), deduplicated. */
    public static List<X509Certificate> certificates(Path file, char[] password) throws PkiException {
        KeyStore ks = load(file, password);
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (String a : Collections.list(ks.aliases())) {
                Certificate[] chain = ks.isKeyEntry(a) ? ks.getCertificateChain(a) : new Certificate[] {ks.getCertificate(a)};
                if (chain != null) {
                    for (Certificate c : chain) {
                        if (c instanceof X509Certificate x && !out.contains(x)) {
                            out.add(x);
                        }
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new PkiException(file + ": cannot read the PKCS#12 file: " + e.getMessage(), e);
        }
        return out;
    }

    private static List<String> keyAliases(KeyStore ks) throws GeneralSecurityException {
        List<String> out = new ArrayList<>();
        for (String a : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private static KeyStore load(Path file, char[] password) throws PkiException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PkiException(file + ": no such file");
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (!looksLikePkcs12(bytes)) {
            throw new PkiException(file + ": not a PKCS#12 file"
                    + (new String(bytes, 0, Math.min(bytes.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains("-----BEGIN ") ? " (it is PEM text)" : ""));
        }
        boolean noPassword = password == null || password.length == 0;
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), noPassword ? new char[0] : password);
            return ks;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new PkiException(noPassword
                        ? file + ": the PKCS#12 file is password-protected and no password was given"
                        : file + ": wrong password for the PKCS#12 file (integrity check failed)", e);
            }
            throw new PkiException(file + ": corrupt PKCS#12 file: " + e.getMessage(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(file + ": corrupt PKCS#12 file: " + e.getMessage(), e);
        }
    }
}
