package edu.tinynet.tunnel.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code openssl} command line as an independent judge of what our code writes and
 * reads. Every run has a timeout; output is collected through files so a chatty process never
 * blocks on a full pipe.
 *
 * <pre>{@code
 * OpenSsl.run("verify", "-CAfile", ca.toString(), "-verify_hostname", "ldap.tinynet.edu", cert.toString())
 *        .assertOk();
 * }</pre>
 */
public final class OpenSsl {

    /** Default time limit of one run. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What a run printed and returned. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** True when openssl exited with 0. */
        public boolean ok() {
            return exitCode == 0;
        }

        /** stdout followed by stderr. */
        public String output() {
            return stdout + stderr;
        }

        /** Fails (with the command and its output) unless the exit code was 0. */
        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("openssl failed (exit " + exitCode + "): " + String.join(" ", command)
                        + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr);
            }
            return this;
        }

        /** Fails unless the exit code was non-zero. */
        public Result assertFailed() {
            if (exitCode == 0) {
                throw new AssertionError("openssl unexpectedly succeeded: " + String.join(" ", command)
                        + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr);
            }
            return this;
        }
    }

    private OpenSsl() {
    }

    /** Runs {@code openssl ARGS} with no input. */
    public static Result run(String... args) {
        return run(null, TIMEOUT, args);
    }

    /** Runs {@code openssl ARGS} with {@code stdin} as its input (may be null). */
    public static Result run(byte[] stdin, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Path out = null;
        Path err = null;
        Path in = null;
        try {
            out = Files.createTempFile("openssl-out", ".txt");
            err = Files.createTempFile("openssl-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin != null) {
                in = Files.createTempFile("openssl-in", ".txt");
                Files.write(in, stdin);
                pb.redirectInput(in.toFile());
            } else {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError("cannot run openssl (install it with scripts/install-deps.sh): " + e.getMessage(), e);
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("openssl timed out after " + timeout + ": " + String.join(" ", cmd)
                        + "\n--- stdout\n" + Files.readString(out, StandardCharsets.ISO_8859_1)
                        + "--- stderr\n" + Files.readString(err, StandardCharsets.ISO_8859_1));
            }
            return new Result(List.copyOf(cmd), p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running openssl", e);
        } finally {
            for (Path f : new Path[] {out, err, in}) {
                if (f != null) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException ignored) {
                        // temp file
                    }
                }
            }
        }
    }

    /** {@code openssl x509 -noout -text -in FILE}: the certificate as text. */
    public static String x509Text(Path certFile) {
        return run("x509", "-noout", "-text", "-in", certFile.toString()).assertOk().stdout();
    }

    /** {@code openssl verify -CAfile CA [extra...] CERT}. */
    public static Result verify(Path caFile, Path certFile, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "-CAfile", caFile.toString()));
        args.addAll(List.of(extra));
        args.add(certFile.toString());
        return run(args.toArray(new String[0]));
    }
}
