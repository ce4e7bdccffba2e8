package edu.tinynet.tunnel.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A client that connects to a TLS port and never completes the handshake is dropped after TIMEOUTbusy. */
class HandshakeTimeoutTest {

    @Test
    void silentClientIsDroppedAfterTimeoutBusy() throws Exception {
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.withTimeouts(
                        TunnelFixtures.server("s", backend.address()), TunnelFixtures.timeouts(1, 30, 10, 600)),
                        TunnelFixtures.pki().serverTls(), events);
                TunnelProbe p = TunnelProbe.connect(server.boundAddress("s"))) {
            assertTrue(p.awaitClosed(Duration.ofSeconds(5)), "dropped");
            assertEquals("TLS handshake not completed within 1 s (TIMEOUTbusy)",
                    events.await("handshakeFailed", Duration.ofSeconds(1)).text());
            assertEquals(0, backend.accepted());
        }
    }
}
