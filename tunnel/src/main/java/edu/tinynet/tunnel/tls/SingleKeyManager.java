package edu.tinynet.tunnel.tls;

import edu.tinynet.tunnel.pki.KeyMaterial;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the one key and chain of a service ({@code cert}/{@code key}), like stunnel does.
 *
 * <p>Unlike the JDK's key managers, a client does not filter its certificate by the CA names the
 * server lists in its CertificateRequest: stunnel (OpenSSL) sends the configured certificate
 * regardless, and leaves the decision to the server. The key type must still fit what the
 * handshake can use (an EC key for ECDSA, an RSA key for RSA signatures).
 */
final class SingleKeyManager extends X509ExtendedKeyManager {

    static final String ALIAS = "cert";

    private final KeyMaterial material;
    private final String keyAlgorithm;

    SingleKeyManager(KeyMaterial material) {
        this.material = material;
        this.keyAlgorithm = normalise(material.privateKey().getAlgorithm());
    }

    private static String normalise(String alg) {
        return switch (alg) {
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            case "ECDSA" -> "EC";
            default -> alg;
        };
    }

    private boolean fits(String keyType) {
        if (keyType == null) {
            return false;
        }
        // TLS 1.2 passes e.g. "EC" or "RSA", legacy fixed-ECDH types look like "EC_RSA": the first part counts
        String t = keyType;
        int us = t.indexOf('_');
        if (us > 0) {
            t = t.substring(0, us);
        }
        return normalise(t).equalsIgnoreCase(keyAlgorithm);
    }

    private String choose(String[] keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        for (String k : keyTypes) {
            if (fits(k)) {
                return ALIAS;
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return choose(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? material.chain().toArray(new X509Certificate[0]) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? material.privateKey() : null;
    }
}
