package edu.tinynet.tunnel.tls.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import edu.tinynet.tunnel.tls.TlsEngineFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The second connection to the same server resumes the first one's session, and both sides say so. */
class SessionResumptionIsReportedTest {

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void secondConnectionIsReportedAsResumed(String protocol) throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener client = new RecordingTunnelListener();
        RecordingTunnelListener server = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel st = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()),
                        only(pki.serverTls(), protocol), server);
                Tunnel ct = TunnelFixtures.start(TunnelFixtures.client("c", st.boundAddress("s")),
                        only(pki.clientTls(), protocol), client)) {
            roundTrip(ct.boundAddress("c"));
            client.awaitClosed(1, Duration.ofSeconds(5));
            roundTrip(ct.boundAddress("c"));
            client.awaitClosed(2, Duration.ofSeconds(5));
            server.awaitClosed(2, Duration.ofSeconds(5));
        }
        List<HandshakeInfo> c = handshakes(client);
        List<HandshakeInfo> s = handshakes(server);
        assertTrue(c.stream().allMatch(h -> h.protocol().equals(protocol)), c.toString());
        assertFalse(c.get(0).resumed(), c.toString());
        assertFalse(s.get(0).resumed(), s.toString());
        assertTrue(c.get(1).resumed(), c.toString());
        assertTrue(s.get(1).resumed(), s.toString());
    }

    static TlsEngineFactory only(TlsEngineFactory f, String protocol) {
        return (clientMode, host, port) -> {
            var e = f.newEngine(clientMode, host, port);
            e.setEnabledProtocols(new String[] {protocol});
            return e;
        };
    }

    private static List<HandshakeInfo> handshakes(RecordingTunnelListener l) {
        return l.ofType("handshakeCompleted").stream().map(e -> (HandshakeInfo) e.detail()).toList();
    }

    private static void roundTrip(InetSocketAddress entry) throws Exception {
        try (TunnelProbe p = TunnelProbe.connect(entry)) {
            p.write("x".getBytes());
            assertArrayEquals("x".getBytes(), p.readExactly(1));
            p.shutdownOutput();
            p.readToEnd();
        }
    }
}
