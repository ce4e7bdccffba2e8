package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The backend reads 1 MiB of an upload and closes while the client is still sending: the client
 * sees the connection end (its reads end, its writes fail) within a bound, and the 1 MiB the backend
 * read is exactly the first 1 MiB the client sent.
 */
class BackendCloseMidUploadIsSeenByClientTest {

    private static final long READ_BY_BACKEND = 1 << 20;
    private static final long OFFERED = 512L << 20;

    @Test
    void clientSeesTheCloseAndTheDataBeforeItArrivedIntact() {
        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
            try (EchoServer backend = EchoServer.start(EchoServer.Mode.CLOSE_AFTER, READ_BY_BACKEND);
                    TunnelPair pair = TunnelPair.start(backend.address());
                    TunnelProbe p = TunnelProbe.connect(pair.entry(), Duration.ofSeconds(10))) {
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        TunnelProbe.writePattern(p.out(), OFFERED);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                TunnelPair.Received r = TunnelPair.readUntilEnd(p, Duration.ofSeconds(15));
                assertNotEquals(TunnelProbe.End.OPEN, r.end(), "the client saw the close");
                assertEquals(0, r.bytes(), "the backend sent nothing");
                try {
                    writer.get(10, TimeUnit.SECONDS);
                    throw new AssertionError("the client could write all " + OFFERED + " bytes to a closed backend");
                } catch (ExecutionException e) {
                    assertTrue(e.getCause().getCause() instanceof IOException, e.toString());
                }

                EchoServer.Ended b = backend.awaitEnded(1, Duration.ofSeconds(5)).get(0);
                assertEquals(READ_BY_BACKEND, b.bytesRead());
                assertEquals(TunnelProbe.patternDigest(READ_BY_BACKEND), b.sha256(), "what arrived is intact");
                assertEquals(CloseStatus.RESET, pair.serverEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status(),
                        () -> "server " + pair.serverEvents.events() + "\nclient " + pair.clientEvents.events());
                assertEquals(CloseStatus.RESET, pair.clientEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
                pair.awaitNoConnections(Duration.ofSeconds(5));
            }
        });
    }
}
