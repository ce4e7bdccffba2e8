package edu.tinynet.tunnel.tls;

import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The safe defaults and what the JVM's security properties allow. */
public final class TlsDefaults {

    /**
     * TLS 1.3 suites when {@code ciphersuites} is not set: AES-GCM first (hardware accelerated on
     * the JVM), ChaCha20-Poly1305 last (correct, but many times slower on Java 17).
     */
    public static final List<String> TLS13_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");

    /**
     * TLS 1.2 suites when {@code ciphers} is not set: ECDHE key exchange (forward secrecy) with AEAD
     * ciphers only; no RSA key transport, no CBC, no DHE.
     */
    public static final List<String> TLS12_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * Added to the defaults only when TLSv1 or TLSv1.1 is enabled (explicitly, and allowed by the
     * JVM): those versions have no AEAD suites. Still ECDHE.
     */
    public static final List<String> LEGACY_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");

    /** The security property that disables protocol versions and algorithms for TLS. */
    public static final String DISABLED_ALGORITHMS = "jdk.tls.disabledAlgorithms";

    private TlsDefaults() {
    }

    /**
     * The protocol versions among {@code protocols} that the JVM refuses because
     * {@code jdk.tls.disabledAlgorithms} lists them (Java 17 lists SSLv3, TLSv1 and TLSv1.1).
     */
    public static List<String> disabledByJvm(List<String> protocols) {
        String prop = Security.getProperty(DISABLED_ALGORITHMS);
        List<String> out = new ArrayList<>();
        if (prop == null) {
            return out;
        }
        List<String> tokens = new ArrayList<>();
        for (String t : prop.split(",")) {
            String s = t.trim();
            int sp = s.indexOf(' ');
            tokens.add((sp > 0 ? s.substring(0, sp) : s).toLowerCase(Locale.ROOT));
        }
        for (String p : protocols) {
            if (tokens.contains(p.toLowerCase(Locale.ROOT))) {
                out.add(p);
            }
        }
        return out;
    }

    /** True for a suite name that is a TLS 1.3 suite. */
    public static boolean isTls13Suite(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                || suite.startsWith("TLS_SM4_");
    }

    /** True for a TLS 1.2-or-older suite with an ephemeral (forward secret) key exchange. */
    public static boolean isForwardSecret(String suite) {
        return isTls13Suite(suite) || suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
    }

    /** The JSSE property that makes servers issue stateless (encrypted, self-contained) session tickets. */
    public static final String SERVER_TICKETS = "jdk.tls.server.enableSessionTicketExtension";

    /**
     * For the tunnel process: servers keep resumable sessions in their own cache (sized and timed by
     * {@code sessionCacheSize}/{@code sessionCacheTimeout}, as stunnel's is) and give clients only
     * its key, instead of JSSE's default of stateless tickets. A stateless ticket carries the whole
     * session, our certificate chain included, so every resumption decrypted and re-parsed it and
     * every resumed connection held its own copy: measured with 3,000 idle resumed connections, the
     * server endpoint's live heap per connection fell from 21 kB to 9 kB and its PSS from 33 kB to
     * 16 kB (docs/benchmarks.md). Process-wide and read when a TLS context is made, so it is set
     * once, first thing in {@code main}; an explicit {@code -Djdk.tls.server.enableSessionTicketExtension}
     * wins.
     *
     * @return true when this call set it
     */
    public static boolean preferServerSessionCache() {
        if (System.getProperty(SERVER_TICKETS) != null) {
            return false;
        }
        System.setProperty(SERVER_TICKETS, "false");
        return true;
    }
}
