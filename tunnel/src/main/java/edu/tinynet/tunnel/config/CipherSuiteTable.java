package edu.tinynet.tunnel.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenSSL ↔ IANA names of the TLS 1.2-and-earlier cipher suites that JSSE implements (enabled or
 * not), in the base preference order used when a keyword adds several suites at once.
 *
 * <p>Base order (OpenSSL's default order, approximated): forward-secret before static key exchange;
 * anonymous and NULL-encryption last; AEAD before SHA-2 CBC before SHA-1 before MD5; AES-GCM before
 * ChaCha20 (ChaCha20 is slow on Java 17); more encryption bits first; ECDHE before DHE before static
 * ECDH before RSA key exchange; ECDSA before RSA before DSS certificates.
 */
final class CipherSuiteTable {

    private static final String[][] PAIRS = {
        // RSA key exchange
        {"NULL-MD5", "TLS_RSA_WITH_NULL_MD5"},
        {"NULL-SHA", "TLS_RSA_WITH_NULL_SHA"},
        {"NULL-SHA256", "TLS_RSA_WITH_NULL_SHA256"},
        {"RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5"},
        {"RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA"},
        {"DES-CBC-SHA", "TLS_RSA_WITH_DES_CBC_SHA"},
        {"DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
        {"AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"},
        {"AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"},
        {"AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"},
        {"AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"},
        {"AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"},
        {"AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"},
        // ephemeral DH (EDH-* is accepted as an alias of DHE-*)
        {"DHE-DSS-DES-CBC-SHA", "TLS_DHE_DSS_WITH_DES_CBC_SHA"},
        {"DHE-RSA-DES-CBC-SHA", "TLS_DHE_RSA_WITH_DES_CBC_SHA"},
        {"DHE-DSS-DES-CBC3-SHA", "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"},
        {"DHE-RSA-DES-CBC3-SHA", "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"},
        {"DHE-DSS-AES128-SHA", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"},
        {"DHE-DSS-AES256-SHA", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"},
        {"DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
        {"DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
        {"DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"},
        {"DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"},
        {"DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
        {"DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
        {"DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"},
        {"DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"},
        {"DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
        {"DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
        {"DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
        // anonymous DH
        {"ADH-RC4-MD5", "TLS_DH_anon_WITH_RC4_128_MD5"},
        {"ADH-DES-CBC-SHA", "TLS_DH_anon_WITH_DES_CBC_SHA"},
        {"ADH-DES-CBC3-SHA", "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA"},
        {"ADH-AES128-SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA"},
        {"ADH-AES256-SHA", "TLS_DH_anon_WITH_AES_256_CBC_SHA"},
        {"ADH-AES128-SHA256", "TLS_DH_anon_WITH_AES_128_CBC_SHA256"},
        {"ADH-AES256-SHA256", "TLS_DH_anon_WITH_AES_256_CBC_SHA256"},
        {"ADH-AES128-GCM-SHA256", "TLS_DH_anon_WITH_AES_128_GCM_SHA256"},
        {"ADH-AES256-GCM-SHA384", "TLS_DH_anon_WITH_AES_256_GCM_SHA384"},
        // static ECDH
        {"ECDH-RSA-NULL-SHA", "TLS_ECDH_RSA_WITH_NULL_SHA"},
        {"ECDH-RSA-RC4-SHA", "TLS_ECDH_RSA_WITH_RC4_128_SHA"},
        {"ECDH-RSA-DES-CBC3-SHA", "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA"},
        {"ECDH-RSA-AES128-SHA", "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA"},
        {"ECDH-RSA-AES256-SHA", "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA"},
        {"ECDH-RSA-AES128-SHA256", "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256"},
        {"ECDH-RSA-AES256-SHA384", "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384"},
        {"ECDH-RSA-AES128-GCM-SHA256", "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256"},
        {"ECDH-RSA-AES256-GCM-SHA384", "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384"},
        {"ECDH-ECDSA-NULL-SHA", "TLS_ECDH_ECDSA_WITH_NULL_SHA"},
        {"ECDH-ECDSA-RC4-SHA", "TLS_ECDH_ECDSA_WITH_RC4_128_SHA"},
        {"ECDH-ECDSA-DES-CBC3-SHA", "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA"},
        {"ECDH-ECDSA-AES128-SHA", "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA"},
        {"ECDH-ECDSA-AES256-SHA", "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA"},
        {"ECDH-ECDSA-AES128-SHA256", "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256"},
        {"ECDH-ECDSA-AES256-SHA384", "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384"},
        {"ECDH-ECDSA-AES128-GCM-SHA256", "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256"},
        {"ECDH-ECDSA-AES256-GCM-SHA384", "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384"},
        // ephemeral ECDH
        {"ECDHE-RSA-NULL-SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA"},
        {"ECDHE-RSA-RC4-SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA"},
        {"ECDHE-RSA-DES-CBC3-SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"},
        {"ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
        {"ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
        {"ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
        {"ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
        {"ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
        {"ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
        {"ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
        {"ECDHE-ECDSA-NULL-SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA"},
        {"ECDHE-ECDSA-RC4-SHA", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"},
        {"ECDHE-ECDSA-DES-CBC3-SHA", "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"},
        {"ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
        {"ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
        {"ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
        {"ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
        {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
        {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
        {"ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
        // anonymous ECDH
        {"AECDH-NULL-SHA", "TLS_ECDH_anon_WITH_NULL_SHA"},
        {"AECDH-RC4-SHA", "TLS_ECDH_anon_WITH_RC4_128_SHA"},
        {"AECDH-DES-CBC3-SHA", "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA"},
        {"AECDH-AES128-SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"},
        {"AECDH-AES256-SHA", "TLS_ECDH_anon_WITH_AES_256_CBC_SHA"},
    };

    /** Every suite, in base preference order. */
    static final List<CipherSuite> ALL;

    private static final Map<String, CipherSuite> BY_NAME = new HashMap<>();

    static {
        List<CipherSuite> suites = new ArrayList<>();
        for (String[] pair : PAIRS) {
            CipherSuite suite = new CipherSuite(pair[0], pair[1]);
            suites.add(suite);
            BY_NAME.put(suite.openssl(), suite);
            BY_NAME.put(suite.iana(), suite);
            BY_NAME.put(suite.sslPrefixedName(), suite);
        }
        suites.sort(baseOrder());
        ALL = List.copyOf(suites);
    }

    private CipherSuiteTable() {
    }

    /**
     * Looks a suite up by OpenSSL name ({@code EDH-} accepted for {@code DHE-}), IANA name or JSSE
     * {@code SSL_} name; null when unknown.
     */
    static CipherSuite find(String name) {
        String key = name.startsWith("EDH-") ? "DHE-" + name.substring(4) : name;
        return BY_NAME.get(key);
    }

    private static Comparator<CipherSuite> baseOrder() {
        return Comparator.<CipherSuite>comparingInt(s -> s.enc() == CipherSuite.Enc.NULL ? 1 : 0)
                .thenComparingInt(s -> s.au() == CipherSuite.Au.NULL ? 1 : 0)
                .thenComparingInt(s -> s.forwardSecret() ? 0 : 1)
                .thenComparingInt(s -> macRank(s.mac()))
                .thenComparingInt(s -> s.enc() == CipherSuite.Enc.CHACHA20 ? 1 : 0)
                .thenComparingInt(s -> -s.bits())
                .thenComparingInt(s -> kxRank(s.kx()))
                .thenComparingInt(s -> auRank(s.au()));
    }

    private static int macRank(CipherSuite.Mac mac) {
        return switch (mac) {
            case AEAD -> 0;
            case SHA384, SHA256 -> 1;
            case SHA1 -> 2;
            case MD5 -> 3;
        };
    }

    private static int kxRank(CipherSuite.Kx kx) {
        return switch (kx) {
            case ECDHE -> 0;
            case DHE -> 1;
            case ECDH -> 2;
            case RSA -> 3;
        };
    }

    private static int auRank(CipherSuite.Au au) {
        return switch (au) {
            case ECDSA -> 0;
            case RSA -> 1;
            case DSS -> 2;
            case ECDH -> 3;
            case NULL -> 4;
        };
    }
}
