package edu.tinynet.tunnel.config;

import java.util.ArrayList;
import java.util.List;

/** Parsers for the TLS-specific option values: versions, verify levels, cipher lists, SNI. */
final class TlsValues {

    /** A protocol version range, from {@code sslVersion}. */
    record Range(TlsVersion min, TlsVersion max) {
    }

    /** A parsed {@code ciphers} value: the text as written and the JSSE suites it selects. */
    record Ciphers(String text, List<String> suites) {
    }

    /** A parsed {@code ciphersuites} value. */
    record Tls13(String text, List<String> suites) {
    }

    /** {@code verify = none} (stunnel's default): no peer certificate handling at all. */
    static final int VERIFY_NONE = -1;

    private static final String VERSIONS = "use all, SSLv3, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3";

    private TlsValues() {
    }

    static Range sslVersion(String value, ValueContext ctx) throws OptionValueException {
        Range range = value.equalsIgnoreCase("all")
                ? new Range(TlsVersion.SSLv3, TlsVersion.TLSv1_3)
                : new Range(version(value, ctx), version(value, ctx));
        warnIfLegacy(range.min(), ctx);
        return range;
    }

    static TlsVersion sslVersionMin(String value, ValueContext ctx) throws OptionValueException {
        TlsVersion v = value.equalsIgnoreCase("all") ? TlsVersion.SSLv3 : version(value, ctx);
        warnIfLegacy(v, ctx);
        return v;
    }

    static TlsVersion sslVersionMax(String value, ValueContext ctx) throws OptionValueException {
        return value.equalsIgnoreCase("all") ? TlsVersion.TLSv1_3 : version(value, ctx);
    }

    private static TlsVersion version(String value, ValueContext ctx) throws OptionValueException {
        TlsVersion v = TlsVersion.fromStunnelName(value);
        if (v == null) {
            throw ctx.illegal("TLS version", value, VERSIONS);
        }
        return v;
    }

    private static void warnIfLegacy(TlsVersion v, ValueContext ctx) {
        if (v.isLegacy()) {
            ctx.warn("Enables " + v.stunnelName() + ": protocol versions below TLSv1.2 are insecure");
        }
    }

    /** {@code verify = 0..4} or {@code none}. */
    static Integer verifyLevel(String value, ValueContext ctx) throws OptionValueException {
        if (value.equalsIgnoreCase("none")) {
            return VERIFY_NONE;
        }
        if (value.length() == 1 && value.charAt(0) >= '0' && value.charAt(0) <= '4') {
            return value.charAt(0) - '0';
        }
        throw ctx.illegal("verify level", value, "use 0..4 or none");
    }

    /**
     * Maps stunnel's legacy {@code verify} level onto the modern options (stunnel manual):
     * 0 request a certificate and ignore the result; 1 verify it if present; 2 require it and verify the
     * chain; 3 also require the leaf to be in CAfile/CApath (verifyPeer); 4 require it, check only the leaf.
     */
    static void applyVerifyLevel(ServiceDraft d, int level) {
        d.requestCert = level >= 0;
        d.requireCert = level >= 2;
        d.verifyChain = level >= 1 && level <= 3;
        d.verifyPeer = level >= 3;
    }

    static Ciphers ciphers(String value, ValueContext ctx) throws OptionValueException {
        try {
            return new Ciphers(value, CipherStrings.translate(value));
        } catch (CipherStringException e) {
            throw new OptionValueException("Illegal cipher string for " + ctx.option() + ": " + e.getMessage());
        }
    }

    static Tls13 ciphersuites(String value, ValueContext ctx) throws OptionValueException {
        try {
            List<String> supported = CipherStrings.tls13(value);
            List<String> missing = new ArrayList<>();
            for (String name : value.split(":")) {
                if (!supported.contains(name.trim())) {
                    missing.add(name.trim());
                }
            }
            if (!missing.isEmpty()) {
                ctx.warn("Not supported by this Java runtime, left out: " + String.join(", ", missing));
            }
            return new Tls13(value, supported);
        } catch (CipherStringException e) {
            throw new OptionValueException("Illegal cipher suite list for " + ctx.option() + ": " + e.getMessage());
        }
    }

    /** Client {@code sni = NAME} (empty: send none). Server-side {@code SERVICE:PATTERN} is not supported. */
    static String sni(String value, ValueContext ctx) throws OptionValueException {
        if (value.contains(":")) {
            throw ctx.unsupported("Server-side \"sni = SERVICE:PATTERN\" (SNI-selected services) is not supported");
        }
        if (value.isEmpty()) {
            return "";
        }
        if (Values.isIpLiteral(value)) {
            throw ctx.illegal("server name", value, "SNI carries DNS names only, not IP addresses (RFC 6066)");
        }
        return Values.hostName(value, ctx);
    }
}
