package edu.tinynet.tunnel.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Regression test for relays freezing when the two legs of a pair ran on different I/O threads:
 * 200 concurrent connections (far more than the 2 I/O threads per tunnel) each stream 256 KiB
 * both ways and all complete intact.
 */
class ManyConcurrentConnectionsTest {

    private static final int CONNECTIONS = 200;
    private static final long SIZE = 256 * 1024;

    @Test
    void twoHundredConcurrentConnectionsAllComplete() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener clientEvents = new RecordingTunnelListener();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = start(TunnelFixtures.server("s", backend.address()), pki, new RecordingTunnelListener());
                Tunnel client = start(TunnelFixtures.client("c", server.boundAddress("s")), pki, clientEvents)) {
            assertEquals(2, client.processors());
            List<Future<TunnelProbe.StreamResult>> results = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                results.add(pool.submit(() -> TunnelProbe.streamBothWays(client.boundAddress("c"), SIZE,
                        Duration.ofSeconds(60))));
            }
            for (Future<TunnelProbe.StreamResult> f : results) {
                TunnelProbe.StreamResult r = f.get(120, TimeUnit.SECONDS);
                assertTrue(r.intact(), r.toString());
            }
            List<ConnectionStats> closed = clientEvents.awaitClosed(CONNECTIONS, Duration.ofSeconds(30));
            assertTrue(closed.stream().allMatch(s -> s.status() == CloseStatus.CLOSED), closed.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Tunnel start(ServiceConfig s, TunnelFixtures.Pki pki, RecordingTunnelListener l) throws Exception {
        Tunnel t = Tunnel.builder(c -> c.client() ? pki.clientTls() : pki.serverTls()).listener(l).processors(2).build();
        try {
            t.start(TunnelFixtures.config(s));
        } catch (Exception e) {
            t.close();
            throw e;
        }
        return t;
    }
}
