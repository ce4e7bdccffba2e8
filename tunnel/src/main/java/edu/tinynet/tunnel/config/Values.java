package edu.tinynet.tunnel.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parsers and renderers for the simple value types of stunnel options. */
final class Values {

    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_*]([A-Za-z0-9_.*-]*[A-Za-z0-9_*])?");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");

    private Values() {
    }

    /** The text as written. */
    static String text(String value, ValueContext ctx) {
        return value;
    }

    /** Non-empty text without white space. */
    static String word(String value, ValueContext ctx) throws OptionValueException {
        if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
            throw ctx.illegal("value", value, "a single word is expected");
        }
        return value;
    }

    /** {@code yes|no}, also {@code true|false} and {@code 1|0}, case-insensitive. */
    static Boolean bool(String value, ValueContext ctx) throws OptionValueException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1" -> Boolean.TRUE;
            case "no", "false", "0" -> Boolean.FALSE;
            default -> throw ctx.illegal("boolean", value, "use yes or no");
        };
    }

    /** A non-negative decimal integer. */
    static Integer count(String value, ValueContext ctx) throws OptionValueException {
        if (!DIGITS.matcher(value).matches()) {
            throw ctx.illegal("number", value, "a non-negative whole number is expected");
        }
        return Integer.valueOf(value);
    }

    /** A non-negative number of seconds. */
    static Duration seconds(String value, ValueContext ctx) throws OptionValueException {
        if (!DIGITS.matcher(value).matches()) {
            throw ctx.illegal("timeout", value, "a non-negative number of seconds is expected");
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    /** A file or directory path, resolved against the configuration file's directory. */
    static Path path(String value, ValueContext ctx) throws OptionValueException {
        if (value.isEmpty()) {
            throw ctx.illegal("path", value, "a file name is expected");
        }
        try {
            return ctx.resolve(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw ctx.illegal("path", value.replace("\0", "\\0"), "not a valid file name (" + e.getReason() + ")");
        }
    }

    /** Like {@link #path} but an empty value means "none" (returns null). */
    static Path optionalPath(String value, ValueContext ctx) throws OptionValueException {
        return value.isEmpty() ? null : path(value, ctx);
    }

    /** A DNS name (wildcards allowed) as used by checkHost / sni. */
    static String hostName(String value, ValueContext ctx) throws OptionValueException {
        if (!isHostName(value)) {
            throw ctx.illegal("host name", value, null);
        }
        return value;
    }

    /** An IPv4 or IPv6 literal (never resolved). */
    static String ipLiteral(String value, ValueContext ctx) throws OptionValueException {
        if (!isIpLiteral(value)) {
            throw ctx.illegal("IP address", value, "an IPv4 or IPv6 literal is expected");
        }
        return value;
    }

    /** An e-mail address: something@domain. */
    static String email(String value, ValueContext ctx) throws OptionValueException {
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || !isHostName(value.substring(at + 1))
                || value.chars().anyMatch(Character::isWhitespace)) {
            throw ctx.illegal("e-mail address", value, null);
        }
        return value;
    }

    static boolean isHostName(String value) {
        return value.length() <= 253 && HOST_NAME.matcher(value).matches();
    }

    static boolean isIpLiteral(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        return value.indexOf(':') >= 0 && IPV6.matcher(value).matches() && value.split("::", -1).length <= 2;
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    static String orNone(Object value) {
        return value == null ? "(none)" : value.toString();
    }
}
