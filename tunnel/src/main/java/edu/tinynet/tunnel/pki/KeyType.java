package edu.tinynet.tunnel.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/**
 * Key types the PKI toolkit generates. EC P-256 is the default. Every type, Ed25519 included, works
 * with Java 17's JSSE for TLS 1.3 and TLS 1.2 as server and client certificate (EdDSA signature
 * schemes): {@code JsseHandshakeTest} runs a mutual handshake for each, and
 * {@code OpenSslClientAcceptsJsseServerTest} has {@code openssl s_client} verify a JSSE server
 * presenting each.
 */
public enum KeyType {
    EC_P256("ec", "SHA256withECDSA"),
    EC_P384("ec-p384", "SHA384withECDSA"),
    RSA_2048("rsa2048", "SHA256withRSA"),
    RSA_3072("rsa3072", "SHA256withRSA"),
    ED25519("ed25519", "Ed25519");

    /** The default for new keys. */
    public static final KeyType DEFAULT = EC_P256;

    private final String cliName;
    private final String signatureAlgorithm;

    KeyType(String cliName, String signatureAlgorithm) {
        this.cliName = cliName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** Name used on the command line ({@code --key-type ec}). */
    public String cliName() {
        return cliName;
    }

    /** JCA signature algorithm used when a key of this type signs a certificate or CRL. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Generates a fresh key pair of this type. */
    public KeyPair generate() {
        try {
            return switch (this) {
                case EC_P256 -> ec("secp256r1");
                case EC_P384 -> ec("secp384r1");
                case RSA_2048 -> rsa(2048);
                case RSA_3072 -> rsa(3072);
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + this + " key: " + e.getMessage(), e);
        }
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    /** Parses a CLI name ({@code ec}, {@code rsa2048}, {@code rsa3072}, {@code ed25519}); null if unknown. */
    public static KeyType fromCliName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (KeyType t : values()) {
            if (t.cliName.replace("-", "").equals(n) || t.name().replace("_", "").toLowerCase(Locale.ROOT).equals(n)) {
                return t;
            }
        }
        return switch (n) {
            case "p256", "ecp256", "ecdsa" -> EC_P256;
            case "p384" -> EC_P384;
            case "rsa" -> RSA_2048;
            default -> null;
        };
    }

    /** The signature algorithm a given signing key uses. */
    public static String signatureAlgorithmFor(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> ((ECKey) key).getParams().getOrder().bitLength() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
            case "Ed25519" -> "Ed25519";
            case "Ed448" -> "Ed448";
            case "EdDSA" -> key instanceof EdECKey ed ? ed.getParams().getName() : "Ed25519";
            default -> throw new IllegalArgumentException("unsupported signing key algorithm " + key.getAlgorithm());
        };
    }

    /**
     * Human description of a public key, e.g. {@code EC P-256}, {@code EC secp256k1},
     * {@code RSA 2048}, {@code Ed25519}.
     */
    public static String describe(PublicKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "RSA " + ((RSAKey) key).getModulus().bitLength();
            case "RSASSA-PSS" -> "RSA-PSS " + ((RSAKey) key).getModulus().bitLength();
            case "EC" -> "EC " + curveName(key);
            case "EdDSA", "Ed25519", "Ed448" -> key instanceof EdECKey ed ? ed.getParams().getName() : key.getAlgorithm();
            default -> key.getAlgorithm();
        };
    }

    /** The key's size in bits as people quote it (RSA modulus, EC field, 255/448 for EdDSA). */
    public static int bits(PublicKey key) {
        if (key instanceof RSAKey r) {
            return r.getModulus().bitLength();
        }
        if (key instanceof ECKey e) {
            return e.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof EdECKey ed) {
            return "Ed448".equals(ed.getParams().getName()) ? 448 : 255;
        }
        return -1;
    }

    private static String curveName(PublicKey key) {
        try {
            AlgorithmIdentifier alg = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
            if (alg.getParameters() instanceof ASN1ObjectIdentifier oid) {
                String nist = NISTNamedCurves.getName(oid);
                if (nist != null) {
                    return nist;
                }
                String other = ECNamedCurveTable.getName(oid);
                return other != null ? other : oid.getId();
            }
        } catch (RuntimeException e) {
            // fall through to the size
        }
        return "(" + ((ECKey) key).getParams().getCurve().getField().getFieldSize() + "-bit curve)";
    }

    /** The CLI names of all key types, for help and error messages: {@code ec, ec-p384, ...}. */
    public static String cliNames() {
        StringBuilder sb = new StringBuilder();
        for (KeyType t : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(t.cliName);
        }
        return sb.toString();
    }
}
