package edu.tinynet.tunnel.tls;

import edu.tinynet.tunnel.pki.KeyFiles;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyPairs;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Loads a service's own key and certificate chain from stunnel's {@code cert} and {@code key}
 * options.
 *
 * <ul>
 *   <li>PEM: {@code cert} holds the chain, leaf first; {@code key} (default: the {@code cert}
 *       file) holds the private key. Encrypted keys are refused: stunnel would prompt for a pass
 *       phrase on the terminal, which a service cannot do.</li>
 *   <li>PKCS#12 ({@code .p12}/{@code .pfx}, or any file that is DER rather than PEM): key and
 *       chain come from the one file. stunnel has no password option for it, so an empty password
 *       is tried, then none; a password-protected file is refused with the command to fix it.</li>
 *   <li>The file holding the private key must be readable by its owner only
 *       ({@link KeyFiles#checkPrivateKeyFile}) unless insecure key files are explicitly allowed.</li>
 *   <li>The key must belong to the first certificate.</li>
 * </ul>
 */
public final class IdentityFiles {

    private IdentityFiles() {
    }

    /**
     * @param service       service name for messages
     * @param cert          the {@code cert} file
     * @param key           the {@code key} file, or null (then {@code cert})
     * @param allowInsecure accept a group/world-readable key file with a warning
     * @param warnings      receives warnings
     */
    public static KeyMaterial load(String service, Path cert, Path key, boolean allowInsecure,
            Consumer<String> warnings) throws TlsConfigException {
        if (isPkcs12(cert)) {
            if (key != null && !key.equals(cert)) {
                throw new TlsConfigException(service, "key", "key = " + key + ": not used with a PKCS#12 certificate (cert = "
                        + cert + " holds the key itself); remove the key option");
            }
            check(service, "cert", cert, allowInsecure, warnings);
            return readPkcs12(service, cert);
        }
        Path keyFile = key == null ? cert : key;
        // the configuration passes key = cert when only cert was written: name the option the user wrote
        String keyOption = key == null || key.equals(cert) ? "cert" : "key";
        check(service, keyOption, keyFile, allowInsecure, warnings);
        List<X509Certificate> chain;
        try {
            chain = Pem.readCertificates(cert);
        } catch (PkiException e) {
            throw fileError(service, "cert", cert, e);
        }
        PrivateKey privateKey;
        try {
            privateKey = Pem.readPrivateKey(keyFile, null);
        } catch (PkiException e) {
            String m = e.getMessage();
            if (m.contains("encrypted")) {
                throw new TlsConfigException(service, keyOption, keyOption + " = " + keyFile
                        + ": the private key is encrypted; a service cannot ask for its pass phrase. Decrypt it: "
                        + "openssl pkey -in " + keyFile + " -out KEY.pem (and keep KEY.pem mode 600)", e);
            }
            throw fileError(service, keyOption, keyFile, e);
        }
        KeyMaterial m = new KeyMaterial(privateKey, chain);
        if (!m.keyMatchesCertificate()) {
            int other = -1;
            for (int i = 1; i < chain.size(); i++) {
                if (KeyPairs.matches(privateKey, chain.get(i).getPublicKey())) {
                    other = i;
                    break;
                }
            }
            String hint = other > 0
                    ? "; it belongs to " + CertificateText.subject(chain.get(other)) + ", certificate " + (other + 1)
                            + " in the file: put the server's own certificate first, then its CA chain"
                    : "";
            throw new TlsConfigException(service, keyOption, keyOption + " = " + keyFile
                    + ": the private key does not belong to the certificate " + CertificateText.subject(chain.get(0))
                    + " in " + cert + hint);
        }
        return m;
    }

    private static void check(String service, String option, Path file, boolean allowInsecure,
            Consumer<String> warnings) throws TlsConfigException {
        try {
            KeyFiles.checkPrivateKeyFile(file, allowInsecure, w -> warnings.accept(option + " = " + file + ": " + w));
        } catch (PkiException e) {
            throw fileError(service, option, file, e);
        }
    }

    private static TlsConfigException fileError(String service, String option, Path file, PkiException e) {
        String m = e.getMessage();
        String prefix = file + ": ";
        if (m.startsWith(prefix)) {
            return new TlsConfigException(service, option, option + " = " + m, e);
        }
        // "Insecure file permissions on FILE: mode ..." -> "insecure file permissions: mode ..."
        m = m.replace(" on " + file + ":", ":");
        m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
        return new TlsConfigException(service, option, option + " = " + file + ": " + m, e);
    }

    /** PKCS#12 by name ({@code .p12}, {@code .pfx}) or by content (DER, not PEM). */
    static boolean isPkcs12(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".p12") || n.endsWith(".pfx")) {
            return true;
        }
        try {
            byte[] head = new byte[4096];
            int len;
            try (var in = Files.newInputStream(file)) {
                len = in.readNBytes(head, 0, head.length);
            }
            if (len < 2 || (head[0] & 0xff) != 0x30) {
                return false; // PEM (or garbage, which the PEM reader then names)
            }
            return !new String(head, 0, len, StandardCharsets.ISO_8859_1).contains("-----BEGIN");
        } catch (IOException e) {
            return false; // the PEM reader reports the file problem
        }
    }

    private static KeyMaterial readPkcs12(String service, Path file) throws TlsConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(service, "cert", "cert = " + file + ": no such file");
        } catch (IOException e) {
            throw new TlsConfigException(service, "cert", "cert = " + file + ": cannot read: " + e.getMessage(), e);
        }
        String fix = "; stunnel has no option for a PKCS#12 password. Re-export it without one "
                + "(openssl pkcs12 -in " + file + " -nodes | openssl pkcs12 -export -passout pass: -out NEW.p12) "
                + "or convert it to a PEM file with key and chain";
        KeyStore ks = null;
        char[] password = null;
        Exception last = null;
        for (char[] pw : new char[][] {new char[0], null}) {
            try {
                KeyStore k = KeyStore.getInstance("PKCS12");
                k.load(new ByteArrayInputStream(bytes), pw);
                ks = k;
                password = pw;
                break;
            } catch (IOException | GeneralSecurityException e) {
                last = e;
            }
        }
        if (ks == null) {
            boolean wrongPassword = last != null && (last.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(last.getMessage()).toLowerCase(Locale.ROOT).contains("password"));
            throw new TlsConfigException(service, "cert", "cert = " + file + ": "
                    + (wrongPassword ? "the PKCS#12 file is password-protected" + fix
                            : "neither PEM (key and certificate chain) nor a readable PKCS#12 file ("
                                    + last.getMessage() + ")"), last);
        }
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String a : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(a)) {
                    keyAliases.add(a);
                }
            }
            if (keyAliases.isEmpty()) {
                throw new TlsConfigException(service, "cert", "cert = " + file + ": the PKCS#12 file holds no private key");
            }
            if (keyAliases.size() > 1) {
                throw new TlsConfigException(service, "cert", "cert = " + file + ": the PKCS#12 file holds "
                        + keyAliases.size() + " private keys (" + String.join(", ", keyAliases) + "); expected one");
            }
            String alias = keyAliases.get(0);
            Key k = null;
            for (char[] pw : new char[][] {password == null ? new char[0] : password, new char[0]}) {
                try {
                    k = ks.getKey(alias, pw);
                    if (k != null) {
                        break;
                    }
                } catch (UnrecoverableKeyException e) {
                    last = e;
                }
            }
            if (!(k instanceof PrivateKey pk)) {
                throw new TlsConfigException(service, "cert", "cert = " + file + ": the private key in the PKCS#12 file "
                        + "is password-protected" + fix, last);
            }
            Certificate[] chain = ks.getCertificateChain(alias);
            if (chain == null || chain.length == 0) {
                throw new TlsConfigException(service, "cert", "cert = " + file
                        + ": the PKCS#12 file has a private key but no certificate for it");
            }
            List<X509Certificate> certs = new ArrayList<>();
            for (Certificate c : chain) {
                certs.add((X509Certificate) c);
            }
            KeyMaterial m = new KeyMaterial(pk, certs);
            if (!m.keyMatchesCertificate()) {
                throw new TlsConfigException(service, "cert", "cert = " + file
                        + ": the private key does not belong to the certificate " + CertificateText.subject(certs.get(0)));
            }
            return m;
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(service, "cert", "cert = " + file + ": cannot read the PKCS#12 file: "
                    + e.getMessage(), e);
        }
    }
}
