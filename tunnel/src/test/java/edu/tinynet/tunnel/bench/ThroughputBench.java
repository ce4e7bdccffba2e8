package edu.tinynet.tunnel.bench;

import edu.tinynet.tunnel.relay.RelayTuning;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Bulk throughput, not a test: {@code N} MiB from a plain client through a client-mode tunnel and a
 * server-mode tunnel (two tunnels, one JVM) into a sink, on loopback. Prints MB/s.
 *
 * <pre>
 * java -cp ... edu.tinynet.tunnel.bench.ThroughputBench [MiB=1024] [runs=3] [highWater=0] [lowWater=0] [readBuffer=65536] [processors=cores]
 * </pre>
 */
public final class ThroughputBench {

    private ThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int high = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int low = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int readBuf = args.length > 4 ? Integer.parseInt(args[4]) : 64 * 1024;
        int processors = args.length > 5 ? Integer.parseInt(args[5]) : Runtime.getRuntime().availableProcessors();
        RelayTuning tuning = new RelayTuning(high, low, readBuf);
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        try (EchoServer sink = EchoServer.start(EchoServer.Mode.SINK, 0);
                Tunnel server = Tunnel.builder(s -> pki.serverTls()).tuning(tuning).processors(processors).build();
                Tunnel client = Tunnel.builder(s -> pki.clientTls()).tuning(tuning).processors(processors).build()) {
            server.start(TunnelFixtures.config(TunnelFixtures.server("s", sink.address())));
            client.start(TunnelFixtures.config(TunnelFixtures.client("c", server.boundAddress("s"))));
            InetSocketAddress entry = client.boundAddress("c");
            System.out.printf("tuning %s, processors %d%n", tuning, processors);
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
                    s.getInputStream().read();
                }
                while (sink.bytesRead() - before < bytes) {
                    Thread.sleep(1);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("run %d: %d MiB in %.2f s = %.0f MB/s (%.0f MiB/s)%n", r + 1, mib, secs,
                        bytes / secs / 1e6, mib / secs);
            }
        }
    }
}
