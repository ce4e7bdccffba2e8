package edu.tinynet.tunnel.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A connect that gets no answer is abandoned after TIMEOUTconnect. The unanswering backend is a
 * listening socket whose accept queue is full: Linux drops further SYNs, so connects hang.
 */
class ConnectTimeoutTest {

    @Test
    void unansweredConnectIsAbandonedAfterTimeoutConnect() throws Exception {
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
            for (int i = 0; i < 8; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.connect(target);
                fillers.add(ch);
            }
            Thread.sleep(200);
            try (SocketChannel probe = SocketChannel.open()) {
                probe.configureBlocking(false);
                probe.connect(target);
                Thread.sleep(300);
                Assumptions.assumeFalse(probe.finishConnect(), "this kernel answers connects to a full backlog");
            }
            TunnelFixtures.Pki pki = TunnelFixtures.pki();
            RecordingTunnelListener events = new RecordingTunnelListener();
            try (Tunnel client = TunnelFixtures.start(TunnelFixtures.withTimeouts(
                    TunnelFixtures.client("c", target), TunnelFixtures.timeouts(30, 30, 1, 600)), pki.clientTls(), events);
                    TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
                assertTrue(p.awaitClosed(Duration.ofSeconds(6)), "client closed after TIMEOUTconnect");
                RecordingTunnelListener.Event failed = events.await("connectFailed", Duration.ofSeconds(1));
                assertTrue(failed.text().endsWith("TIMEOUTconnect exceeded"), failed.text());
                ConnectionStats s = events.awaitClosed(1, Duration.ofSeconds(2)).get(0);
                assertEquals(CloseStatus.RESET, s.status());
            }
        } finally {
            for (SocketChannel ch : fillers) {
                ch.close();
            }
        }
    }
}
