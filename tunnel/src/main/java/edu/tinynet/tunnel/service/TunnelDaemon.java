package edu.tinynet.tunnel.service;

import edu.tinynet.tunnel.config.CheckResult;
import edu.tinynet.tunnel.config.ConfigParser;
import edu.tinynet.tunnel.config.Diagnostic;
import edu.tinynet.tunnel.config.GlobalSettings;
import edu.tinynet.tunnel.config.ParseOptions;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.TunnelConfig;
import edu.tinynet.tunnel.log.LogbackBridge;
import edu.tinynet.tunnel.log.LoggingTunnelListener;
import edu.tinynet.tunnel.log.StunnelLog;
import edu.tinynet.tunnel.relay.RelayTuning;
import edu.tinynet.tunnel.tls.ServiceTls;
import edu.tinynet.tunnel.tls.TlsConfigException;
import edu.tinynet.tunnel.tls.TlsEngineFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A tunnel run from a configuration file, as {@code tunnel CONF} does it: parse, set up the log
 * ({@code output}, {@code debug}, {@code foreground}), build every service's TLS with
 * {@link ServiceTls}, start, write the {@code pid} file; then reload, list, reopen the log and stop
 * on request (the CLI maps signals to these). Everything is reported in stunnel's log format.
 *
 * <p>Reload re-reads the same file with the same options ({@code --port-offset}, {@code --lenient});
 * a configuration error, a TLS file that cannot be loaded or a port that cannot be bound keeps
 * the running configuration and says why, naming the file.
 *
 * <p>TLS warnings ({@link ServiceTls#create}) are logged at start and on every reload: an own
 * certificate within 30 days of expiry as a warning; one that has expired or is not valid yet as
 * an error (LOG3), though the service still runs with it, as stunnel's does (see
 * {@link ServiceTls#isUnusableOwnCertificate}).
 */
public final class TunnelDaemon implements AutoCloseable {

    /**
     * How to run.
     *
     * @param configFile the configuration file
     * @param lenient    unsupported stunnel options are warnings, not errors
     * @param portOffset added to every port
     * @param drain      how long a stop waits for live connections
     * @param stderr     where logs go in the foreground (and errors before the log is set up)
     * @param tls        makes a service's TLS; null for {@link ServiceTls}
     */
    public record Settings(Path configFile, boolean lenient, int portOffset, Duration drain, PrintStream stderr,
            Function<ServiceConfig, TlsEngineFactory> tls) {

        public Settings {
            Objects.requireNonNull(configFile, "configFile");
            Objects.requireNonNull(drain, "drain");
            Objects.requireNonNull(stderr, "stderr");
        }

        /** The usual settings: strict, no offset, 10 s drain, stderr, {@link ServiceTls}. */
        public static Settings of(Path configFile) {
            return new Settings(configFile, false, 0, Duration.ofSeconds(10), System.err, null);
        }
    }

    /** Starting failed; the reasons have been logged. */
    public static final class StartFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailed(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final StunnelLog log;
    private final Tunnel tunnel;
    private final Path pidFile;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile int globalLevel;
    private volatile boolean stopped;

    private TunnelDaemon(Settings settings, StunnelLog log, Tunnel tunnel, Path pidFile, int level) {
        this.settings = settings;
        this.log = log;
        this.tunnel = tunnel;
        this.pidFile = pidFile;
        this.globalLevel = level;
    }

    /**
     * Reads the configuration and starts every service.
     *
     * @throws StartFailed after logging why (configuration errors with file and line, TLS files,
     *                     ports that cannot be bound)
     */
    public static TunnelDaemon start(Settings settings) throws StartFailed {
        CheckResult result = ConfigParser.check(settings.configFile(), new ParseOptions(settings.lenient()));
        StunnelLog early = StunnelLog.toStream(settings.stderr());
        if (!result.ok()) {
            for (Diagnostic d : result.diagnostics()) {
                early.log(d.severity(), d.format());
            }
            early.log(StunnelLog.ERR, "Configuration failed");
            throw new StartFailed("configuration failed: " + settings.configFile());
        }
        TunnelConfig cfg = result.config().withPortOffset(settings.portOffset());
        GlobalSettings g = cfg.global();
        StunnelLog log;
        try {
            log = openLog(g, settings.stderr());
        } catch (IOException e) {
            early.log(StunnelLog.ERR, "Cannot open log file " + g.output() + ": " + e.getMessage());
            throw new StartFailed("cannot open log file " + g.output());
        }
        int[] level = {g.debugLevel()};
        TunnelDaemon[] self = new TunnelDaemon[1];
        LogbackBridge.install(log, () -> self[0] != null ? self[0].globalLevel : level[0]); // follows reloads
        log(log, level[0], StunnelLog.NOTICE, "tunnel " + version() + " on Java " + System.getProperty("java.version")
                + " (" + Runtime.getRuntime().availableProcessors() + " I/O threads)");
        long fds = maxFileDescriptors();
        if (fds > 0) {
            // every relayed connection holds two sockets; keep some for listeners, logs and jars
            log(log, level[0], StunnelLog.NOTICE, "Clients allowed=" + Math.max(0, (fds - 64) / 2)
                    + " (file descriptor limit " + fds + ")");
        }
        log(log, level[0], StunnelLog.NOTICE, "Reading configuration from file " + settings.configFile());
        for (Diagnostic d : cfg.diagnostics()) {
            log(log, level[0], d.severity(), d.format());
        }

        LoggingTunnelListener listener = new LoggingTunnelListener(log,
                () -> self[0] != null ? self[0].globalLevel : level[0]);
        Function<ServiceConfig, TlsEngineFactory> tls = settings.tls() != null ? settings.tls()
                : serviceTls(w -> log(log, self[0] != null ? self[0].globalLevel : level[0],
                        ServiceTls.isUnusableOwnCertificate(w) ? StunnelLog.ERR : StunnelLog.WARNING, w));
        Tunnel tunnel = Tunnel.builder(tls).listener(listener).tuning(RelayTuning.DEFAULT).build();
        try {
            tunnel.start(cfg);
        } catch (TunnelException e) {
            log(log, level[0], StunnelLog.ERR, e.getMessage());
            log(log, level[0], StunnelLog.ERR, "Configuration failed");
            tunnel.close();
            closeQuietly(log);
            throw new StartFailed(e.getMessage());
        }
        try {
            writePid(g.pid());
        } catch (IOException e) {
            log(log, level[0], StunnelLog.ERR, "Cannot create pid file " + g.pid() + ": " + e.getMessage());
            tunnel.close();
            closeQuietly(log);
            throw new StartFailed("cannot create pid file " + g.pid());
        }
        log(log, level[0], StunnelLog.NOTICE, "Configuration successful");
        TunnelDaemon d = new TunnelDaemon(settings, log, tunnel, g.pid(), level[0]);
        self[0] = d;
        return d;
    }

    /** {@link ServiceTls#create} as the tunnel's TLS function; its exceptions keep their message. */
    public static Function<ServiceConfig, TlsEngineFactory> serviceTls(java.util.function.Consumer<String> warnings) {
        return sc -> {
            try {
                return ServiceTls.create(sc, warnings);
            } catch (TlsConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        };
    }

    /** The process's file descriptor limit (the JVM raises the soft limit to the hard one), or -1. */
    static long maxFileDescriptors() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            return ((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
        }
        return -1;
    }

    private static StunnelLog openLog(GlobalSettings g, PrintStream stderr) throws IOException {
        boolean toStderr = g.foreground() == GlobalSettings.Foreground.YES || g.output() == null;
        if (g.output() == null) {
            return StunnelLog.toStream(stderr);
        }
        return StunnelLog.toFile(g.output(), g.appendLog(), toStderr ? stderr : null);
    }

    private static void writePid(Path pid) throws IOException {
        if (pid == null) {
            return;
        }
        Path parent = pid.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(pid, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }

    private static void log(StunnelLog log, int threshold, int level, String text) {
        if (level <= threshold) {
            log.log(level, StunnelLog.UI, text);
        }
    }

    private void log(int level, String text) {
        log(log, globalLevel, level, text);
    }

    private static String version() {
        String v = TunnelDaemon.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static void closeQuietly(StunnelLog log) {
        try {
            log.close();
        } catch (IOException ignored) {
            // nothing left to report to
        }
    }

    // ------------------------------------------------------------------ runtime operations

    /** The running tunnel. */
    public Tunnel tunnel() {
        return tunnel;
    }

    /** The log sink. */
    public StunnelLog log() {
        return log;
    }

    /**
     * Re-reads the configuration file (SIGHUP) and applies it atomically; on any failure the
     * running configuration stays and the reason is logged.
     *
     * @return true when the new configuration took effect
     */
    public synchronized boolean reload() {
        if (stopped) {
            return false;
        }
        Path file = settings.configFile();
        log(StunnelLog.NOTICE, "Reloading configuration from file " + file);
        CheckResult result = ConfigParser.check(file, new ParseOptions(settings.lenient()));
        if (!result.ok()) {
            for (Diagnostic d : result.errors()) {
                log(d.severity(), d.format());
            }
            log(StunnelLog.ERR, "Reloading " + file + " failed: " + result.errors().size()
                    + " error(s) in the configuration; keeping the previous configuration");
            return false;
        }
        TunnelConfig cfg = result.config().withPortOffset(settings.portOffset());
        for (Diagnostic d : cfg.diagnostics()) {
            log(d.severity(), d.format());
        }
        try {
            tunnel.reload(cfg); // the listener logs success or the reason
        } catch (TunnelException e) {
            return false;
        }
        int old = globalLevel;
        globalLevel = cfg.global().debugLevel();
        if (globalLevel != old) {
            log(StunnelLog.NOTICE, "Global debug level is now " + globalLevel);
        }
        if (!Objects.equals(cfg.global().output(), log.file())) {
            log(StunnelLog.WARNING, "output changed to " + cfg.global().output() + ": takes effect after a restart");
        }
        return true;
    }

    /** Closes and reopens the log file (SIGUSR1, after log rotation). */
    public void reopenLog() {
        try {
            log.reopen();
            log(StunnelLog.NOTICE, "Log file reopened");
        } catch (IOException e) {
            settings.stderr().println(StunnelLog.format(java.time.LocalDateTime.now(), StunnelLog.ERR, StunnelLog.UI,
                    "Cannot reopen log file " + log.file() + ": " + e.getMessage()));
        }
    }

    /** Logs the active connections (SIGUSR2), stunnel's way. Returns the listing. */
    public List<ActiveConnection> listActiveConnections() {
        List<ActiveConnection> active = tunnel.activeConnections();
        log(StunnelLog.NOTICE, "Active connections:");
        int i = 0;
        for (ActiveConnection a : active) {
            i++;
            log(StunnelLog.NOTICE, "Active connection " + i + ": Service [" + a.info().service() + "], "
                    + a.stats().bytesToTls() + " byte(s) sent to TLS, " + a.stats().bytesToSocket()
                    + " byte(s) sent to socket");
            log(StunnelLog.DEBUG, "Active connection " + i + " is connection [" + a.info().id() + "] from "
                    + a.info().peer() + ", open for " + a.stats().duration().toSeconds() + " s");
        }
        log(StunnelLog.NOTICE, "Listed " + i + " active connection(s)");
        return active;
    }

    /** Asks {@link #awaitStopRequest()} to return (SIGTERM/SIGINT). */
    public void requestStop(String why) {
        if (why != null) {
            log(StunnelLog.NOTICE, why);
        }
        stopRequested.countDown();
    }

    /** Blocks until {@link #requestStop} is called. */
    public void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    /** Stops accepting, drains live connections for up to the configured time, removes the pid file. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        int live = tunnel.activeConnections().size();
        if (live > 0) {
            log(StunnelLog.NOTICE, "Waiting up to " + settings.drain().toSeconds() + " s for " + live
                    + " active connection(s)");
        }
        tunnel.stop(settings.drain());
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                log(StunnelLog.WARNING, "Cannot remove pid file " + pidFile + ": " + e.getMessage());
            }
        }
        log(StunnelLog.NOTICE, "Terminated");
        closeQuietly(log);
    }

    @Override
    public void close() {
        stop();
    }
}
