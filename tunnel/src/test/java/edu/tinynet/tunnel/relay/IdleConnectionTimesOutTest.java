package edu.tinynet.tunnel.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A connection that carries no data for TIMEOUTidle is reset, and the reason says so. */
class IdleConnectionTimesOutTest {

    @Test
    void idleConnectionIsResetAfterTimeoutIdle() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        new RecordingTunnelListener());
                Tunnel client = TunnelFixtures.start(TunnelFixtures.withTimeouts(
                        TunnelFixtures.client("c", server.boundAddress("s")), TunnelFixtures.timeouts(30, 30, 10, 1)),
                        pki.clientTls(), events);
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            p.write(new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, p.readExactly(3));
            assertTrue(p.awaitClosed(Duration.ofSeconds(5)), "closed after TIMEOUTidle");
            ConnectionStats s = events.awaitClosed(1, Duration.ofSeconds(2)).get(0);
            assertEquals(CloseStatus.RESET, s.status());
            assertEquals("TIMEOUTidle exceeded", s.reason());
        }
    }
}
