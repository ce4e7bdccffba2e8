package edu.tinynet.tunnel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program nobody here wrote (stunnel4, openssl), run as a child process for interop tests:
 * stdout and stderr are captured together, stdin is available, and {@link #close()} ends the
 * process (and only it and its children).
 */
public final class ExternalTool implements AutoCloseable {

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final Thread pump;

    private ExternalTool(Process process) {
        this.process = process;
        this.pump = new Thread(this::pump, "tool-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** The first of {@code names} found in /usr/bin, /usr/sbin, /usr/local/bin or on PATH. */
    public static Optional<Path> find(String... names) {
        List<Path> dirs = new ArrayList<>(List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/usr/local/bin")));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String n : names) {
            for (Path d : dirs) {
                Path p = d.resolve(n);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts {@code command} in {@code dir}. */
    public static ExternalTool start(Path dir, List<String> command) throws IOException {
        return start(dir, command, java.util.Map.of());
    }

    /** Starts {@code command} in {@code dir} with {@code env} added to this process's environment. */
    public static ExternalTool start(Path dir, List<String> command, java.util.Map<String, String> env)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new ExternalTool(pb.start());
    }

    /** A free loopback port (bind, read, release: fine for tests that start the user right away). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until something accepts connections on 127.0.0.1:{@code port}. */
    public static void awaitListening(int port, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        for (;;) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing listens on port " + port + " after " + within, e);
                }
                Thread.sleep(50);
            }
        }
    }

    private void pump() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (output) {
                    output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // process ended
        }
    }

    /** Everything the process wrote so far (stdout and stderr). */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Waits until the output contains {@code needle}; false after {@code within}. */
    public boolean awaitOutput(String needle, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (output) {
            while (output.indexOf(needle) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                output.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits for the exit code; -1 when still running after {@code within}. */
    public int waitFor(Duration within) throws InterruptedException {
        if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            pump.join(1000);
            return process.exitValue();
        }
        return -1;
    }

    /** Ends the process (TERM, then KILL after 3 s) and its children. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
