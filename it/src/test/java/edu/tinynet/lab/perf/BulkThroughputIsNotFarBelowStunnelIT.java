package edu.tinynet.lab.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.ExternalTool;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.StunnelProcess;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI benchmark: a gross-regression guard, not a measurement (that is {@code bench/run.sh}, see
 * docs/benchmarks.md). One bulk stream each way through our client + server pair (two processes
 * started by the launcher {@code tunnel/bin/tunnel} with its default JVM settings, as users run
 * it) and through a stunnel4 pair, on loopback, same certificates, TLS 1.3, chain and host name
 * verified by the client; alternately, three times each after a warm-up. It fails only when our
 * best run is below half of stunnel's best in the same run, so a busy CI machine does not make it
 * flaky while a broken data path (a copy per byte, a lost write coalescing, a stall per record)
 * does.
 */
@Tag("integration")
class BulkThroughputIsNotFarBelowStunnelIT {

    private static final Path TUNNEL_MODULE = Path.of("..", "tunnel").toAbsolutePath().normalize();

    private static final long BYTES = 48L << 20;
    private static final int REPS = 3;
    private static final int WARM_UP_ROUNDS = 4;
    private static final double FLOOR = 0.5;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void bulkThroughputEachWayIsAtLeastHalfOfStunnels() throws Exception {
        InteropFiles files = InteropFiles.write(TunnelFixtures.pki(), dir);
        try (Backend backend = new Backend()) {
            Path sdir = Files.createDirectories(dir.resolve("stunnel-server"));
            Path cdir = Files.createDirectories(dir.resolve("stunnel-client"));
            try (StunnelProcess stServer = StunnelProcess.start(sdir, "connect = 127.0.0.1:" + backend.port()
                    + "\ncert = " + files.server() + "\nsslVersion = TLSv1.3");
                    StunnelProcess stClient = StunnelProcess.start(cdir, "client = yes\nconnect = 127.0.0.1:"
                            + stServer.port() + "\n" + clientLines(files));
                    Ours ourServer = Ours.start(dir, "server", "connect = 127.0.0.1:" + backend.port()
                            + "\ncert = " + files.server() + "\nsslVersion = TLSv1.3");
                    Ours ourClient = Ours.start(dir, "client", "client = yes\nconnect = 127.0.0.1:" + ourServer.port
                            + "\n" + clientLines(files))) {
                Map<String, InetSocketAddress> pairs = new LinkedHashMap<>();
                pairs.put("ours", new InetSocketAddress(InetAddress.getLoopbackAddress(), ourClient.port));
                pairs.put("stunnel", new InetSocketAddress(InetAddress.getLoopbackAddress(), stClient.port()));
                run(pairs);
            }
        }
    }

    private static String clientLines(InteropFiles files) {
        return "sslVersion = TLSv1.3\nverifyChain = yes\nCAfile = " + files.ca() + "\ncheckHost = localhost";
    }

    /** Our tunnel as users run it: tunnel/bin/tunnel CONF, in the foreground. */
    private static final class Ours implements AutoCloseable {
        final ExternalTool process;
        final int port;

        private Ours(ExternalTool process, int port) {
            this.process = process;
            this.port = port;
        }

        static Ours start(Path dir, String name, String serviceLines) throws Exception {
            Path launcher = TUNNEL_MODULE.resolve("bin/tunnel");
            Path jar = TUNNEL_MODULE.resolve("target/tunnel.jar");
            assertTrue(Files.isExecutable(launcher) && Files.isRegularFile(jar),
                    "needs " + launcher + " and " + jar + " (mvn package builds the jar)");
            int port = ExternalTool.freePort();
            Path conf = dir.resolve("ours-" + name + ".conf");
            Files.writeString(conf, "foreground = yes\npid =\ndebug = 5\n\n[bench]\naccept = 127.0.0.1:" + port
                    + "\n" + serviceLines + "\n");
            ExternalTool t = ExternalTool.start(dir, List.of(launcher.toString(), conf.toString()),
                    Map.of("TUNNEL_JAR", jar.toString()));
            try {
                ExternalTool.awaitListening(port, Duration.ofSeconds(30));
            } catch (Exception | AssertionError e) {
                String out = t.output();
                t.close();
                throw new AssertionError("our " + name + " did not start:\n" + out, e);
            }
            return new Ours(t, port);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private static void run(Map<String, InetSocketAddress> pairs) throws IOException {
        Map<String, List<Double>> mbps = new LinkedHashMap<>();
        // warm-up, not recorded: our JVMs start cold, and a 48 MiB transfer takes a fraction of a
        // second, so one round left the JIT half done (ratios of 0.56-0.60 seen in CI against
        // 1.1-1.2 in bench/run.sh); stunnel gets the same rounds
        for (int w = 0; w < WARM_UP_ROUNDS; w++) {
            for (String impl : pairs.keySet()) {
                transfer(pairs.get(impl), true, BYTES);
                transfer(pairs.get(impl), false, BYTES);
            }
        }
        List<String> order = new ArrayList<>(pairs.keySet());
        for (int r = 0; r < REPS; r++) {
            for (String impl : order) {
                for (boolean up : new boolean[] {true, false}) {
                    mbps.computeIfAbsent(impl + (up ? " up" : " down"), k -> new ArrayList<>())
                            .add(transfer(pairs.get(impl), up, BYTES));
                }
            }
            java.util.Collections.reverse(order); // A B, B A, ...
        }
        StringBuilder table = new StringBuilder("bulk MB/s, best of " + REPS + " (" + (BYTES >> 20) + " MiB):\n");
        List<String> misses = new ArrayList<>();
        for (String dirn : List.of("up", "down")) {
            double ours = best(mbps.get("ours " + dirn));
            double st = best(mbps.get("stunnel " + dirn));
            table.append(String.format("  %-4s ours %7.1f %s  stunnel %7.1f %s  ratio %.2f%n", dirn, ours,
                    rounded(mbps.get("ours " + dirn)), st, rounded(mbps.get("stunnel " + dirn)), ours / st));
            if (ours < FLOOR * st) {
                misses.add(dirn + String.format(" %.2f", ours / st));
            }
        }
        System.out.print(table);
        assertTrue(misses.isEmpty(), "bulk throughput below " + FLOOR + "x stunnel's (" + misses + "):\n" + table);
    }

    /** One connection through the pair: MB/s (10^6 B/s) from the first byte sent to the backend's count. */
    private static double transfer(InetSocketAddress pair, boolean up, long n) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(pair, 10_000);
            s.setSoTimeout(60_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] buf = new byte[64 << 10];
            long t0 = System.nanoTime();
            out.writeByte(up ? 'U' : 'D');
            out.writeLong(n);
            if (up) {
                for (long left = n; left > 0; left -= buf.length) {
                    out.write(buf, 0, (int) Math.min(buf.length, left));
                }
                out.flush();
                assertEquals(n, in.readLong(), "bytes the backend counted");
            } else {
                out.flush();
                long got = 0;
                for (int k; (k = in.read(buf)) > 0; ) {
                    got += k;
                }
                assertEquals(n, got, "bytes that came back");
            }
            return n / ((System.nanoTime() - t0) / 1e9) / 1e6;
        }
    }

    private static List<Long> rounded(List<Double> v) {
        return v.stream().map(Math::round).toList();
    }

    private static double best(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** 'U' + length: read that many bytes, answer the count; 'D' + length: send that many, close. */
    private static final class Backend implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::acceptLoop, "bench-backend");

        Backend() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "bench-backend-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void serve(Socket s) {
            try (s) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                int mode = in.readByte();
                long n = in.readLong();
                byte[] buf = new byte[64 << 10];
                if (mode == 'U') {
                    long got = 0;
                    InputStream raw = s.getInputStream();
                    while (got < n) {
                        int k = raw.read(buf, 0, (int) Math.min(buf.length, n - got));
                        if (k < 0) {
                            break;
                        }
                        got += k;
                    }
                    new DataOutputStream(out).writeLong(got);
                } else {
                    for (long left = n; left > 0; left -= buf.length) {
                        out.write(buf, 0, (int) Math.min(buf.length, left));
                    }
                }
                out.flush();
                s.shutdownOutput();
                s.getInputStream().read(); // until the tunnel closes its end
            } catch (IOException e) {
                // the test sees the short count
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
