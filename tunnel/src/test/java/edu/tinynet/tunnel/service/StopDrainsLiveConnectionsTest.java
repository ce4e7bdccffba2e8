package edu.tinynet.tunnel.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stop is graceful and bounded: it stops accepting at once, lets a live connection finish within
 * the drain time, and closes what is still open when the drain time is over.
 */
class StopDrainsLiveConnectionsTest {

    private final TunnelFixtures.Pki pki = TunnelFixtures.pki();

    @Test
    void liveConnectionFinishesDuringTheDrain() throws Exception {
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.start(EchoServer.Mode.REPLY_AFTER_EOF, 1 << 20);
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        new RecordingTunnelListener());
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), events);
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            p.write("request".getBytes());
            events.await("handshakeCompleted", Duration.ofSeconds(5));
            var entry = client.boundAddress("c");
            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> client.stop(Duration.ofSeconds(20)));
            events.await("serviceStopped", Duration.ofSeconds(5));
            assertTrue(refused(entry), "no new connections while draining");
            p.shutdownOutput();
            assertEquals(32 + (1 << 20), p.readToEnd().length, "the live connection finished normally");
            stop.get(10, TimeUnit.SECONDS);
            assertEquals(CloseStatus.CLOSED, events.awaitClosed(1, Duration.ofSeconds(1)).get(0).status());
        }
    }

    @Test
    void connectionStillOpenAfterTheDrainIsClosed() throws Exception {
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        new RecordingTunnelListener());
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), events);
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            p.write("x".getBytes());
            p.readExactly(1);
            long t0 = System.nanoTime();
            client.stop(Duration.ofSeconds(1));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "bounded");
            assertTrue(p.awaitClosed(Duration.ofSeconds(2)), "closed by the stop");
            assertEquals("tunnel stopped", events.awaitClosed(1, Duration.ofSeconds(1)).get(0).reason());
        }
    }

    private static boolean refused(java.net.InetSocketAddress a) {
        try {
            new java.net.Socket(a.getAddress(), a.getPort()).close();
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
