package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The backend sends 2 MiB of a response and resets the connection (SO_LINGER 0): the client sees
 * the end within a bound, what arrived is an uncorrupted prefix of what was sent, and both tunnels
 * report a reset and free the connection. (A RST may discard data still in flight, so only the
 * prefix is checked.)
 */
class BackendResetMidResponseIsSeenByClientTest {

    private static final long SENT = 2L << 20;

    @Test
    void clientSeesTheResetAndWhatArrivedIsAnIntactPrefix() {
        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
            try (EchoServer backend = EchoServer.start(EchoServer.Mode.SOURCE_THEN_RESET, SENT);
                    TunnelPair pair = TunnelPair.start(backend.address());
                    TunnelProbe p = TunnelProbe.connect(pair.entry(), Duration.ofSeconds(10))) {
                TunnelPair.Received r = TunnelPair.readUntilEnd(p, Duration.ofSeconds(15));
                assertNotEquals(TunnelProbe.End.OPEN, r.end(), "the client saw the end");
                assertTrue(r.bytes() <= SENT && r.isPatternPrefix(), "intact prefix: " + r);

                ConnectionStats s = pair.serverEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0);
                assertEquals(CloseStatus.RESET, s.status());
                assertTrue(s.reason().startsWith("remote: "), s.reason());
                assertEquals(CloseStatus.RESET, pair.clientEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
                pair.awaitNoConnections(Duration.ofSeconds(5));
            }
        });
    }
}
