package edu.tinynet.tunnel.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * stunnel's {@code socket = a|l|r:OPTION=VALUE}. The options Java sockets can set are supported; other
 * options stunnel knows are reported as unsupported; anything else is an error.
 */
final class SocketOptions {

    private enum Kind { FLAG, SIZE, LINGER, BYTE }

    private static final Map<String, Kind> SUPPORTED = Map.of(
            "TCP_NODELAY", Kind.FLAG,
            "SO_KEEPALIVE", Kind.FLAG,
            "SO_REUSEADDR", Kind.FLAG,
            "SO_LINGER", Kind.LINGER,
            "SO_RCVBUF", Kind.SIZE,
            "SO_SNDBUF", Kind.SIZE,
            "IP_TOS", Kind.BYTE);

    /** Socket options stunnel knows (on some platform) that we cannot set from Java. */
    private static final List<String> KNOWN_UNSUPPORTED = List.of("SO_BINDTODEVICE", "SO_OOBINLINE",
            "SO_RCVLOWAT", "SO_SNDLOWAT", "SO_RCVTIMEO", "SO_SNDTIMEO", "SO_REUSEPORT", "SO_EXCLUSIVEADDRUSE",
            "TCP_KEEPCNT", "TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_FASTOPEN", "TCP_MAXSEG", "IP_TTL",
            "IP_FREEBIND", "IP_BINDANY", "IPV6_V6ONLY", "IPV6_BINDANY");

    private SocketOptions() {
    }

    /** The option names this implementation applies. */
    static List<String> supportedNames() {
        return SUPPORTED.keySet().stream().sorted().toList();
    }

    static SocketOptionSetting parse(String value, ValueContext ctx) throws OptionValueException {
        int colon = value.indexOf(':');
        int eq = value.indexOf('=');
        if (colon != 1 || eq < 0 || "alr".indexOf(Character.toLowerCase(value.charAt(0))) < 0) {
            throw ctx.illegal("socket option", value, "use a|l|r:OPTION=VALUE");
        }
        char target = Character.toLowerCase(value.charAt(0));
        String name = value.substring(2, eq).trim().toUpperCase(Locale.ROOT);
        String arg = value.substring(eq + 1).trim();
        Kind kind = SUPPORTED.get(name);
        if (kind == null) {
            if (KNOWN_UNSUPPORTED.contains(name)) {
                throw ctx.unsupported("Socket option " + name + " is not supported (supported: "
                        + String.join(", ", supportedNames()) + ")");
            }
            throw ctx.illegal("socket option name", name, "use one of " + String.join(", ", supportedNames()));
        }
        validate(kind, name, arg, ctx);
        return new SocketOptionSetting(target, name, arg);
    }

    private static void validate(Kind kind, String name, String arg, ValueContext ctx) throws OptionValueException {
        boolean ok = switch (kind) {
            case FLAG -> arg.matches("[01]") || arg.matches("(?i)yes|no|true|false");
            case SIZE -> arg.matches("\\d{1,9}") && Integer.parseInt(arg) > 0;
            case BYTE -> arg.matches("\\d{1,3}") && Integer.parseInt(arg) <= 255;
            case LINGER -> arg.matches("[01]:\\d{1,5}");
        };
        if (!ok) {
            String hint = switch (kind) {
                case FLAG -> "use 1 or 0";
                case SIZE -> "a positive number of bytes is expected";
                case BYTE -> "use 0..255";
                case LINGER -> "use ONOFF:SECONDS, e.g. 1:60";
            };
            throw ctx.illegal("value for socket option " + name, arg, hint);
        }
    }
}
