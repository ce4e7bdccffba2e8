package edu.tinynet.tunnel.config;

import java.nio.file.Path;

/** The global options being collected from the global section. */
final class GlobalDraft {

    int debugLevel;
    Path output;
    boolean appendLog;
    Path pid;
    GlobalSettings.Foreground foreground;
    String syslogIdent;

    GlobalSettings build() {
        return new GlobalSettings(debugLevel, output, appendLog, pid, foreground, syslogIdent);
    }
}
