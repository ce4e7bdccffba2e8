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
import org.bouncycastle.openssl.EncryptionException;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
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
     * {@code BEGIN ENCRYPTED PRIVATE KEY} (PBES2, AES-256-CBC) when a password is given.
     */
    public static String privateKey(PrivateKey key, char[] password) {
        return write(w -> {
            if (password == null || password.length == 0) {
                w.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                try {
                    var enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
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

    /** Reads every key, certificate and CRL in a file. */
    public static Contents read(Path file, char[] password) throws PkiException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new PkiException(file + ": no such file");
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(new StringReader(text), file.toString(), password);
    }

    /**
     * Parses PEM text. {@code name} is used in messages. {@code password} decrypts encrypted keys
     * and may be null.
     */
    public static Contents parse(Reader in, String name, char[] password) throws PkiException {
        List<PrivateKey> keys = new ArrayList<>();
        List<X509Certificate> certs = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certConverter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(in)) {
            Object o;
            int index = 0;
            while ((o = nextObject(parser, name)) != null) {
                index++;
                if (o instanceof X509CertificateHolder h) {
                    certs.add(certConverter.getCertificate(h));
                } else if (o instanceof PrivateKeyInfo pki) {
                    keys.add(keyConverter.getPrivateKey(pki));
                } else if (o instanceof PEMKeyPair kp) {
                    keys.add(keyConverter.getKeyPair(kp).getPrivate());
                } else if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                    keys.add(keyConverter.getPrivateKey(decrypt(enc, name, password)));
                } else if (o instanceof PEMEncryptedKeyPair enc) {
                    requirePassword(name, password);
                    try {
                        keys.add(keyConverter.getKeyPair(
                                enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().build(password))).getPrivate());
                    } catch (EncryptionException e) {
                        throw new PkiException(name + ": cannot decrypt the private key: wrong password?", e);
                    }
                } else if (o instanceof X509CRLHolder crl) {
                    crls.add(new JcaX509CRLConverter().getCRL(crl));
                } else if (o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters) {
                    // "BEGIN EC PARAMETERS" block that openssl ecparam writes before the key: skip
                    continue;
                } else {
                    throw new PkiException(name + ": PEM object " + index + " is a "
                            + o.getClass().getSimpleName() + ", which is not a key, certificate or CRL");
                }
            }
        } catch (PEMException e) {
            throw new PkiException(name + ": corrupt PEM: " + rootMessage(e), e);
        } catch (IOException e) {
            throw new PkiException(name + ": corrupt PEM: " + rootMessage(e), e);
        } catch (GeneralSecurityException e) {
            throw new PkiException(name + ": corrupt certificate or CRL: " + rootMessage(e), e);
        }
        return new Contents(List.copyOf(keys), List.copyOf(certs), List.copyOf(crls));
    }

    private static Object nextObject(PEMParser parser, String name) throws IOException, PkiException {
        try {
            return parser.readObject();
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new PkiException(name + ": corrupt PEM: " + rootMessage(e), e);
        }
    }

    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo enc, String name, char[] password)
            throws PkiException {
        requirePassword(name, password);
        try {
            InputDecryptorProvider dec = new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password);
            return enc.decryptPrivateKeyInfo(dec);
        } catch (OperatorCreationException | PKCSException e) {
            throw new PkiException(name + ": cannot decrypt the private key: wrong password? (" + rootMessage(e) + ")", e);
        }
    }

    private static void requirePassword(String name, char[] password) throws PkiException {
        if (password == null || password.length == 0) {
            throw new PkiException(name + ": the private key is encrypted and no password was given");
        }
    }

    /** Reads all certificates in a file; fails when there are none. */
    public static List<X509Certificate> readCertificates(Path file) throws PkiException {
        Contents c = read(file, null);
        if (c.certificates().isEmpty()) {
            throw new PkiException(file + ": no certificate found (expected -----BEGIN CERTIFICATE-----)");
        }
        return c.certificates();
    }

    /** Reads the one private key in a file; fails when there is none or more than one. */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws PkiException {
        Contents c = read(file, password);
        if (c.keys().isEmpty()) {
            throw new PkiException(file + ": no private key found");
        }
        if (c.keys().size() > 1) {
            throw new PkiException(file + ": holds " + c.keys().size() + " private keys; expected one");
        }
        return c.keys().get(0);
    }

    /** Reads a CRL file. */
    public static X509CRL readCrl(Path file) throws PkiException {
        Contents c = read(file, null);
        if (c.crls().isEmpty()) {
            throw new PkiException(file + ": no CRL found (expected -----BEGIN X509 CRL-----)");
        }
        return c.crls().get(0);
    }

    /**
     * Loads a key and its chain the way stunnel's {@code cert}/{@code key} options do: the chain
     * from {@code certFile}, the key from {@code keyFile} (which defaults to {@code certFile}).
     * The key file must not be readable by group or others unless {@code allowInsecure}, and the
     * key must match the leaf certificate.
     */
    public static KeyMaterial readKeyMaterial(Path certFile, Path keyFile, char[] password,
            boolean allowInsecure, Consumer<String> warn) throws PkiException {
        Path kf = keyFile == null ? certFile : keyFile;
        KeyFiles.checkPrivateKeyFile(kf, allowInsecure, warn);
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(kf, password);
        KeyMaterial m = new KeyMaterial(key, chain);
        if (!m.keyMatchesCertificate()) {
            throw new PkiException(kf + ": the private key does not belong to the certificate "
                    + chain.get(0).getSubjectX500Principal().getName() + " in " + certFile);
        }
        return m;
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
