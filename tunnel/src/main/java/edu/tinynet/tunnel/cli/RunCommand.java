package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.service.ProcessSignals;
import edu.tinynet.tunnel.service.TunnelDaemon;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tunnel run CONF} (also plain {@code tunnel CONF}): runs every service of a stunnel-style
 * configuration in the foreground until SIGTERM/SIGINT. SIGHUP reloads the file, SIGUSR1 reopens
 * the log, SIGUSR2 lists active connections. Exit code 0 after a clean stop, 1 when the
 * configuration (or a TLS file, or a port) is unusable.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the tunnel: every [service] of CONF, in the foreground.",
            "Signals: HUP reloads CONF, USR1 reopens the log file, USR2 lists active connections,",
            "TERM/INT stop (live connections get --drain seconds to finish)."})
public final class RunCommand implements Callable<Integer> {

    /** The options shared by {@code tunnel run CONF} and {@code tunnel CONF}. */
    public static final class RunOptions {
        @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
                description = "Add N to every accept and connect port (run a second lab beside the first).")
        int portOffset;

        @Option(names = "--lenient", description = "Accept stunnel options this tunnel does not support, with a"
                + " warning, instead of refusing the configuration.")
        boolean lenient;

        @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "10",
                description = "On stop, wait this long for live connections (default: ${DEFAULT-VALUE}).")
        int drainSeconds;
    }

    @Mixin
    RunOptions options = new RunOptions();

    @Parameters(index = "0", paramLabel = "CONF", description = "stunnel-style configuration file.")
    Path config;

    @Override
    public Integer call() {
        return run(config, options, System.err);
    }

    /** Runs until stopped; returns the exit code. */
    static int run(Path config, RunOptions options, PrintStream stderr) {
        if (options.portOffset < 0 || options.portOffset > 65535) {
            stderr.println("tunnel: --port-offset must be between 0 and 65535: " + options.portOffset);
            return ExitCodes.USAGE;
        }
        if (options.drainSeconds < 0) {
            stderr.println("tunnel: --drain must not be negative: " + options.drainSeconds);
            return ExitCodes.USAGE;
        }
        TunnelDaemon daemon;
        try {
            daemon = TunnelDaemon.start(new TunnelDaemon.Settings(config, options.lenient, options.portOffset,
                    Duration.ofSeconds(options.drainSeconds), stderr, null));
        } catch (TunnelDaemon.StartFailed e) {
            return ExitCodes.FAILURE;
        }
        Thread hook = new Thread(daemon::stop, "tunnel-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        List<String> missing = ProcessSignals.install(daemon);
        if (!missing.isEmpty()) {
            daemon.log().log(4, "Signals not available on this platform: " + String.join(", ", missing));
        }
        try {
            daemon.awaitStopRequest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        daemon.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        return ExitCodes.OK;
    }
}
