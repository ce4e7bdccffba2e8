package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The other half-close direction (the client's is {@code service.HalfCloseReplyArrivesTest}): the
 * backend sends its 1 MiB answer and shuts down its output first, while the client is still
 * sending. The client gets the answer and EOF; everything it sends before and after that EOF
 * (2 MiB in all) still reaches the backend intact; then both tunnels close cleanly.
 */
class BackendHalfCloseStillReceivesClientDataTest {

    private static final long REPLY = 1 << 20;
    private static final long UPLOAD = 2 << 20;

    @Test
    void clientDataAfterTheBackendsEofStillArrives() {
        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
            try (EchoServer backend = EchoServer.start(EchoServer.Mode.REPLY_FIRST, REPLY);
                    TunnelPair pair = TunnelPair.start(backend.address());
                    TunnelProbe p = TunnelProbe.connect(pair.entry(), Duration.ofSeconds(15))) {
                // first half of the upload races the reply, the second half goes after the EOF
                CompletableFuture<Void> firstHalf = CompletableFuture.runAsync(() -> {
                    try {
                        TunnelProbe.writePattern(p.out(), UPLOAD / 2);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                TunnelPair.Received r = TunnelPair.readUntilEnd(p, Duration.ofSeconds(15));
                assertEquals(TunnelProbe.End.FIN, r.end(), "the backend's EOF reached the client");
                assertEquals(REPLY, r.bytes());
                assertTrue(r.isPatternPrefix(), "reply intact");
                firstHalf.get(15, TimeUnit.SECONDS);
                pair.clientEvents.await(e -> e.type().equals("inputClosed") && e.text().equals("tls: close_notify"),
                        Duration.ofSeconds(2));

                byte[] rest = new byte[(int) (UPLOAD / 2)];
                TunnelProbe.fillPattern(rest, UPLOAD / 2, rest.length);
                p.write(rest).shutdownOutput();

                EchoServer.Ended b = backend.awaitEnded(1, Duration.ofSeconds(15)).get(0);
                assertEquals(EchoServer.End.EOF, b.how());
                assertEquals(UPLOAD, b.bytesRead());
                assertEquals(TunnelProbe.patternDigest(UPLOAD), b.sha256(), "upload intact");
                assertEquals(CloseStatus.CLOSED, pair.clientEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
                assertEquals(CloseStatus.CLOSED, pair.serverEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
                pair.awaitNoConnections(Duration.ofSeconds(5));
            }
        });
    }
}
