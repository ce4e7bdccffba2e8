package edu.tinynet.tunnel.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A short request goes through a client-mode and a server-mode service to an echo backend and back. */
class TunnelRelaysEchoTest {

    @Test
    void echoThroughClientAndServerTunnels() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener serverEvents = new RecordingTunnelListener();
        RecordingTunnelListener clientEvents = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        serverEvents);
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), clientEvents)) {
            byte[] hello = "hello through two tunnels\n".getBytes(StandardCharsets.US_ASCII);
            try (TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
                p.write(hello);
                assertArrayEquals(hello, p.readExactly(hello.length));
                p.shutdownOutput();
                assertEquals(0, p.readToEnd().length);
            }
            List<ConnectionStats> c = clientEvents.awaitClosed(1, Duration.ofSeconds(10));
            List<ConnectionStats> s = serverEvents.awaitClosed(1, Duration.ofSeconds(10));
            assertEquals(CloseStatus.CLOSED, c.get(0).status(), () -> clientEvents.events().toString());
            assertEquals(CloseStatus.CLOSED, s.get(0).status(), () -> serverEvents.events().toString());
            assertEquals(hello.length, c.get(0).bytesToTls());
            assertEquals(hello.length, c.get(0).bytesToSocket());
            assertEquals(hello.length, s.get(0).bytesToTls());
            assertEquals(hello.length, s.get(0).bytesToSocket());
            HandshakeInfo h = (HandshakeInfo) clientEvents.await("handshakeCompleted", Duration.ofSeconds(1)).detail();
            assertTrue(h.clientSide());
            assertEquals("TLSv1.3", h.protocol());
        }
    }
}
