package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The backend accepts but never reads: once the socket buffers are full, the server tunnel's write
 * makes no progress and TIMEOUTbusy (1 s here) resets the connection; the uploading client's writes
 * fail instead of blocking for ever, and nothing stays open.
 */
class BackendThatNeverReadsIsResetOnTimeoutBusyTest {

    @Test
    void backendThatDoesNotReadIsResetAfterTimeoutBusy() {
        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
            try (EchoServer backend = EchoServer.start(EchoServer.Mode.NEVER_READ, 0);
                    TunnelPair pair = TunnelPair.start(backend.address(), TunnelFixtures.timeouts(1, 30, 10, 600));
                    TunnelProbe p = TunnelProbe.connect(pair.entry(), Duration.ofSeconds(10))) {
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        TunnelProbe.writePattern(p.out(), 1L << 30);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                ConnectionStats s = pair.serverEvents.awaitClosed(1, Duration.ofSeconds(20)).get(0);
                assertEquals(CloseStatus.RESET, s.status());
                assertTrue(s.reason().startsWith("TIMEOUTbusy exceeded: remote did not read for 1 s"), s.reason());

                TunnelPair.Received r = TunnelPair.readUntilEnd(p, Duration.ofSeconds(5));
                assertNotEquals(TunnelProbe.End.OPEN, r.end(), "the client saw the end");
                try {
                    writer.get(10, TimeUnit.SECONDS);
                    throw new AssertionError("the client wrote 1 GiB to a backend that does not read");
                } catch (ExecutionException e) {
                    assertTrue(e.getCause().getCause() instanceof IOException, e.toString());
                }
                assertEquals(CloseStatus.RESET, pair.clientEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
                pair.awaitNoConnections(Duration.ofSeconds(5));
            }
        });
    }
}
