package edu.tinynet.tunnel.bench;

import edu.tinynet.tunnel.relay.RelayTuning;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.StunnelProcess;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.tls.TlsEngineFactory;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bulk throughput, not a test: {@code N} MiB from a plain client through a client-mode tunnel and a
 * server-mode tunnel (two tunnels) into a sink, on loopback. Prints MB/s.
 *
 * <pre>
 * java -cp ... edu.tinynet.tunnel.bench.ThroughputBench MODE [MiB=1024] [runs=3] [highWater=0] [lowWater=0]
 *     [readBuffer=65536] [processors=cores]
 * MODE: tunnel (ours, in this JVM) | stunnel (two stunnel4 processes) | direct (no tunnel)
 * -Dbench.suite=TLS_AES_128_GCM_SHA256 limits our tunnels to one cipher suite
 * </pre>
 */
public final class ThroughputBench {

    private ThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "tunnel";
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int high = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int low = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int readBuf = args.length > 5 ? Integer.parseInt(args[5]) : RelayTuning.DEFAULT.readBufferSize();
        int processors = args.length > 6 ? Integer.parseInt(args[6]) : Runtime.getRuntime().availableProcessors();
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        try (EchoServer sink = EchoServer.start(EchoServer.Mode.SINK, 0)) {
            switch (mode) {
                case "direct" -> measure("direct", sink.address(), sink, mib, runs);
                case "stunnel" -> {
                    Path dir = Files.createTempDirectory("bench-stunnel");
                    InteropFiles files = InteropFiles.write(pki, dir);
                    try (StunnelProcess server = StunnelProcess.start(dir, "connect = " + sink.port() + "\ncert = "
                            + files.server() + "\ndebug = 3");
                            StunnelProcess client = StunnelProcess.start(Files.createDirectories(dir.resolve("c")),
                                    "client = yes\nconnect = 127.0.0.1:" + server.port() + "\ndebug = 3")) {
                        measure("stunnel", new InetSocketAddress("127.0.0.1", client.port()), sink, mib, runs);
                    }
                }
                default -> {
                    RelayTuning tuning = new RelayTuning(high, low, readBuf);
                    String suite = System.getProperty("bench.suite");
                    TlsEngineFactory serverTls = only(pki.serverTls(), suite);
                    TlsEngineFactory clientTls = only(pki.clientTls(), suite);
                    try (Tunnel server = Tunnel.builder(s -> serverTls).tuning(tuning).processors(processors)
                            .build();
                            Tunnel client = Tunnel.builder(s -> clientTls).tuning(tuning).processors(processors)
                                    .build()) {
                        server.start(TunnelFixtures.config(TunnelFixtures.server("s", sink.address())));
                        client.start(TunnelFixtures.config(TunnelFixtures.client("c", server.boundAddress("s"))));
                        measure("tunnel " + tuning + " processors " + processors, client.boundAddress("c"), sink, mib,
                                runs);
                    }
                }
            }
        }
    }

    /** {@code f} limited to one cipher suite ({@code -Dbench.suite=...}), or {@code f} itself. */
    private static TlsEngineFactory only(TlsEngineFactory f, String suite) {
        if (suite == null) {
            return f;
        }
        return (clientMode, host, port) -> {
            var e = f.newEngine(clientMode, host, port);
            e.setEnabledCipherSuites(new String[] {suite});
            return e;
        };
    }

    private static void measure(String what, InetSocketAddress entry, EchoServer sink, long mib, int runs)
            throws Exception {
        System.out.println(what);
        for (int r = 0; r < runs; r++) {
            long before = sink.bytesRead();
            long bytes = mib << 20;
            long t0 = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(entry);
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[256 * 1024];
                for (long done = 0; done < bytes; done += buf.length) {
                    out.write(buf, 0, (int) Math.min(buf.length, bytes - done));
                }
                s.shutdownOutput();
                while (sink.bytesRead() - before < bytes) {
                    Thread.sleep(1);
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  run %d: %d MiB in %.2f s = %.0f MB/s%n", r + 1, mib, secs, bytes / secs / 1e6);
        }
    }
}
