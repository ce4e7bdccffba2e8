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

/** A write that cannot progress for TIMEOUTbusy (the client stopped reading) resets the connection. */
class StuckReaderTimesOutTest {

    @Test
    void writeStuckForTimeoutBusyResetsTheConnection() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.start(EchoServer.Mode.SOURCE, 256L << 20);
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        new RecordingTunnelListener());
                Tunnel client = TunnelFixtures.start(TunnelFixtures.withTimeouts(
                        TunnelFixtures.client("c", server.boundAddress("s")), TunnelFixtures.timeouts(1, 30, 10, 600)),
                        pki.clientTls(), events);
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            ConnectionStats s = events.awaitClosed(1, Duration.ofSeconds(20)).get(0);
            assertEquals(TunnelProbe.End.RESET, p.awaitEnd(Duration.ofSeconds(5)), "the client got a reset");
            assertEquals(CloseStatus.RESET, s.status());
            assertTrue(s.reason().startsWith("TIMEOUTbusy exceeded: client did not read"), s.reason());
        }
    }
}
