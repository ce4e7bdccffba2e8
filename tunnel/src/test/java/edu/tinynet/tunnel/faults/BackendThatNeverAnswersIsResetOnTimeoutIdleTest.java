package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The backend accepts and reads the request but never answers: the server tunnel resets the
 * connection after TIMEOUTidle (1 s here), the client sees the end, the backend got the whole
 * request and then a reset, and nothing stays open.
 */
class BackendThatNeverAnswersIsResetOnTimeoutIdleTest {

    @Test
    void silentBackendIsResetAfterTimeoutIdle() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            byte[] request = "GET /answer HTTP/1.0\r\n\r\n".getBytes();
            try (EchoServer backend = EchoServer.start(EchoServer.Mode.SINK, 0);
                    TunnelPair pair = TunnelPair.start(backend.address(), TunnelFixtures.timeouts(30, 30, 10, 1));
                    TunnelProbe p = TunnelProbe.connect(pair.entry(), Duration.ofSeconds(10))) {
                p.write(request);
                TunnelPair.Received r = TunnelPair.readUntilEnd(p, Duration.ofSeconds(6));
                assertNotEquals(TunnelProbe.End.OPEN, r.end(), "the client saw the end");
                assertEquals(0, r.bytes());

                ConnectionStats s = pair.serverEvents.awaitClosed(1, Duration.ofSeconds(2)).get(0);
                assertEquals(CloseStatus.RESET, s.status());
                assertEquals("TIMEOUTidle exceeded", s.reason());
                assertEquals(request.length, s.bytesToSocket());
                EchoServer.Ended b = backend.awaitEnded(1, Duration.ofSeconds(5)).get(0);
                assertEquals(EchoServer.End.RESET, b.how(), "reset = yes: the backend gets a RST");
                assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request)), b.sha256());
                assertEquals(CloseStatus.RESET, pair.clientEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
                pair.awaitNoConnections(Duration.ofSeconds(5));
            }
        });
    }
}
