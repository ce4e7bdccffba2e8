package edu.tinynet.tunnel.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that reads slowly does not make the tunnels buffer without bound: the backend pushes
 * 64 MiB, the client stalls, and every tunnel's queue (read but not yet written) stays within a
 * few reads, as its own counters show.
 */
class SlowReaderBoundsQueuesTest {

    private static final long SIZE = 64L << 20;
    private static final long BOUND = 512 * 1024;

    @Test
    void queuedBytesStayBoundedWhileTheClientDoesNotRead() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener clientEvents = new RecordingTunnelListener();
        RecordingTunnelListener serverEvents = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.start(EchoServer.Mode.SOURCE, SIZE);
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        serverEvents);
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), clientEvents);
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            p.socket().setReceiveBufferSize(64 * 1024);
            // the client does not read: wait until the whole path has filled up and stopped moving
            long before = -1;
            for (int i = 0; i < 100; i++) {
                Thread.sleep(100);
                long now = sum(client.activeConnections()) + sum(server.activeConnections());
                if (now == before && now > 0) {
                    break;
                }
                before = now;
            }
            assertTrue(backend.accepted() == 1);
            List<ActiveConnection> cs = client.activeConnections();
            List<ActiveConnection> ss = server.activeConnections();
            assertEquals(1, cs.size());
            assertEquals(1, ss.size());
            ConnectionStats c = cs.get(0).stats();
            ConnectionStats s = ss.get(0).stats();
            assertTrue(c.bytesToSocket() < SIZE, "the stall must hold data back: " + c);
            assertTrue(c.peakQueuedToSocket() <= BOUND, "client tunnel queue: " + c);
            assertTrue(s.peakQueuedToTls() <= BOUND, "server tunnel queue: " + s);

            // then the client reads everything, intact
            TunnelProbe.StreamResult r = TunnelProbe.drain(p.in());
            assertEquals(SIZE, r.received());
            assertEquals(TunnelProbe.patternDigest(SIZE), r.receivedSha256());
            p.socket().close();
            ConnectionStats fin = clientEvents.awaitClosed(1, Duration.ofSeconds(10)).get(0);
            assertTrue(fin.peakQueuedToSocket() <= BOUND, "client tunnel queue: " + fin);
            assertTrue(serverEvents.awaitClosed(1, Duration.ofSeconds(10)).get(0).peakQueuedToTls() <= BOUND);
        }
    }

    private static long sum(List<ActiveConnection> l) {
        return l.stream().mapToLong(a -> a.stats().bytesToSocket() + a.stats().bytesToTls()).sum();
    }
}
