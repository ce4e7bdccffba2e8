package edu.tinynet.tunnel.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private key with its certificate chain, leaf first: what stunnel's {@code Site_Cert.pem}
 * holds. Also the result of issuing a certificate with {@link CertificateBuilder}.
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {

    public KeyMaterial {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
    }

    /** The leaf (end-entity) certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** True when the private key belongs to the leaf certificate. */
    public boolean keyMatchesCertificate() {
        return KeyPairs.matches(privateKey, certificate().getPublicKey());
    }

    /** An in-memory PKCS#12 key store holding this key and chain under {@code alias}. */
    public KeyStore toKeyStore(String alias, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, privateKey, password, chain.toArray(new X509Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build key store: " + e.getMessage(), e);
        }
    }

    /** A key manager factory serving this key and chain. */
    public KeyManagerFactory toKeyManagerFactory() {
        try {
            char[] pw = new char[0];
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(toKeyStore("key", pw), pw);
            return kmf;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build key manager: " + e.getMessage(), e);
        }
    }

    /** A trust manager factory that trusts exactly the given certificates as roots. */
    public static TrustManagerFactory trustManagerFactory(List<X509Certificate> trusted) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : trusted) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build trust manager: " + e.getMessage(), e);
        }
    }

    /**
     * A TLS context that presents this key and chain and trusts {@code trusted}. Handy for tests and
     * fixtures; the tunnel builds its own contexts from its configuration.
     */
    public SSLContext toSslContext(List<X509Certificate> trusted) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(toKeyManagerFactory().getKeyManagers(),
                    trusted.isEmpty() ? null : trustManagerFactory(trusted).getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build SSL context: " + e.getMessage(), e);
        }
    }

    /** A client TLS context that trusts {@code trusted} and presents no certificate. */
    public static SSLContext trustingSslContext(List<X509Certificate> trusted) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagerFactory(trusted).getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build SSL context: " + e.getMessage(), e);
        }
    }
}
