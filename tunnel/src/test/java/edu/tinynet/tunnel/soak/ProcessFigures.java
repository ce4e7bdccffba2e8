package edu.tinynet.tunnel.soak;

import edu.tinynet.tunnel.testing.TunnelRunProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a tunnel process holds at one moment: heap in use after a full GC ({@code jcmd PID GC.run},
 * then {@code GC.heap_info}), open file descriptors ({@code /proc/PID/fd}), threads and resident
 * memory ({@code /proc/PID/status}), and the active connections it reports on SIGUSR2.
 *
 * @param heapAfterGcKiB heap in use right after a full collection, KiB
 * @param fds            open file descriptors
 * @param threads        native threads
 * @param rssKiB         resident set size, KiB
 * @param active         connections listed on SIGUSR2
 */
record ProcessFigures(long heapAfterGcKiB, int fds, int threads, long rssKiB, int active) {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    /** Takes the figures of {@code p}. The first call attaches jcmd, which leaves one thread and one socket behind. */
    static ProcessFigures of(TunnelRunProcess p) throws IOException, InterruptedException {
        long pid = p.pid();
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(heap);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the heap use from jcmd GC.heap_info:\n" + heap);
        }
        int active = p.activeConnections(Duration.ofSeconds(30));
        return new ProcessFigures(Long.parseLong(m.group(1)), fds(pid), (int) status(pid, "Threads"),
                status(pid, "VmRSS"), active);
    }

    static int fds(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) s.count();
        }
    }

    /** A number from /proc/PID/status ("Threads:  12", "VmRSS:  123456 kB"). */
    static long status(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + pid + "/status");
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(List.of(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                Long.toString(pid), command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    static String mib(long kib) {
        return String.format("%.1f MiB", kib / 1024.0);
    }
}
