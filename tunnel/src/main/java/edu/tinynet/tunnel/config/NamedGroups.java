package edu.tinynet.tunnel.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps OpenSSL curve / group names (stunnel's {@code curves}) to JSSE named-group names. */
final class NamedGroups {

    private static final Map<String, String> OPENSSL_TO_JSSE = new LinkedHashMap<>();

    static {
        put("x25519", "X25519");
        put("x448", "X448");
        put("secp256r1", "P-256", "prime256v1", "secp256r1");
        put("secp384r1", "P-384", "secp384r1");
        put("secp521r1", "P-521", "secp521r1");
        put("ffdhe2048", "ffdhe2048");
        put("ffdhe3072", "ffdhe3072");
        put("ffdhe4096", "ffdhe4096");
        put("ffdhe6144", "ffdhe6144");
        put("ffdhe8192", "ffdhe8192");
    }

    private NamedGroups() {
    }

    private static void put(String jsse, String... openssl) {
        for (String name : openssl) {
            OPENSSL_TO_JSSE.put(name.toLowerCase(Locale.ROOT), jsse);
        }
    }

    /** Parses a colon-separated list; keeps order, drops duplicates. */
    static List<String> parse(String value, ValueContext ctx) throws OptionValueException {
        List<String> groups = new ArrayList<>();
        for (String name : value.split(":")) {
            String jsse = OPENSSL_TO_JSSE.get(name.trim().toLowerCase(Locale.ROOT));
            if (jsse == null) {
                throw ctx.illegal("curve", name.trim(),
                        "use X25519, X448, P-256 (prime256v1), P-384 (secp384r1), P-521 (secp521r1) or ffdhe2048..8192");
            }
            if (!groups.contains(jsse)) {
                groups.add(jsse);
            }
        }
        return groups;
    }
}
