package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The backend sends 3 MiB of a response and closes (FIN) without waiting for the client: the
 * client receives all 3 MiB intact, then EOF; the client's side stays usable until it ends too,
 * and both tunnels close the connection cleanly.
 */
class BackendCloseMidResponseIsSeenByClientTest {

    private static final long SENT = 3L << 20;

    @Test
    void clientGetsEverythingSentBeforeTheCloseThenEof() {
        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
            try (EchoServer backend = EchoServer.start(EchoServer.Mode.SOURCE_THEN_CLOSE, SENT);
                    TunnelPair pair = TunnelPair.start(backend.address());
                    TunnelProbe p = TunnelProbe.connect(pair.entry(), Duration.ofSeconds(10))) {
                TunnelPair.Received r = TunnelPair.readUntilEnd(p, Duration.ofSeconds(15));
                assertEquals(TunnelProbe.End.FIN, r.end(), "EOF after the data");
                assertEquals(SENT, r.bytes());
                assertTrue(r.isPatternPrefix(), "intact");
                pair.serverEvents.await(e -> e.type().equals("inputClosed") && e.text().equals("socket: EOF"),
                        Duration.ofSeconds(2));
                pair.clientEvents.await(e -> e.type().equals("inputClosed") && e.text().equals("tls: close_notify"),
                        Duration.ofSeconds(2));

                p.shutdownOutput();
                assertEquals(CloseStatus.CLOSED, pair.clientEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
                assertEquals(CloseStatus.CLOSED, pair.serverEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
                pair.awaitNoConnections(Duration.ofSeconds(5));
            }
        });
    }
}
