package edu.tinynet.tunnel.tls.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import edu.tinynet.tunnel.tls.TlsEngineFactory;
import java.time.Duration;

/**
 * Client tunnel → server tunnel → echo, with the TLS factories under test; a probe sends a line and
 * waits for the connection to end. The recorded events of both tunnels are the result.
 */
final class HandshakeScenario {

    final RecordingTunnelListener client = new RecordingTunnelListener();
    final RecordingTunnelListener server = new RecordingTunnelListener();
    ConnectionStats clientClosed;
    ConnectionStats serverClosed;

    static HandshakeScenario run(TlsEngineFactory serverTls, TlsEngineFactory clientTls) throws Exception {
        HandshakeScenario s = new HandshakeScenario();
        try (EchoServer backend = EchoServer.echo();
                Tunnel st = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), serverTls, s.server);
                Tunnel ct = TunnelFixtures.start(TunnelFixtures.client("c", st.boundAddress("s")), clientTls, s.client);
                TunnelProbe p = TunnelProbe.connect(ct.boundAddress("c"))) {
            p.write("hello\n".getBytes());
            assertTrue(p.awaitClosed(Duration.ofSeconds(10)), "the client's connection must be closed");
            s.clientClosed = s.client.awaitClosed(1, Duration.ofSeconds(5)).get(0);
            s.serverClosed = s.server.awaitClosed(1, Duration.ofSeconds(5)).get(0);
            assertTrue(backend.accepted() == 0, "no backend connection for a failed handshake");
        }
        return s;
    }

    /** The reason of the first handshakeFailed event of {@code side}. */
    static String failure(RecordingTunnelListener side) throws InterruptedException {
        return side.await("handshakeFailed", Duration.ofSeconds(2)).text();
    }
}
