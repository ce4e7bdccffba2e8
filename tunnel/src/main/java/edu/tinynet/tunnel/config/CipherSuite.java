package edu.tinynet.tunnel.config;

/**
 * One TLS 1.2-and-earlier cipher suite known to the translator, with the attributes OpenSSL cipher-string
 * keywords select on. The attributes are derived from the IANA name, e.g.
 * {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256} is key exchange ECDHE, authentication RSA, encryption
 * AES-128-GCM, MAC AEAD.
 *
 * @param openssl the OpenSSL name, e.g. {@code ECDHE-RSA-AES128-GCM-SHA256}
 * @param iana    the IANA name, e.g. {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}
 */
public record CipherSuite(String openssl, String iana) {

    /** Key exchange. {@code ECDH} is static (non-ephemeral) ECDH. */
    public enum Kx { RSA, DHE, ECDHE, ECDH }

    /** Authentication; {@code ECDH} is the static-ECDH certificate, {@code NULL} anonymous. */
    public enum Au { RSA, DSS, ECDSA, ECDH, NULL }

    /** Bulk encryption, with the strength in bits as OpenSSL reports it for {@code @STRENGTH}. */
    public enum Enc {
        NULL(0), RC4(128), DES(56), TDES(112), AES128(128), AES256(256), AESGCM128(128), AESGCM256(256), CHACHA20(256);

        final int bits;

        Enc(int bits) {
            this.bits = bits;
        }
    }

    /** Message authentication; {@code AEAD} for GCM and ChaCha20-Poly1305 (so {@code SHA256} does not match GCM). */
    public enum Mac { MD5, SHA1, SHA256, SHA384, AEAD }

    public CipherSuite {
        if (!iana.startsWith("TLS_") || !iana.contains("_WITH_")) {
            throw new IllegalArgumentException("not an IANA TLS 1.2 suite name: " + iana);
        }
        kxAuth(iana);
        encOf(iana);
        macOf(iana);
    }

    private static String[] kxAuth(String iana) {
        String head = iana.substring(4, iana.indexOf("_WITH_"));
        return switch (head) {
            case "RSA" -> new String[] {"RSA", "RSA"};
            case "DHE_RSA" -> new String[] {"DHE", "RSA"};
            case "DHE_DSS" -> new String[] {"DHE", "DSS"};
            case "DH_anon" -> new String[] {"DHE", "NULL"};
            case "ECDHE_RSA" -> new String[] {"ECDHE", "RSA"};
            case "ECDHE_ECDSA" -> new String[] {"ECDHE", "ECDSA"};
            case "ECDH_anon" -> new String[] {"ECDHE", "NULL"};
            case "ECDH_RSA", "ECDH_ECDSA" -> new String[] {"ECDH", "ECDH"};
            default -> throw new IllegalArgumentException("unknown key exchange in " + iana);
        };
    }

    public Kx kx() {
        return Kx.valueOf(kxAuth(iana)[0]);
    }

    public Au au() {
        return Au.valueOf(kxAuth(iana)[1]);
    }

    /** For static ECDH: the certificate's signature type ({@code kECDHr} = RSA, {@code kECDHe} = ECDSA). */
    public boolean staticEcdhRsa() {
        return iana.startsWith("TLS_ECDH_RSA_");
    }

    private static String body(String iana) {
        return iana.substring(iana.indexOf("_WITH_") + 6);
    }

    public Enc enc() {
        return encOf(iana);
    }

    public Mac mac() {
        return macOf(iana);
    }

    private static Enc encOf(String iana) {
        String b = body(iana);
        if (b.startsWith("NULL_")) {
            return Enc.NULL;
        } else if (b.startsWith("RC4_128_")) {
            return Enc.RC4;
        } else if (b.startsWith("DES_CBC_")) {
            return Enc.DES;
        } else if (b.startsWith("3DES_EDE_CBC_")) {
            return Enc.TDES;
        } else if (b.startsWith("AES_128_CBC_")) {
            return Enc.AES128;
        } else if (b.startsWith("AES_256_CBC_")) {
            return Enc.AES256;
        } else if (b.startsWith("AES_128_GCM_")) {
            return Enc.AESGCM128;
        } else if (b.startsWith("AES_256_GCM_")) {
            return Enc.AESGCM256;
        } else if (b.startsWith("CHACHA20_POLY1305_")) {
            return Enc.CHACHA20;
        }
        throw new IllegalArgumentException("unknown cipher in " + iana);
    }

    private static Mac macOf(String iana) {
        Enc enc = encOf(iana);
        if (enc == Enc.AESGCM128 || enc == Enc.AESGCM256 || enc == Enc.CHACHA20) {
            return Mac.AEAD;
        }
        String b = body(iana);
        return switch (b.substring(b.lastIndexOf('_') + 1)) {
            case "MD5" -> Mac.MD5;
            case "SHA" -> Mac.SHA1;
            case "SHA256" -> Mac.SHA256;
            case "SHA384" -> Mac.SHA384;
            default -> throw new IllegalArgumentException("unknown MAC in " + iana);
        };
    }

    /** Encryption strength in bits (what {@code @STRENGTH} sorts by). */
    public int bits() {
        return enc().bits;
    }

    /** Usable only with TLS 1.2 (AEAD or SHA-2 MAC); otherwise available since SSLv3/TLSv1. */
    public boolean tls12Only() {
        Mac mac = mac();
        return mac == Mac.AEAD || mac == Mac.SHA256 || mac == Mac.SHA384;
    }

    /** Forward secrecy: ephemeral key exchange. */
    public boolean forwardSecret() {
        return kx() == Kx.DHE || kx() == Kx.ECDHE;
    }

    /** The JSSE spelling of legacy suites that JSSE names with an {@code SSL_} prefix. */
    public String sslPrefixedName() {
        return "SSL_" + iana.substring(4);
    }
}
