package edu.tinynet.tunnel.tls;

import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * stunnel's {@code curves}: which key exchange groups a service offers and accepts.
 *
 * <h2>Why this is not {@code SSLParameters.setNamedGroups}</h2>
 * That method arrived in Java 20. On Java 17 the JDK's only knob is the system property
 * {@code jdk.tls.namedGroups}, read once per process, so it cannot differ between services or
 * change on reload. Instead each engine gets an {@link AlgorithmConstraints} (through
 * {@code SSLParameters.setAlgorithmConstraints}, which Java 17 does honour per engine) that refuses
 * key agreement with any group not listed. JSSE consults it when it builds the
 * supported_groups/key_share extensions and when it picks a group as a server.
 *
 * <p>Limits, documented and checked:
 * <ul>
 *   <li>The preference order is the JVM's (x25519, secp256r1, secp384r1, secp521r1, x448,
 *       ffdhe2048...ffdhe8192, or {@code jdk.tls.namedGroups} when set), filtered by
 *       {@code curves}. The order written in {@code curves} is not applied.</li>
 *   <li>JSSE also asks about a group when it decides whether an ECDSA signature scheme is usable
 *       (ecdsa_secp256r1_sha256 belongs to secp256r1). Those questions are recognised by the
 *       caller ({@code sun.security.ssl.SignatureScheme} on the stack) and always allowed, so
 *       {@code curves = X25519} still works with a P-256 certificate.</li>
 *   <li>In TLS 1.2 the groups a client offers also limit the curve of the server's ECDSA
 *       certificate (RFC 8422; JSSE and OpenSSL servers both enforce it): a client with
 *       {@code curves = X25519} cannot get a P-256 server certificate over TLS 1.2 (the server
 *       reports "no cipher suites in common"). TLS 1.3 is not affected.</li>
 *   <li>Groups the JVM disables or does not know cannot be enabled here.</li>
 * </ul>
 */
public final class NamedGroups {

    /** Java 17's default order of enabled groups (when {@code jdk.tls.namedGroups} is not set). */
    public static final List<String> JDK17_DEFAULT = List.of("x25519", "secp256r1", "secp384r1", "secp521r1",
            "x448", "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192");

    /** Every group name JSSE 17 knows (enabled by default or not), for validation. */
    private static final Set<String> KNOWN = Set.of(
            "x25519", "x448", "secp256r1", "secp384r1", "secp521r1",
            "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
            "sect163k1", "sect163r1", "sect163r2", "sect193r1", "sect193r2", "sect233k1", "sect233r1",
            "sect239k1", "sect283k1", "sect283r1", "sect409k1", "sect409r1", "sect571k1", "sect571r1",
            "secp160k1", "secp160r1", "secp160r2", "secp192k1", "secp192r1", "secp224k1", "secp224r1",
            "secp256k1");

    /** OpenSSL and NIST spellings stunnel configurations use. */
    private static final Map<String, String> ALIASES = Map.of(
            "prime256v1", "secp256r1", "p-256", "secp256r1", "p-384", "secp384r1", "p-521", "secp521r1",
            "prime192v1", "secp192r1", "p-224", "secp224r1", "p-192", "secp192r1");

    private NamedGroups() {
    }

    /**
     * The JSSE name of a group as written in a configuration ({@code X25519}, {@code prime256v1},
     * {@code P-384}, {@code secp384r1}), or null when JSSE does not know it.
     */
    public static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        n = ALIASES.getOrDefault(n, n);
        return KNOWN.contains(n) ? n : null;
    }

    /** The groups the JVM enables, in its preference order. */
    public static List<String> jvmEnabled() {
        String prop = System.getProperty("jdk.tls.namedGroups");
        if (prop == null || prop.isBlank()) {
            return JDK17_DEFAULT;
        }
        List<String> out = new ArrayList<>();
        for (String s : prop.replace("\"", "").split(",")) {
            String c = canonical(s);
            if (c != null && !out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The groups a {@code curves} list leaves enabled, in the JVM's order.
     *
     * @throws IllegalArgumentException naming the unknown or unusable entry
     */
    public static List<String> effective(List<String> configured) {
        List<String> wanted = new ArrayList<>();
        for (String c : configured) {
            String n = canonical(c);
            if (n == null) {
                throw new IllegalArgumentException(c + ": unknown group; Java 17 knows " + String.join(", ", JDK17_DEFAULT)
                        + " (and legacy sect*/secp*k1 curves)");
            }
            wanted.add(n);
        }
        List<String> jvm = jvmEnabled();
        List<String> out = new ArrayList<>();
        for (String g : jvm) {
            if (wanted.contains(g)) {
                out.add(g);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(String.join(":", configured) + ": none of these groups is enabled in this JVM"
                    + " (enabled: " + String.join(", ", jvm)
                    + (System.getProperty("jdk.tls.namedGroups") != null ? ", from -Djdk.tls.namedGroups" : "") + ")");
        }
        return out;
    }

    /** Constraints that refuse key agreement with groups outside {@code allowed}. */
    static AlgorithmConstraints constraints(List<String> allowed) {
        return new GroupConstraints(Set.copyOf(allowed));
    }

    private static final class GroupConstraints implements AlgorithmConstraints {

        private static final StackWalker WALKER = StackWalker.getInstance();

        private final Set<String> allowed;

        GroupConstraints(Set<String> allowed) {
            this.allowed = allowed;
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, AlgorithmParameters parameters) {
            if (algorithm == null || !primitives.contains(CryptoPrimitive.KEY_AGREEMENT)) {
                return true;
            }
            String group = algorithm.toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(group) || allowed.contains(group)) {
                return true; // not a group name (e.g. "EC", "XDH", a suite) or an allowed one
            }
            // a signature scheme asking whether its curve is usable: not a key exchange question
            return WALKER.walk(frames -> frames.anyMatch(f -> f.getClassName().equals("sun.security.ssl.SignatureScheme")));
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> primitives, Key key) {
            return true;
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, Key key,
                AlgorithmParameters parameters) {
            return true;
        }
    }
}
