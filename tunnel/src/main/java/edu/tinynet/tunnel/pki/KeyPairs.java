package edu.tinynet.tunnel.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Small helpers around key pairs. */
public final class KeyPairs {

    private KeyPairs() {
    }

    /** True when {@code privateKey} is the private half of {@code publicKey} (checked by signing). */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(isEdDsa(privateKey.getAlgorithm()) && isEdDsa(publicKey.getAlgorithm()))) {
            return false;
        }
        try {
            String alg = KeyType.signatureAlgorithmFor(privateKey);
            byte[] probe = "tinynet key match probe".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(privateKey);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isEdDsa(String alg) {
        return alg.equals("EdDSA") || alg.equals("Ed25519") || alg.equals("Ed448");
    }
}
