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
 * 256 MiB stream concurrently in both directions through a client-mode and a server-mode service
 * to an echo backend arrive with equal SHA-256, and the byte counters match.
 */
class BulkStreamsArriveIntactTest {

    private static final long SIZE = 256L << 20;

    @Test
    void twoHundredFiftySixMebibytesEachWayArriveIntact() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener clientEvents = new RecordingTunnelListener();
        RecordingTunnelListener serverEvents = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        serverEvents);
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), clientEvents)) {
            TunnelProbe.StreamResult r;
            try {
                r = TunnelProbe.streamBothWays(client.boundAddress("c"), SIZE, Duration.ofSeconds(60));
            } catch (Exception e) {
                throw new AssertionError("stalled; client " + client.activeConnections() + "; server "
                        + server.activeConnections() + "; backend read " + backend.bytesRead() + "\nclient events "
                        + clientEvents.events() + "\nserver events " + serverEvents.events(), e);
            }
            assertTrue(r.intact(), r.toString());
            List<ConnectionStats> c = clientEvents.awaitClosed(1, Duration.ofSeconds(20));
            List<ConnectionStats> s = serverEvents.awaitClosed(1, Duration.ofSeconds(20));
            assertEquals(CloseStatus.CLOSED, c.get(0).status());
            assertEquals(SIZE, c.get(0).bytesToTls());
            assertEquals(SIZE, c.get(0).bytesToSocket());
            assertEquals(SIZE, s.get(0).bytesToTls());
            assertEquals(SIZE, s.get(0).bytesToSocket());
            System.out.printf("256 MiB each way through two tunnels: %d ms%n", r.took().toMillis());
        }
    }
}
