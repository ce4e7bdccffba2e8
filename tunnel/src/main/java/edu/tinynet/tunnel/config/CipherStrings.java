package edu.tinynet.tunnel.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Translates OpenSSL cipher strings (stunnel's {@code ciphers}) into JSSE cipher suite names, and checks
 * TLS 1.3 suite lists (stunnel's {@code ciphersuites}).
 *
 * <p>Grammar, following OpenSSL's {@code ciphers(1)}: elements separated by {@code :}, {@code ,} or spaces;
 * each element is a keyword ({@code HIGH}, {@code ECDHE}, {@code AESGCM}, …), an OpenSSL suite name
 * ({@code ECDHE-RSA-AES128-GCM-SHA256}), an IANA name ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}),
 * or several of those joined by {@code +} (logical AND, e.g. {@code ECDHE+AESGCM}). Prefixes:
 * none adds the matching suites at the end, {@code -} removes them (they may be added again),
 * {@code !} removes them for good, {@code +} moves those already in the list to the end.
 * {@code @STRENGTH} sorts the list by encryption bits, strongest first. {@code DEFAULT} expands to
 * {@code ALL:!COMPLEMENTOFDEFAULT:!eNULL}. Keywords are case-sensitive, as in OpenSSL.
 *
 * <p>Differences from OpenSSL: an unknown keyword or suite name is an error instead of being skipped;
 * {@code @SECLEVEL} is rejected (the runtime's {@code jdk.tls.disabledAlgorithms} applies instead);
 * the result is restricted to the suites the running JVM supports, keeping the order.
 */
public final class CipherStrings {

    /** stunnel's default {@code ciphers}. */
    public static final String STUNNEL_DEFAULT = "HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK";

    /**
     * Our default {@code ciphers}: stunnel's, minus RSA and static-ECDH key exchange, so that only
     * forward-secret (ECDHE) suites are offered.
     */
    public static final String DEFAULT = STUNNEL_DEFAULT + ":!kRSA:!kECDH";

    /** Default {@code ciphersuites} (TLS 1.3): AES-GCM before ChaCha20, which is slow on Java 17. */
    public static final String DEFAULT_TLS13 =
            "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256";

    /** Every TLS 1.3 suite defined by RFC 8446. */
    public static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    private CipherStrings() {
    }

    /** Translates {@code spec} to the JSSE names of the suites the running JVM supports, in order. */
    public static List<String> translate(String spec) throws CipherStringException {
        return translate(spec, JvmTls.cipherSuites());
    }

    /** Translates {@code spec}, keeping only suites whose JSSE name is in {@code supported}. */
    public static List<String> translate(String spec, Set<String> supported) throws CipherStringException {
        List<String> names = new ArrayList<>();
        for (CipherSuite suite : select(spec)) {
            if (supported.contains(suite.iana())) {
                names.add(suite.iana());
            } else if (supported.contains(suite.sslPrefixedName())) {
                names.add(suite.sslPrefixedName());
            }
        }
        return names;
    }

    /** The suites {@code spec} selects from the whole table, before restricting to the JVM. */
    public static List<CipherSuite> select(String spec) throws CipherStringException {
        Evaluation evaluation = new Evaluation();
        evaluation.run(spec);
        return evaluation.result();
    }

    /**
     * Checks a colon-separated TLS 1.3 suite list and returns the suites the JVM supports, in order.
     * Unknown names are an error; known suites the JVM lacks are left out.
     */
    public static List<String> tls13(String spec, Set<String> supported) throws CipherStringException {
        Set<String> names = new LinkedHashSet<>();
        for (String name : spec.split(":")) {
            String trimmed = name.trim();
            if (!TLS13_SUITES.contains(trimmed)) {
                throw new CipherStringException(trimmed, "Illegal TLS 1.3 cipher suite \"" + trimmed
                        + "\": use " + String.join(", ", TLS13_SUITES));
            }
            if (supported.contains(trimmed)) {
                names.add(trimmed);
            }
        }
        return List.copyOf(names);
    }

    /** {@link #tls13(String, Set)} against the running JVM. */
    public static List<String> tls13(String spec) throws CipherStringException {
        return tls13(spec, JvmTls.cipherSuites());
    }

    /** OpenSSL's rule list semantics over an ordered list of all suites, some of them active. */
    private static final class Evaluation {
        private final List<CipherSuite> order = new ArrayList<>(CipherSuiteTable.ALL);
        private final Set<CipherSuite> active = new HashSet<>();
        private final Set<CipherSuite> killed = new HashSet<>();

        void run(String spec) throws CipherStringException {
            for (String element : spec.trim().split("[:,\\s]+")) {
                if (!element.isEmpty()) {
                    element(element);
                }
            }
        }

        private void element(String element) throws CipherStringException {
            if (element.equals("@STRENGTH")) {
                order.sort(Comparator.comparingInt(s -> -s.bits()));
                return;
            }
            if (element.startsWith("@")) {
                throw new CipherStringException(element, "Unsupported cipher string command \"" + element
                        + "\": only @STRENGTH is supported (the Java runtime's jdk.tls.disabledAlgorithms replaces @SECLEVEL)");
            }
            char op = element.charAt(0);
            boolean prefixed = op == '!' || op == '-' || op == '+';
            String body = prefixed ? element.substring(1) : element;
            if (body.equals("DEFAULT") && !prefixed) {
                run("ALL:!COMPLEMENTOFDEFAULT:!eNULL");
                return;
            }
            Predicate<CipherSuite> match = conjunction(body, element);
            switch (prefixed ? op : ' ') {
                case '!' -> kill(match);
                case '-' -> active.removeIf(match);
                case '+' -> moveToEnd(match);
                default -> add(match);
            }
        }

        private Predicate<CipherSuite> conjunction(String body, String element) throws CipherStringException {
            if (body.isEmpty()) {
                throw new CipherStringException(element, "Illegal cipher string element \"" + element + "\"");
            }
            Predicate<CipherSuite> all = s -> true;
            for (String part : body.split("\\+", -1)) {
                all = all.and(term(part));
            }
            return all;
        }

        private static Predicate<CipherSuite> term(String part) throws CipherStringException {
            Predicate<CipherSuite> keyword = CipherKeywords.find(part);
            if (keyword != null) {
                return keyword;
            }
            CipherSuite suite = CipherSuiteTable.find(part);
            if (suite != null) {
                return s -> s.equals(suite);
            }
            if (CipherStrings.TLS13_SUITES.contains(part)) {
                throw new CipherStringException(part, "\"" + part
                        + "\" is a TLS 1.3 suite: set it with ciphersuites, not ciphers");
            }
            throw new CipherStringException(part, "Unknown cipher keyword or suite name \"" + part + "\"");
        }

        private void add(Predicate<CipherSuite> match) {
            for (CipherSuite s : List.copyOf(order)) {
                if (match.test(s) && !active.contains(s) && !killed.contains(s)) {
                    active.add(s);
                    order.remove(s);
                    order.add(s);
                }
            }
        }

        private void moveToEnd(Predicate<CipherSuite> match) {
            for (CipherSuite s : List.copyOf(order)) {
                if (match.test(s) && active.contains(s)) {
                    order.remove(s);
                    order.add(s);
                }
            }
        }

        private void kill(Predicate<CipherSuite> match) {
            for (CipherSuite s : CipherSuiteTable.ALL) {
                if (match.test(s)) {
                    killed.add(s);
                    active.remove(s);
                }
            }
        }

        List<CipherSuite> result() {
            return order.stream().filter(active::contains).toList();
        }
    }
}
