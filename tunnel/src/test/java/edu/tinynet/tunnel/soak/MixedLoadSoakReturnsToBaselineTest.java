package edu.tinynet.tunnel.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelRunProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: a client-mode and a server-mode {@code tunnel run} (each its own JVM, real signals, real log
 * files) carry a churning mixed load of about 1,000 concurrent connections (see {@link MixedLoad})
 * to an echo backend. Afterwards both processes are back at their post-warm-up baseline: heap after a
 * full GC within +10 MiB or +20 %, file descriptors within +3, threads within +4, no active
 * connection on SIGUSR2; zero data errors, zero failed connections, no error line in either log and
 * nothing on stdout/stderr (an uncaught exception, an OutOfMemoryError). RSS growth is reported and
 * only capped (512 MiB).
 *
 * <p>Properties: {@code soak.duration} (ISO-8601, default {@code PT25S}; the documented full run is
 * {@code PT10M}, see docs/soak.md), {@code soak.connections} (1000), {@code soak.warmup} (PT5S),
 * {@code soak.jvmArgs} (flags for the two tunnel JVMs, default {@code -Xmx512m}).
 */
class MixedLoadSoakReturnsToBaselineTest {

    private static final long HEAP_SLACK_KIB = 10 * 1024;
    private static final int FD_SLACK = 3;
    private static final int THREAD_SLACK = 4;
    private static final long RSS_CAP_KIB = 512 * 1024;

    @TempDir
    Path dir;

    @Test
    void bothTunnelsReturnToBaselineAfterMixedLoad() throws Exception {
        Duration duration = Duration.parse(System.getProperty("soak.duration", "PT25S"));
        int slots = Integer.getInteger("soak.connections", 1000);
        Duration warmup = Duration.parse(System.getProperty("soak.warmup", "PT5S"));
        List<String> jvmArgs = Arrays.stream(System.getProperty("soak.jvmArgs", "-Xmx512m").trim().split("\\s+"))
                .filter(a -> !a.isEmpty()).toList();
        Duration maxIdle = duration.dividedBy(4).compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15)
                : duration.dividedBy(4);

        InteropFiles files = InteropFiles.write(TunnelFixtures.pki(), dir);
        try (EchoServer echo = EchoServer.echo()) {
            Path serverConf = dir.resolve("server.conf");
            Path serverLog = dir.resolve("server.log");
            Files.writeString(serverConf, "foreground = quiet\ndebug = notice\noutput = " + serverLog + "\n\n[soak]\n"
                    + "accept = 127.0.0.1:0\nconnect = 127.0.0.1:" + echo.port() + "\ncert = " + files.server()
                    + "\ndebug = warning\n");
            try (TunnelRunProcess server = TunnelRunProcess.start(dir, "server", serverConf, serverLog, jvmArgs)) {
                server.awaitStarted(Duration.ofSeconds(60));
                Path clientConf = dir.resolve("client.conf");
                Path clientLog = dir.resolve("client.log");
                Files.writeString(clientConf, "foreground = quiet\ndebug = notice\noutput = " + clientLog
                        + "\n\n[soak]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:" + server.boundPort("soak")
                        + "\nCAfile = " + files.ca() + "\nverifyChain = yes\ncheckHost = localhost\ndebug = warning\n");
                try (TunnelRunProcess client = TunnelRunProcess.start(dir, "client", clientConf, clientLog, jvmArgs)) {
                    client.awaitStarted(Duration.ofSeconds(60));
                    InetSocketAddress entry = new InetSocketAddress("127.0.0.1", client.boundPort("soak"));

                    MixedLoad.Stats warm = new MixedLoad(entry, Math.min(200, slots), warmup, Duration.ofSeconds(2), 1)
                            .run();
                    System.out.println("soak warm-up: " + warm);
                    assertEquals(0, warm.dataErrors.get() + warm.failures.get(), "warm-up: " + warm);
                    awaitNoActiveConnections(client, server);
                    ProcessFigures clientBefore = ProcessFigures.of(client);
                    ProcessFigures serverBefore = ProcessFigures.of(server);

                    MixedLoad.Stats load = new MixedLoad(entry, slots, duration, maxIdle, 2).run();
                    System.out.println("soak load: " + load);
                    awaitNoActiveConnections(client, server);
                    ProcessFigures clientAfter = settled(client, clientBefore);
                    ProcessFigures serverAfter = settled(server, serverBefore);

                    System.out.println(table(slots, duration, load, clientBefore, clientAfter, serverBefore, serverAfter));
                    String errors = errorLines(client) + errorLines(server);
                    System.out.println("soak: error lines in the tunnel logs: " + (errors.isEmpty() ? "none" : "\n" + errors));

                    assertEquals(0, load.dataErrors.get(), "data errors: " + load);
                    assertEquals(0, load.failures.get(), "failed connections: " + load);
                    assertTrue(load.peakOpen.get() >= slots * 9 / 10, "about " + slots + " connections open at once: " + load);
                    check("client", clientBefore, clientAfter);
                    check("server", serverBefore, serverAfter);
                    assertEquals("", errors, "error lines in the tunnel logs");
                    assertEquals("", client.console() + server.console(), "nothing on stdout/stderr (foreground = quiet)");

                    assertEquals(0, client.stop(Duration.ofSeconds(30)), client.console());
                }
                assertEquals(0, server.stop(Duration.ofSeconds(30)), server.console());
            }
        }
    }

    /** Polls SIGUSR2 on both until neither lists a connection (the load's last connections may still be closing). */
    private static void awaitNoActiveConnections(TunnelRunProcess client, TunnelRunProcess server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int c;
        int s;
        do {
            c = client.activeConnections(Duration.ofSeconds(30));
            s = server.activeConnections(Duration.ofSeconds(30));
            if (c == 0 && s == 0) {
                return;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("active connections 60 s after the load stopped: client " + c + ", server " + s);
    }

    /**
     * The figures once they are back within tolerance, or the last ones after 30 s: threads of a
     * cached pool and file descriptors of just-closed sockets may take a moment.
     */
    private static ProcessFigures settled(TunnelRunProcess p, ProcessFigures before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (;;) {
            ProcessFigures now = ProcessFigures.of(p);
            if (problems(before, now).isEmpty() || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(3000);
        }
    }

    private static List<String> problems(ProcessFigures before, ProcessFigures after) {
        List<String> out = new ArrayList<>();
        long heapLimit = before.heapAfterGcKiB() + Math.max(HEAP_SLACK_KIB, before.heapAfterGcKiB() / 5);
        if (after.heapAfterGcKiB() > heapLimit) {
            out.add("heap after GC " + ProcessFigures.mib(after.heapAfterGcKiB()) + " > limit "
                    + ProcessFigures.mib(heapLimit));
        }
        if (after.fds() > before.fds() + FD_SLACK) {
            out.add("fds " + after.fds() + " > " + before.fds() + " + " + FD_SLACK);
        }
        if (after.threads() > before.threads() + THREAD_SLACK) {
            out.add("threads " + after.threads() + " > " + before.threads() + " + " + THREAD_SLACK);
        }
        if (after.active() != 0) {
            out.add("active connections " + after.active());
        }
        if (after.rssKiB() - before.rssKiB() > RSS_CAP_KIB) {
            out.add("RSS grew by " + ProcessFigures.mib(after.rssKiB() - before.rssKiB()) + " > "
                    + ProcessFigures.mib(RSS_CAP_KIB));
        }
        return out;
    }

    private static void check(String which, ProcessFigures before, ProcessFigures after) {
        List<String> p = problems(before, after);
        assertTrue(p.isEmpty(), which + " tunnel did not return to its baseline: " + p + " (before " + before
                + ", after " + after + ")");
    }

    private static String errorLines(TunnelRunProcess p) throws IOException {
        StringBuilder sb = new StringBuilder();
        long n = 0;
        for (String line : Files.readAllLines(p.logFile())) {
            if (line.contains(" LOG3[") || line.contains(" LOG2[") || line.contains(" LOG1[") || line.contains(" LOG0[")) {
                if (n++ < 10) {
                    sb.append("  ").append(p.logFile().getFileName()).append(": ").append(line).append('\n');
                }
            }
        }
        if (n > 10) {
            sb.append("  ... ").append(n).append(" in ").append(p.logFile().getFileName()).append('\n');
        }
        return sb.toString();
    }

    static String table(int slots, Duration duration, MixedLoad.Stats load, ProcessFigures cb, ProcessFigures ca,
            ProcessFigures sb, ProcessFigures sa) {
        String row = "| %-24s | %13s | %13s | %13s | %13s |%n";
        StringBuilder t = new StringBuilder();
        t.append(String.format("soak: %d connection slots for %s through tunnel run client=yes -> client=no -> echo%n",
                slots, duration));
        t.append(String.format(row, "", "client before", "client after", "server before", "server after"));
        t.append(String.format(row, "heap after full GC", ProcessFigures.mib(cb.heapAfterGcKiB()),
                ProcessFigures.mib(ca.heapAfterGcKiB()), ProcessFigures.mib(sb.heapAfterGcKiB()),
                ProcessFigures.mib(sa.heapAfterGcKiB())));
        t.append(String.format(row, "file descriptors", cb.fds(), ca.fds(), sb.fds(), sa.fds()));
        t.append(String.format(row, "threads", cb.threads(), ca.threads(), sb.threads(), sa.threads()));
        t.append(String.format(row, "active conns (SIGUSR2)", cb.active(), ca.active(), sb.active(), sa.active()));
        t.append(String.format(row, "RSS", ProcessFigures.mib(cb.rssKiB()), ProcessFigures.mib(ca.rssKiB()),
                ProcessFigures.mib(sb.rssKiB()), ProcessFigures.mib(sa.rssKiB())));
        t.append(String.format("RSS growth: client %+.1f MiB, server %+.1f MiB%n", (ca.rssKiB() - cb.rssKiB()) / 1024.0,
                (sa.rssKiB() - sb.rssKiB()) / 1024.0));
        t.append("load: ").append(load).append('\n');
        return t.toString();
    }
}
