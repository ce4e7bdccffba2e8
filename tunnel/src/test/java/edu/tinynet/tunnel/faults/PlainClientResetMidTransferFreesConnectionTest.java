package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A plaintext client of the {@code client = yes} service resets its connection (SO_LINGER 0) in the
 * middle of an echo transfer: both tunnels report the connection closed as a reset, no connection
 * stays active, and the backend sees its connection end.
 */
class PlainClientResetMidTransferFreesConnectionTest {

    @Test
    void clientResetClosesTheWholeChain() {
        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
            try (EchoServer backend = EchoServer.echo();
                    TunnelPair pair = TunnelPair.start(backend.address())) {
                TunnelProbe p = TunnelProbe.connect(pair.entry(), Duration.ofSeconds(10));
                try {
                    resetInMidTransfer(p);
                } finally {
                    p.close();
                }

                ConnectionStats c = pair.clientEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0);
                assertEquals(CloseStatus.RESET, c.status());
                assertTrue(c.reason().startsWith("client: "), c.reason());
                assertEquals(CloseStatus.RESET, pair.serverEvents.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
                EchoServer.Ended b = backend.awaitEnded(1, Duration.ofSeconds(5)).get(0);
                assertNotEquals(EchoServer.End.BY_SERVER, b.how(), "the backend saw the end");
                pair.awaitNoConnections(Duration.ofSeconds(5));
            }
        });
    }

    /** Streams an echo until 1 MiB came back, then closes with SO_LINGER 0 (RST) while still sending. */
    private static void resetInMidTransfer(TunnelProbe p) throws Exception {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                TunnelProbe.writePattern(p.out(), 1L << 30);
            } catch (IOException e) {
                // the reset below ends it
            }
        });
        InputStream in = p.in();
        byte[] buf = new byte[64 * 1024];
        long echoed = 0;
        while (echoed < 1 << 20) {
            int n = in.read(buf);
            assertTrue(n > 0, "echo flowing");
            echoed += n;
        }
        p.socket().setSoLinger(true, 0);
        p.close(); // RST in mid-transfer
        writer.join();
    }
}
