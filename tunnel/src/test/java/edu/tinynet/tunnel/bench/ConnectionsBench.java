package edu.tinynet.tunnel.bench;

import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Capacity, not a test: holds N connections open through a client-mode and a server-mode service
 * (one tunnel, so 2 N relayed connections and 6 N sockets in this JVM) to a NIO echo backend.
 * Each connection is verified with a round trip when opened and again once all are open.
 * Prints open time, heap after GC, threads. Raise the fd limit first ({@code ulimit -n 200000}).
 *
 * <pre>java -cp ... edu.tinynet.tunnel.bench.ConnectionsBench [N=20000] [openers=8]</pre>
 */
public final class ConnectionsBench {

    private ConnectionsBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int openers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        try (NioEcho echo = new NioEcho();
                Tunnel t = Tunnel.builder(s -> s.client() ? pki.clientTls() : pki.serverTls()).build()) {
            t.start(TunnelFixtures.config(TunnelFixtures.server("s", echo.address())));
            t.reload(TunnelFixtures.config(TunnelFixtures.server("s", echo.address()),
                    TunnelFixtures.client("c", t.boundAddress("s"))));
            InetSocketAddress entry = t.boundAddress("c");
            System.out.printf("opening %d connections through [c] -> [s] -> echo, %d I/O threads%n", n, t.processors());
            List<SocketChannel> open = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(openers);
            long t0 = System.nanoTime();
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < openers; w++) {
                int share = n / openers + (w < n % openers ? 1 : 0);
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        SocketChannel ch = SocketChannel.open(entry);
                        roundTrip(ch);
                        open.add(ch);
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
            double openSecs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("opened %d in %.1f s (%.0f/s); tunnel reports %d live relayed connections%n", open.size(),
                    openSecs, open.size() / openSecs, t.activeConnections().size());
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(300);
            }
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("heap after GC: %.0f MiB (%.1f KiB per client connection, %d relayed), max heap %.0f MiB,"
                    + " threads %d%n", used / 1048576.0, used / 1024.0 / n, t.activeConnections().size(),
                    Runtime.getRuntime().maxMemory() / 1048576.0, Thread.activeCount());
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            Thread.sleep(10_000);
            System.out.printf("idle for 10 s with all open: %.1f%% of one core%n",
                    (os.getProcessCpuTime() - cpu0) / 1e7 / 10);
            long t1 = System.nanoTime();
            for (SocketChannel ch : open) {
                roundTrip(ch);
            }
            System.out.printf("second round trip on all %d: %.1f s%n", open.size(), (System.nanoTime() - t1) / 1e9);
            for (SocketChannel ch : open) {
                ch.close();
            }
            long t2 = System.nanoTime();
            while (!t.activeConnections().isEmpty() && System.nanoTime() - t2 < 60_000_000_000L) {
                Thread.sleep(100);
            }
            System.out.printf("closed; %d live after %.1f s%n", t.activeConnections().size(),
                    (System.nanoTime() - t2) / 1e9);
            pool.shutdownNow();
        }
    }

    private static void roundTrip(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {42});
        ch.write(b);
        ByteBuffer r = ByteBuffer.allocate(1);
        while (r.hasRemaining()) {
            if (ch.read(r) < 0) {
                throw new IOException("closed by the tunnel");
            }
        }
    }

    /** A one-thread NIO echo server (thread-per-connection would not hold 20,000). */
    static final class NioEcho implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Selector selector;
        private final Thread thread;

        NioEcho() throws IOException {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            thread = new Thread(this::loop, "nio-echo");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) server.getLocalAddress();
        }

        private void loop() {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            try {
                while (selector.isOpen()) {
                    selector.select();
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isAcceptable()) {
                            SocketChannel c;
                            while ((c = server.accept()) != null) {
                                c.configureBlocking(false);
                                c.register(selector, SelectionKey.OP_READ);
                            }
                        } else if (k.isReadable()) {
                            SocketChannel c = (SocketChannel) k.channel();
                            buf.clear();
                            int r;
                            try {
                                r = c.read(buf);
                            } catch (IOException e) {
                                r = -1;
                            }
                            if (r < 0) {
                                k.cancel();
                                c.close();
                            } else {
                                buf.flip();
                                c.write(buf); // small echoes fit the send buffer
                            }
                        }
                    }
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            selector.close();
            server.close();
        }
    }
}
