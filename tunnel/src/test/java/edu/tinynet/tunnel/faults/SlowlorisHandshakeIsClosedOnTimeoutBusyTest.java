package edu.tinynet.tunnel.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.ConnectionStats;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/**
 * Slowloris on the TLS port: clients send the first 5, 20 or 50 bytes of a real ClientHello and
 * then nothing. TIMEOUTbusy bounds the whole handshake (1 s here), so each is closed with a
 * handshake failure naming it, and the backend is never connected.
 */
class SlowlorisHandshakeIsClosedOnTimeoutBusyTest {

    private static final int[] PREFIXES = {5, 20, 50};

    @Test
    void stalledClientHellosAreClosedAndTheBackendIsNeverConnected() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            byte[] hello = clientHello();
            assertTrue(hello.length > 50 && hello[0] == 0x16, "a ClientHello record");
            RecordingTunnelListener events = new RecordingTunnelListener();
            try (EchoServer backend = EchoServer.echo();
                    Tunnel server = TunnelFixtures.start(TunnelFixtures.withTimeouts(
                            TunnelFixtures.server("s", backend.address()), TunnelFixtures.timeouts(1, 30, 10, 600)),
                            TunnelFixtures.pki().serverTls(), events)) {
                List<TunnelProbe> probes = new ArrayList<>();
                try {
                    for (int n : PREFIXES) {
                        probes.add(TunnelProbe.connect(server.boundAddress("s"), Duration.ofSeconds(10))
                                .write(Arrays.copyOf(hello, n)));
                    }
                    for (int i = 0; i < probes.size(); i++) {
                        TunnelProbe.End end = probes.get(i).awaitEnd(Duration.ofSeconds(5));
                        assertNotEquals(TunnelProbe.End.OPEN, end, PREFIXES[i] + "-byte ClientHello prefix closed");
                    }
                } finally {
                    for (TunnelProbe p : probes) {
                        p.close();
                    }
                }
                List<ConnectionStats> closed = events.awaitClosed(PREFIXES.length, Duration.ofSeconds(2));
                for (ConnectionStats s : closed) {
                    assertEquals(CloseStatus.RESET, s.status());
                    assertEquals("TLS handshake failed: TLS handshake not completed within 1 s (TIMEOUTbusy)",
                            s.reason());
                }
                assertEquals(PREFIXES.length, events.ofType("handshakeFailed").size());
                assertEquals(List.of(), events.ofType("connecting"), "no backend connection attempted");
                assertEquals(0, backend.accepted());
                TunnelPair.awaitNoConnections(Duration.ofSeconds(5), server);
            }
        });
    }

    /** The first flight of a JSSE client: one TLS record holding a ClientHello. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = KeyMaterial.trustingSslContext(List.of(TunnelFixtures.pki().ca().certificate()))
                .createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }
}
