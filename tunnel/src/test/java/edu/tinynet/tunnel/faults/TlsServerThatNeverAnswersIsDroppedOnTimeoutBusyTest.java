package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
 * A {@code client = yes} service whose TLS server accepts the TCP connection, reads the ClientHello
 * and never answers: the handshake is abandoned after TIMEOUTbusy (1 s here), the client is closed
 * without any of its data having gone anywhere, and the server side's connection is closed too.
 */
class TlsServerThatNeverAnswersIsDroppedOnTimeoutBusyTest {

    @Test
    void unansweredClientHelloIsAbandonedAfterTimeoutBusy() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            RecordingTunnelListener events = new RecordingTunnelListener();
            try (EchoServer silentTls = EchoServer.start(EchoServer.Mode.SINK, 0);
                    Tunnel client = TunnelFixtures.start(TunnelFixtures.withTimeouts(
                            TunnelFixtures.client("c", silentTls.address()), TunnelFixtures.timeouts(1, 30, 10, 600)),
                            TunnelFixtures.pki().clientTls(), events);
                    TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"), Duration.ofSeconds(10))) {
                p.write("secret request".getBytes());
                TunnelPair.Received r = TunnelPair.readUntilEnd(p, Duration.ofSeconds(6));
                assertNotEquals(TunnelProbe.End.OPEN, r.end(), "the client was closed");
                assertEquals("TLS handshake not completed within 1 s (TIMEOUTbusy)",
                        events.await("handshakeFailed", Duration.ofSeconds(2)).text());
                ConnectionStats s = events.awaitClosed(1, Duration.ofSeconds(2)).get(0);
                assertEquals(CloseStatus.RESET, s.status());
                assertEquals(0, s.bytesToTls(), "no client data went out before the handshake");

                EchoServer.Ended b = backend(silentTls);
                assertNotEquals(EchoServer.End.BY_SERVER, b.how(), "the TLS server saw the connection end");
                assertTrue(b.bytesRead() > 0, "it got a ClientHello");
                TunnelPair.awaitNoConnections(Duration.ofSeconds(5), client);
            }
        });
    }

    private static EchoServer.Ended backend(EchoServer s) throws InterruptedException {
        return s.awaitEnded(1, Duration.ofSeconds(5)).get(0);
    }
}
