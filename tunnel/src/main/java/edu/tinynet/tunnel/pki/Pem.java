package edu.tinynet.tunnel.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * PEM reading and writing.
 *
 * <p>Reads private keys in PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}),
 * SEC1 ({@code BEGIN EC PRIVATE KEY}), encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}) and
 * OpenSSL's legacy encrypted PEM ({@code Proc-Type: 4,ENCRYPTED}); certificates; and CRLs.
 * Writes the combined file stunnel wants: the private key (unencrypted PKCS#8) followed by the
 * certificate chain, leaf first.
 *
 * <p>Every error message names the file.
 */
public final class Pem {

    /**
     * Bouncy Castle's provider, used only for PEM/PKCS#8 encryption (OpenSSL's PBES2 files ask for
     * {@code AES/CBC/PKCS7Padding}, which only BC offers). It is not registered with the JCA.
     */
    private static final Provider BC = new BouncyCastleProvider();

    private Pem() {
    }

    /** Everything found in one PEM source. */
    public record Contents(List<PrivateKey> keys, List<X509Certificate> certificates, List<X509CRL> crls) {
    }

    // ---------------------------------------------------------------- writing

    /** PEM text of the key (unencrypted PKCS#8) followed by the chain, leaf first. */
    public static String combined(KeyMaterial material) {
        return privateKey(material.privateKey(), null) + certificates(material.chain());
    }

    /** PEM text of certificates. */
    public static String certificates(List<X509Certificate> certs) {
        return write(w -> {
            for (X509Certificate c : certs) {
                w.writeObject(c);
            }
        });
    }

    /** PEM text of a CRL. */
    public static String crl(X509CRL crl) {
        return write(w -> w.writeObject(crl));
    }

    /**
     * PEM text of a private key as PKCS#8: plain {@code BEGIN PRIVATE KEY}, or
     * {@code BEGIN ENCRYPTED PRIVATE KEY} (PBES2: PBKDF2-HMAC-SHA256 with 600,000 iterations, AES-256-CBC) when a password is given.
     */
    public static String privateKey(PrivateKey key, char[] password) {
        return write(w -> {
            if (password == null || password.length == 0) {
                w.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                try {
                    var enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                            .setProvider(BC).setPRF(PKCS8Generator.PRF_HMACSHA256)
                            .setPassword(password).setIterationCount(600_000).build();
                    w.writeObject(new JcaPKCS8Generator(key, enc));
                } catch (OperatorCreationException e) {
                    throw new IOException("cannot encrypt private key: " + e.getMessage(), e);
                }
            }
        });
    }

    /** Writes {@code Site_Cert.pem}: key then chain, mode 0600, atomically. */
    public static void writeCombined(Path file, KeyMaterial material, boolean overwrite) throws PkiException {
        KeyFiles.writePrivate(file, combined(material).getBytes(StandardCharsets.US_ASCII), overwrite);
    }

    /** Writes certificates, mode 0644, atomically. */
    public static void writeCertificates(Path file, List<X509Certificate> certs, boolean overwrite)
            throws PkiException {
        KeyFiles.writePublic(file, certificates(certs).getBytes(StandardCharsets.US_ASCII), overwrite);
    }

    /** Writes a private key (optionally encrypted), mode 0600, atomically. */
    public static void writePrivateKey(Path file, PrivateKey key, char[] password, boolean overwrite)
            throws PkiException {
        KeyFiles.writePrivate(file, privateKey(key, password).getBytes(StandardCharsets.US_ASCII), overwrite);
    }

    private interface PemWriting {
        void accept(JcaPEMWriter w) throws IOException;
    }

    private static String write(PemWriting body) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            body.accept(w);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return sw.toString();
    }

    // ---------------------------------------------------------------- reading

    /**
     * What {@link #scan} found: the readable contents, plus the number of encrypted private keys
     * that were left alone because no password was given.
     */
    public record Scan(Contents contents, int encryptedKeysSkipped) {
    }

    /** Reads every key, certificate and CRL in a file. */
    public static Contents read(Path file, char[] password) throws PkiException {
        return parse(readText(file), file.toString(), password, false).contents();
    }

    /**
     * Reads every key, certificate and CRL in a file, skipping (and counting) encrypted private
     * keys when {@code password} is null: for commands that only need the certificates.
     */
    public static Scan scan(Path file, char[] password) throws PkiException {
        return parse(readText(file), file.toString(), password, true);
    }

    private static String readText(Path file) throws PkiException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PkiException(file + ": no such file");
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read: " + e.getMessage(), e);
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (bytes.length == 0) {
            throw new PkiException(file + ": is empty; expected PEM (-----BEGIN ...-----)");
        }
        if (!text.contains("-----BEGIN ")) {
            if ((bytes[0] & 0xff) == 0x30) {
                throw new PkiException(file + ": is binary DER (PKCS#12 or a DER certificate), not PEM;"
                        + " for PKCS#12 use 'tunnel pki p12 import', for DER run 'openssl x509 -inform der -in "
                        + file + "'");
            }
            throw new PkiException(file + ": not a PEM file (no -----BEGIN line)");
        }
        return text;
    }

    /**
     * Parses PEM text. {@code name} is used in messages. {@code password} decrypts encrypted keys
     * and may be null.
     */
    public static Contents parse(Reader in, String name, char[] password) throws PkiException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
        } catch (IOException e) {
            throw new PkiException(name + ": cannot read: " + e.getMessage(), e);
        }
        return parse(sb.toString(), name, password, false).contents();
    }

    private static Scan parse(String text, String name, char[] password, boolean skipEncrypted) throws PkiException {
        List<Integer> beginLines = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.startsWith("-----BEGIN ") && l.endsWith("-----")) {
                beginLines.add(i + 1);
                labels.add(l.substring(11, l.length() - 5));
            }
        }
        List<PrivateKey> keys = new ArrayList<>();
        List<X509Certificate> certs = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        int skipped = 0;
        JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certConverter = new JcaX509CertificateConverter();
        int index = 0;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object o;
            while (true) {
                String where = where(name, beginLines, labels, index);
                o = nextObject(parser, where);
                if (o == null) {
                    break;
                }
                index++;
                try {
                    if (o instanceof X509CertificateHolder h) {
                        certs.add(certConverter.getCertificate(h));
                    } else if (o instanceof PrivateKeyInfo pki) {
                        keys.add(keyConverter.getPrivateKey(pki));
                    } else if (o instanceof PEMKeyPair kp) {
                        keys.add(keyConverter.getKeyPair(kp).getPrivate());
                    } else if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                        if (skipEncrypted && (password == null || password.length == 0)) {
                            skipped++;
                        } else {
                            keys.add(keyConverter.getPrivateKey(decrypt(enc, where, password)));
                        }
                    } else if (o instanceof PEMEncryptedKeyPair enc) {
                        if (skipEncrypted && (password == null || password.length == 0)) {
                            skipped++;
                        } else {
                            keys.add(decryptLegacy(enc, where, password, keyConverter));
                        }
                    } else if (o instanceof X509CRLHolder crl) {
                        crls.add(new JcaX509CRLConverter().getCRL(crl));
                    } else if (o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters) {
                        // "BEGIN EC PARAMETERS" block that openssl ecparam writes before the key: skip
                        continue;
                    } else {
                        throw new PkiException(where(name, beginLines, labels, index - 1)
                                + ": not a private key, certificate or CRL");
                    }
                } catch (PEMException | GeneralSecurityException | RuntimeException e) {
                    throw new PkiException(where(name, beginLines, labels, index - 1) + ": corrupt: "
                            + rootMessage(e), e);
                }
            }
        } catch (IOException e) {
            throw new PkiException(where(name, beginLines, labels, index) + ": corrupt PEM: " + rootMessage(e), e);
        }
        return new Scan(new Contents(List.copyOf(keys), List.copyOf(certs), List.copyOf(crls)), skipped);
    }

    /** {@code FILE: line 12 (BEGIN CERTIFICATE)} for the index-th PEM block, or just the file. */
    private static String where(String name, List<Integer> beginLines, List<String> labels, int index) {
        if (index < beginLines.size()) {
            return name + ": line " + beginLines.get(index) + " (" + labels.get(index) + ")";
        }
        return name;
    }

    private static Object nextObject(PEMParser parser, String where) throws PkiException {
        try {
            return parser.readObject();
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new PkiException(where + ": corrupt PEM: " + rootMessage(e), e);
        }
    }

    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo enc, String where, char[] password)
            throws PkiException {
        requirePassword(where, password);
        PrivateKeyInfo info;
        try {
            InputDecryptorProvider dec = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password);
            info = enc.decryptPrivateKeyInfo(dec);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new PkiException(where + ": cannot decrypt the private key: wrong password? (" + rootMessage(e) + ")", e);
        }
        return info;
    }

    private static PrivateKey decryptLegacy(PEMEncryptedKeyPair enc, String where, char[] password,
            JcaPEMKeyConverter keyConverter) throws PkiException {
        requirePassword(where, password);
        try {
            return keyConverter.getKeyPair(enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password)))
                    .getPrivate();
        } catch (IOException | RuntimeException e) {
            throw new PkiException(where + ": cannot decrypt the private key: wrong password? (" + rootMessage(e) + ")", e);
        }
    }

    private static void requirePassword(String where, char[] password) throws PkiException {
        if (password == null || password.length == 0) {
            throw new PkiException(where + ": the private key is encrypted and no password was given");
        }
    }

    /**
     * Reads all certificates in a file (in file order); fails when there are none. Private keys in
     * the file are ignored, even encrypted ones.
     */
    public static List<X509Certificate> readCertificates(Path file) throws PkiException {
        Contents c = scan(file, null).contents();
        if (c.certificates().isEmpty()) {
            throw new PkiException(file + ": no certificate found (expected -----BEGIN CERTIFICATE-----)");
        }
        return c.certificates();
    }

    /** Reads the one private key in a file; fails when there is none or more than one. */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws PkiException {
        return onlyKey(read(file, password), file);
    }

    /** Reads a CRL file. */
    public static X509CRL readCrl(Path file) throws PkiException {
        Contents c = scan(file, null).contents();
        if (c.crls().isEmpty()) {
            throw new PkiException(file + ": no CRL found (expected -----BEGIN X509 CRL-----)");
        }
        return c.crls().get(0);
    }

    /**
     * Loads a key and its chain the way stunnel's {@code cert}/{@code key} options do: the chain
     * from {@code certFile}, the key from {@code keyFile} (which defaults to {@code certFile}).
     * The key file must not be readable by group or others unless {@code allowInsecure}, and the
     * key must match the leaf (first) certificate.
     *
     * @param warn receives the warning when an insecure key file is accepted
     */
    public static KeyMaterial readKeyMaterial(Path certFile, Path keyFile, char[] password,
            boolean allowInsecure, Consumer<String> warn) throws PkiException {
        Path kf = keyFile == null ? certFile : keyFile;
        List<X509Certificate> chain;
        PrivateKey key;
        // content problems are reported first; the mode is checked once the file proved to hold a key
        if (kf.equals(certFile)) {
            Contents c = read(certFile, password);
            if (c.certificates().isEmpty()) {
                throw new PkiException(certFile + ": no certificate found (expected -----BEGIN CERTIFICATE-----)");
            }
            chain = c.certificates();
            key = onlyKey(c, certFile);
        } else {
            chain = readCertificates(certFile);
            key = readPrivateKey(kf, password);
        }
        KeyFiles.checkPrivateKeyFile(kf, allowInsecure, warn);
        KeyMaterial m = new KeyMaterial(key, chain);
        if (!m.keyMatchesCertificate()) {
            String hint = "";
            for (int i = 1; i < chain.size(); i++) {
                if (KeyPairs.matches(key, chain.get(i).getPublicKey())) {
                    hint = "; it matches certificate #" + (i + 1) + " (" + Certificates.subject(chain.get(i))
                            + "): the leaf certificate must come first";
                    break;
                }
            }
            throw new PkiException(kf + ": the private key does not belong to the certificate "
                    + Certificates.subject(chain.get(0)) + " in " + certFile + hint);
        }
        return m;
    }

    /**
     * Like {@link #readKeyMaterial(Path, Path, char[], boolean, Consumer)}, logging an accepted
     * insecure key file as an SLF4J WARN.
     */
    public static KeyMaterial readKeyMaterial(Path certFile, Path keyFile, char[] password, boolean allowInsecure)
            throws PkiException {
        return readKeyMaterial(certFile, keyFile, password, allowInsecure, KeyFiles.LOG_WARNING);
    }

    private static PrivateKey onlyKey(Contents c, Path file) throws PkiException {
        if (c.keys().isEmpty()) {
            throw new PkiException(file + ": no private key found (expected -----BEGIN PRIVATE KEY----- or similar)");
        }
        if (c.keys().size() > 1) {
            throw new PkiException(file + ": holds " + c.keys().size() + " private keys; expected one");
        }
        return c.keys().get(0);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage();
        return m == null ? r.getClass().getSimpleName() : m;
    }
}
