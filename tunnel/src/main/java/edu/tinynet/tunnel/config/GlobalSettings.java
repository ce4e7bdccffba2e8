package edu.tinynet.tunnel.config;

import java.nio.file.Path;

/**
 * Process-wide options from the global section.
 *
 * @param debugLevel global log level 0..7 (default 5, notice)
 * @param output     log file, or null (stderr in foreground)
 * @param appendLog  {@code log = append} (default) or {@code overwrite}
 * @param pid        pid file, or null
 * @param foreground {@code foreground = yes|quiet|no}
 * @param syslogIdent {@code service}: name used in logs
 */
public record GlobalSettings(int debugLevel, Path output, boolean appendLog, Path pid, Foreground foreground,
        String syslogIdent) {

    /** stunnel's {@code foreground}: a JVM never forks, so this only decides whether stderr also gets logs. */
    public enum Foreground { YES, QUIET, NO }
}
