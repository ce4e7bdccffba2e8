package edu.tinynet.tunnel.service;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/**
 * stunnel's signals for a running {@link TunnelDaemon}: {@code HUP} reloads the configuration,
 * {@code USR1} reopens the log file, {@code USR2} lists active connections, {@code TERM} and
 * {@code INT} stop gracefully (bounded drain). Uses {@code sun.misc.Signal} (module jdk.unsupported),
 * the only way a JVM can handle these; signals the platform lacks are skipped and returned.
 */
public final class ProcessSignals {

    private ProcessSignals() {
    }

    /**
     * Installs the handlers. Reload and listing run on a fresh thread each, so the JVM's signal
     * thread is never blocked.
     *
     * @return the names of the signals that could not be handled on this platform
     */
    public static List<String> install(TunnelDaemon daemon) {
        List<String> missing = new ArrayList<>();
        handle("HUP", () -> daemon.reload(), missing);
        handle("USR1", daemon::reopenLog, missing);
        handle("USR2", daemon::listActiveConnections, missing);
        handle("TERM", () -> daemon.requestStop("Received signal 15; terminating"), missing);
        handle("INT", () -> daemon.requestStop("Received signal 2; terminating"), missing);
        return missing;
    }

    private static void handle(String name, Runnable action, List<String> missing) {
        try {
            Signal.handle(new Signal(name), s -> {
                Thread t = new Thread(action, "signal-" + name);
                t.setDaemon(true);
                t.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            missing.add(name);
        }
    }
}
