package edu.tinynet.tunnel.config;

import java.util.List;
import java.util.Locale;

/** stunnel's {@code debug = [FACILITY.]LEVEL}: syslog levels 0..7 by number or name. */
final class LogLevels {

    /** Level names, index = level number. */
    static final List<String> NAMES =
            List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

    /** Syslog facilities stunnel accepts in front of the level; we accept them and ignore them. */
    private static final List<String> FACILITIES = List.of("auth", "authpriv", "cron", "daemon", "ftp", "kern",
            "lpr", "mail", "news", "syslog", "user", "uucp", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7");

    private LogLevels() {
    }

    /** Parses {@code [facility.]level}; returns the level 0..7. The facility is validated, then ignored. */
    static Integer parse(String value, ValueContext ctx) throws OptionValueException {
        String level = value;
        int dot = value.indexOf('.');
        if (dot >= 0) {
            String facility = value.substring(0, dot).toLowerCase(Locale.ROOT);
            if (!FACILITIES.contains(facility)) {
                throw ctx.illegal("syslog facility", value.substring(0, dot), "use one of " + String.join(", ", FACILITIES));
            }
            level = value.substring(dot + 1);
        }
        if (level.length() == 1 && level.charAt(0) >= '0' && level.charAt(0) <= '7') {
            return level.charAt(0) - '0';
        }
        int index = NAMES.indexOf(level.toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw ctx.illegal("log level", level, "use 0..7 or " + String.join(", ", NAMES));
        }
        return index;
    }

    /** {@code notice (5)}. */
    static String describe(int level) {
        return NAMES.get(level) + " (" + level + ")";
    }
}
