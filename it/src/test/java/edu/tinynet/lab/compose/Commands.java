package edu.tinynet.lab.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program on the test machine (docker, ldapsearch, curl) with a time limit. */
final class Commands {

    /** How a program ended: exit code (-1 when it was killed at the time limit) and its output. */
    record Result(List<String> command, int exitCode, String output, Duration took) {

        boolean ok() {
            return exitCode == 0;
        }

        /** The command, its exit code and its output: for assertion messages. */
        String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + " after " + took.toMillis() + " ms\n" + output;
        }
    }

    private Commands() {
    }

    /** Runs {@code command} in {@code dir}; stdout and stderr together, stdin from {@code stdin} (may be null). */
    static Result run(Path dir, Map<String, String> env, byte[] stdin, Duration limit, List<String> command) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> copy(p.getInputStream(), out), "cmd-output");
            pump.setDaemon(true);
            pump.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            int code;
            if (p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                code = p.exitValue();
            } else {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                code = -1;
            }
            pump.join(5000);
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            if (code == -1) {
                text += "\n(killed after " + limit.toSeconds() + " s)";
            }
            return new Result(command, code, text, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    static Result run(Duration limit, String... command) {
        return run(null, Map.of(), null, limit, List.of(command));
    }

    /** True when {@code name} is an executable in a PATH directory. */
    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
