package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.testing.NioEchoServer;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 2,000 clients connect at once to one {@code client = yes} service (→ {@code client = no} → echo):
 * each either gets its own 4 KiB back intact (SHA-256, and data unique per connection, so a mix-up
 * shows) or is cleanly refused or closed; none hangs, none gets wrong data, and both tunnels end
 * with no live connection. File descriptors: 6 per connection in this JVM (client, two per tunnel,
 * backend), 12,000 in all, below the 20,000 limit here.
 */
class ManySimultaneousConnectsAreServedOrRefusedTest {

    private static final int CONNECTIONS = 2000;
    private static final int PAYLOAD = 4096;
    /** Every client must be done within this (about 15 s on two idle cores: 4,000 TLS handshakes in one JVM). */
    private static final Duration BOUND = Duration.ofSeconds(100);
    /** A hang: no tunnel event, no echo byte and no client finished for this long while some are open. */
    private static final Duration STALL = Duration.ofSeconds(30);

    /** What became of one client. */
    enum Outcome { SERVED, REFUSED, CLOSED_EARLY, CORRUPT, HUNG }

    @Test
    void everyClientIsServedOrCleanlyRefusedAndNoneHangs() {
        assertTimeoutPreemptively(Duration.ofSeconds(160), () -> {
            try (NioEchoServer backend = new NioEchoServer();
                    TunnelPair pair = TunnelPair.start(backend.address())) {
                long t0 = System.nanoTime();
                Map<Outcome, Integer> counts = run(pair);
                String summary = counts + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
                System.out.println(getClass().getSimpleName() + ": " + summary);
                assertEquals(0, counts.get(Outcome.HUNG), "hung clients: " + summary);
                assertEquals(0, counts.get(Outcome.CORRUPT), "wrong data: " + summary);
                assertTrue(counts.get(Outcome.SERVED) > 0, summary);
                assertEquals(CONNECTIONS, counts.get(Outcome.SERVED) + counts.get(Outcome.REFUSED)
                        + counts.get(Outcome.CLOSED_EARLY), summary);

                int accepted = pair.clientEvents.ofType("accepted").size();
                List<ConnectionStats> closed = pair.clientEvents.awaitClosed(accepted, Duration.ofSeconds(30));
                assertEquals(accepted, closed.size());
                pair.awaitNoConnections(Duration.ofSeconds(30));
                assertEquals(pair.serverEvents.ofType("accepted").size(), pair.serverEvents.ofType("closed").size());
            }
        });
    }

    private static final class Client {
        final int index;
        final ByteBuffer out;
        final ByteArrayOutputStream in = new ByteArrayOutputStream(PAYLOAD);
        Outcome outcome;

        Client(int index) {
            this.index = index;
            byte[] b = new byte[PAYLOAD];
            TunnelProbe.fillPattern(b, (long) index * PAYLOAD, PAYLOAD);
            this.out = ByteBuffer.wrap(b);
        }

        /** At the end of the stream (EOF or reset): served if the whole echo came back, else closed early or corrupt. */
        Outcome judge() throws Exception {
            byte[] got = in.toByteArray();
            byte[] sent = out.array();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (got.length == PAYLOAD
                    && Arrays.equals(md.digest(got), MessageDigest.getInstance("SHA-256").digest(sent))) {
                return Outcome.SERVED;
            }
            boolean prefix = got.length <= PAYLOAD && Arrays.equals(got, 0, got.length, sent, 0, got.length);
            return prefix ? Outcome.CLOSED_EARLY : Outcome.CORRUPT;
        }
    }

    private static Map<Outcome, Integer> run(TunnelPair pair) throws Exception {
        InetSocketAddress to = pair.entry();
        Client[] clients = new Client[CONNECTIONS];
        int open = 0;
        try (Selector sel = Selector.open()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                clients[i] = new Client(i);
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                try {
                    if (ch.connect(to)) {
                        ch.register(sel, SelectionKey.OP_WRITE | SelectionKey.OP_READ, clients[i]);
                    } else {
                        ch.register(sel, SelectionKey.OP_CONNECT, clients[i]);
                    }
                    open++;
                } catch (IOException e) {
                    clients[i].outcome = Outcome.REFUSED;
                    ch.close();
                }
            }
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long deadline = System.nanoTime() + BOUND.toNanos();
            long lastProgress = System.nanoTime();
            int lastEvents = 0;
            while (open > 0 && System.nanoTime() < deadline && System.nanoTime() - lastProgress < STALL.toNanos()) {
                int events = pair.clientEvents.count() + pair.serverEvents.count();
                if (events != lastEvents) {
                    lastEvents = events;
                    lastProgress = System.nanoTime();
                }
                sel.select(200);
                for (SelectionKey k : sel.selectedKeys()) {
                    Client c = (Client) k.attachment();
                    SocketChannel ch = (SocketChannel) k.channel();
                    try {
                        if (k.isConnectable()) {
                            ch.finishConnect();
                            k.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                            continue;
                        }
                        if (k.isWritable()) {
                            ch.write(c.out);
                            if (!c.out.hasRemaining()) {
                                ch.shutdownOutput();
                                k.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (k.isReadable()) {
                            buf.clear();
                            int n = ch.read(buf);
                            if (n > 0) {
                                c.in.write(buf.array(), 0, n);
                                lastProgress = System.nanoTime();
                            } else if (n < 0) {
                                c.outcome = c.judge();
                            }
                        }
                    } catch (IOException e) {
                        // refused at connect, or reset later
                        c.outcome = c.in.size() == 0 && c.out.position() == 0 ? Outcome.REFUSED : c.judge();
                    }
                    if (c.outcome != null) {
                        lastProgress = System.nanoTime();
                        k.cancel();
                        ch.close();
                        open--;
                    }
                }
                sel.selectedKeys().clear();
            }
            for (SelectionKey k : sel.keys()) {
                k.channel().close();
            }
        }
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        for (Client c : clients) {
            counts.merge(c.outcome == null ? Outcome.HUNG : c.outcome, 1, Integer::sum);
        }
        return counts;
    }
}
