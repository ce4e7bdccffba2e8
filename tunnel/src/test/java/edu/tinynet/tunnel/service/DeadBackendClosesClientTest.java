package edu.tinynet.tunnel.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When nothing listens at the backend, the client's connection is closed promptly and the reason is reported. */
class DeadBackendClosesClientTest {

    @Test
    void deadBackendClosesTheClientWithAReason() throws Exception {
        InetSocketAddress dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener clientEvents = new RecordingTunnelListener();
        RecordingTunnelListener serverEvents = new RecordingTunnelListener();
        try (Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", dead), pki.serverTls(), serverEvents);
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), clientEvents);
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            p.write("anyone there?".getBytes());
            assertTrue(p.awaitClosed(Duration.ofSeconds(5)), () -> "client connection closed; client "
                    + clientEvents.events() + "\nserver " + serverEvents.events());

            RecordingTunnelListener.Event failed = serverEvents.await("connectFailed", Duration.ofSeconds(5));
            assertTrue(failed.text().contains(String.valueOf(dead.getPort())), failed.text());
            assertTrue(failed.text().toLowerCase().contains("refused"), failed.text());
            ConnectionStats s = serverEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0);
            assertEquals(CloseStatus.RESET, s.status());
            assertTrue(s.reason().startsWith("No more addresses to connect"), s.reason());
            assertEquals(CloseStatus.RESET, clientEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
        }
    }
}
