package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backend that refuses connections: every client is closed at once, each refusal is reported as
 * {@code connectFailed} naming the backend, nothing stays open, and the same service serves the
 * next client normally as soon as the backend listens again.
 */
class BackendRefusalClosesClientAndServiceGoesOnTest {

    private static final int REFUSED = 5;

    @Test
    void refusedClientsAreClosedAndTheServiceServesTheNextOne() {
        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
            // A bound socket that does not listen holds the port (no one else gets it as an
            // ephemeral port meanwhile) while the kernel refuses connections to it with a RST.
            try (Socket reserved = new Socket()) {
                reserved.setReuseAddress(true);
                reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                refusalsThenRecovery(reserved);
            }
        });
    }

    private static void refusalsThenRecovery(Socket reserved) throws Exception {
        int port = reserved.getLocalPort();
        InetSocketAddress dead = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (TunnelPair pair = TunnelPair.start(dead)) {
            for (int i = 0; i < REFUSED; i++) {
                try (TunnelProbe p = TunnelProbe.connect(pair.entry(), Duration.ofSeconds(5))) {
                    p.write(("request " + i).getBytes());
                    TunnelProbe.End end = p.awaitEnd(Duration.ofSeconds(3));
                    assertNotEquals(TunnelProbe.End.OPEN, end, "client " + i + " closed at once");
                }
            }
            List<ConnectionStats> serverClosed = pair.serverEvents.awaitClosed(REFUSED, Duration.ofSeconds(5));
            List<ConnectionStats> clientClosed = pair.clientEvents.awaitClosed(REFUSED, Duration.ofSeconds(5));
            List<RecordingTunnelListener.Event> failed = pair.serverEvents.ofType("connectFailed");
            assertEquals(REFUSED, failed.size(), failed.toString());
            for (RecordingTunnelListener.Event e : failed) {
                assertTrue(e.text().contains("127.0.0.1:" + port), "names the backend: " + e.text());
                assertTrue(e.text().toLowerCase().contains("refused"), "says refused: " + e.text());
            }
            for (ConnectionStats s : serverClosed) {
                assertEquals(CloseStatus.RESET, s.status());
                assertTrue(s.reason().startsWith("No more addresses to connect"), s.reason());
                assertEquals(0, s.bytesToSocket(), "nothing was relayed to a backend");
            }
            assertTrue(clientClosed.stream().allMatch(s -> s.status() == CloseStatus.RESET), clientClosed.toString());
            pair.awaitNoConnections(Duration.ofSeconds(5));

            // the backend comes up on the same port: the same service serves the next client
            try (EchoServer backend = EchoServer.start(EchoServer.Mode.ECHO, 0, port)) {
                reserved.close();
                TunnelProbe.StreamResult r = TunnelProbe.streamBothWays(pair.entry(), 1 << 20,
                        Duration.ofSeconds(20));
                assertTrue(r.intact(), r.toString());
                ConnectionStats ok = pair.serverEvents.awaitClosed(REFUSED + 1, Duration.ofSeconds(5)).get(REFUSED);
                assertEquals(CloseStatus.CLOSED, ok.status(), String.valueOf(ok.reason()));
                assertEquals(1, backend.accepted());
            }
            pair.awaitNoConnections(Duration.ofSeconds(5));
        }
    }
}
