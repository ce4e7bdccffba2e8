package edu.tinynet.tunnel.relay;

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

/**
 * After one side has finished sending, the connection may be silent for at most TIMEOUTclose (not
 * TIMEOUTidle): a backend that never answers nor closes after the client's EOF is closed then.
 */
class HalfClosedConnectionTimesOutTest {

    @Test
    void halfClosedConnectionIsClosedAfterTimeoutClose() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.start(EchoServer.Mode.HOLD, 0);
                Tunnel server = TunnelFixtures.start(TunnelFixtures.withTimeouts(
                        TunnelFixtures.server("s", backend.address()), TunnelFixtures.timeouts(30, 1, 10, 600)),
                        pki.serverTls(), events);
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), new RecordingTunnelListener());
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            p.write("request".getBytes()).shutdownOutput();
            assertTrue(p.awaitClosed(Duration.ofSeconds(6)), "closed after TIMEOUTclose");
            ConnectionStats s = events.awaitClosed(1, Duration.ofSeconds(2)).get(0);
            assertEquals(CloseStatus.CLOSED, s.status());
            assertEquals("TIMEOUTclose exceeded", s.reason());
            assertEquals(7, backend.bytesRead());
        }
    }
}
