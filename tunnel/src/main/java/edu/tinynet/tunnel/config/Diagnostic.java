package edu.tinynet.tunnel.config;

/**
 * A warning or error found while reading a configuration, with where it came from.
 *
 * @param severity the stunnel log level it is reported at (3 = error, 4 = warning, 5 = notice)
 * @param location the line, or null for service- or file-wide findings
 * @param service  the service name, or null
 * @param message  the text, without location
 */
public record Diagnostic(int severity, SourceLocation location, String service, String message) {

    public static final int ERROR = 3;
    public static final int WARNING = 4;
    public static final int NOTICE = 5;

    /**
     * The full message, stunnel style: {@code file:line: "raw": message} or {@code Service [x]: message}.
     * A message that already starts with {@code Service [x]} (stunnel's wording for some warnings, e.g.
     * {@code Service [x] needs authentication to prevent MITM attacks}) is not prefixed again.
     */
    public String format() {
        if (location != null) {
            return location.describe() + ": " + message;
        }
        if (service != null && !message.startsWith("Service [" + service + "]")) {
            return "Service [" + service + "]: " + message;
        }
        return message;
    }

    /** True for {@link #ERROR} (and anything more severe). */
    public boolean isError() {
        return severity <= ERROR;
    }

    @Override
    public String toString() {
        return format();
    }
}
