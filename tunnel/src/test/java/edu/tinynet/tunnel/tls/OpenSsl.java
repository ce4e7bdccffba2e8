package edu.tinynet.tunnel.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the {@code openssl} command line tool as an independent peer (loopback only). */
final class OpenSsl implements AutoCloseable {

    private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private OpenSsl(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        process = pb.start();
        Thread reader = new Thread(() -> pump(process.getInputStream()), "openssl-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                output.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    /** True when {@code openssl} can be run here. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts {@code openssl s_server -accept 127.0.0.1:0 ARGS} and waits until it listens. */
    static OpenSsl server(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:0"));
        cmd.addAll(List.of(args));
        OpenSsl s = new OpenSsl(cmd);
        s.await(ACCEPT, Duration.ofSeconds(15));
        return s;
    }

    /** Starts {@code openssl s_client ARGS} (stdin stays open until {@link #send} or {@link #closeInput}). */
    static OpenSsl client(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client"));
        cmd.addAll(List.of(args));
        return new OpenSsl(cmd);
    }

    /** The port an {@link #server} listens on. */
    int port() {
        Matcher m = ACCEPT.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no ACCEPT line in: " + output);
        }
        return Integer.parseInt(m.group(1));
    }

    void send(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        process.getOutputStream().flush();
    }

    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for output matching {@code p}; fails with the output so far. */
    String await(Pattern p, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = p.matcher(output);
            if (m.find()) {
                return m.group();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("openssl did not print " + p + " within " + timeout + "; output:\n" + output);
    }

    String await(String text, Duration timeout) throws InterruptedException {
        return await(Pattern.compile(Pattern.quote(text)), timeout);
    }

    /** Waits for the process to end; returns its exit code (or fails after {@code timeout}). */
    int exit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("openssl still running after " + timeout + "; output:\n" + output);
        }
        Thread.sleep(50); // let the reader drain
        return process.exitValue();
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
