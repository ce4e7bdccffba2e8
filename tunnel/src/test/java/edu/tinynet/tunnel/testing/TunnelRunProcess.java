package edu.tinynet.tunnel.testing;

import edu.tinynet.tunnel.cli.TunnelMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tunnel run CONF} in its own JVM (the test class path, {@link TunnelMain}), as an operator
 * runs it: real signals, real log file. stdout and stderr go to {@code NAME.out} in the working
 * directory (a file, not memory: a soak writes a lot); the configuration's {@code output =} file is
 * read from disk. {@link #close()} sends TERM, then KILL after 20 s.
 *
 * <pre>{@code
 * try (TunnelRunProcess t = TunnelRunProcess.start(dir, "client", conf, log, List.of("-Xmx256m"))) {
 *     t.awaitLog("Configuration successful", Duration.ofSeconds(30));
 *     int port = t.boundPort("svc");
 *     int live = t.activeConnections(Duration.ofSeconds(10)); // SIGUSR2, parsed from the log
 * }
 * }</pre>
 */
public final class TunnelRunProcess implements AutoCloseable {

    private static final Pattern BOUND = Pattern.compile("Service \\[([^\\]]+)\\] bound to [^\\s]+:(\\d+)");
    private static final Pattern LISTED = Pattern.compile("Listed (\\d+) active connection\\(s\\)");

    private final Process process;
    private final Path console;
    private final Path log;

    private TunnelRunProcess(Process process, Path console, Path log) {
        this.process = process;
        this.console = console;
        this.log = log;
    }

    /**
     * Starts {@code java JVM_ARGS -cp CLASSPATH TunnelMain run CONF} in {@code dir}.
     *
     * @param name    names the console file ({@code NAME.out})
     * @param log     the configuration's {@code output} file, or null when it logs to stderr only
     * @param jvmArgs extra JVM flags (heap size ...)
     */
    public static TunnelRunProcess start(Path dir, String name, Path conf, Path log, List<String> jvmArgs)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TunnelMain.class.getName(), "run",
                conf.toString()));
        Path console = dir.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(console.toFile()).start();
        return new TunnelRunProcess(p, console, log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file holding stdout and stderr. */
    public Path consoleFile() {
        return console;
    }

    /** The configured log file (null when none). */
    public Path logFile() {
        return log;
    }

    /** What the process printed on stdout and stderr so far. */
    public String console() {
        return read(console);
    }

    /** The log file so far, or the console when there is no log file. */
    public String log() {
        return log == null ? console() : read(log);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long logLength() {
        try {
            Path f = log == null ? console : log;
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits until the log contains {@code needle}; false after {@code within} or when the process ended. */
    public boolean awaitLog(String needle, Duration within) throws InterruptedException {
        return awaitLogAfter(0, needle, within) != null;
    }

    /** Waits for {@code needle} at or after byte {@code offset} of the log; returns the text from there, or null. */
    private String awaitLogAfter(long offset, String needle, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (;;) {
            String text = tail(offset);
            if (text.contains(needle)) {
                return text;
            }
            if (System.nanoTime() > deadline || !process.isAlive() && !tail(offset).contains(needle)) {
                return null;
            }
            Thread.sleep(50);
        }
    }

    private String tail(long offset) {
        Path f = log == null ? console : log;
        try (var ch = Files.newByteChannel(f)) {
            long size = ch.size();
            if (size <= offset) {
                return "";
            }
            ch.position(offset);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - offset));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read it all
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for "Configuration successful"; fails with the console and log when it does not come. */
    public TunnelRunProcess awaitStarted(Duration within) throws InterruptedException {
        if (!awaitLog("Configuration successful", within)) {
            throw new AssertionError("tunnel run did not start (pid " + pid() + ", alive " + isAlive() + ")\n--- console\n"
                    + console() + "\n--- log\n" + (log == null ? "" : read(log)));
        }
        return this;
    }

    /** The port of the "Service [NAME] bound to HOST:PORT" line. */
    public int boundPort(String service) {
        Matcher m = BOUND.matcher(log());
        while (m.find()) {
            if (m.group(1).equals(service)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no bound line for [" + service + "] in\n" + log());
    }

    /** Sends {@code SIGNAME} (HUP, USR1, USR2, TERM) with kill(1). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
        String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed: " + out);
        }
    }

    /**
     * Sends SIGUSR2 and returns N from the "Listed N active connection(s)" line it makes the tunnel log
     * (needs the global {@code debug} at notice or above).
     */
    public int activeConnections(Duration within) throws IOException, InterruptedException {
        long offset = logLength();
        signal("USR2");
        String text = awaitLogAfter(offset, "active connection(s)", within);
        if (text == null) {
            throw new AssertionError("no answer to SIGUSR2 from pid " + pid() + " within " + within);
        }
        Matcher m = LISTED.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no 'Listed N active connection(s)' line after SIGUSR2:\n" + text);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Sends TERM and waits for the exit code; -1 when it is still running after {@code within}. */
    public int stop(Duration within) throws IOException, InterruptedException {
        if (process.isAlive()) {
            signal("TERM");
        }
        return waitFor(within);
    }

    /** Waits for the exit code; -1 when still running after {@code within}. */
    public int waitFor(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
