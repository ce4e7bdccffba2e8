package edu.tinynet.tunnel.tls.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.2 carries bulk data both ways, and half-close works over it too: JSSE would answer a
 * TLS 1.2 close_notify by closing its own sending side at once, so the filter holds the alert
 * back until the reply has been sent (see docs/relay.md).
 */
class Tls12ConnectionsWorkTest {

    private final TunnelFixtures.Pki pki = TunnelFixtures.pki();

    @Test
    void bulkDataCrossesTls12BothWays() throws Exception {
        RecordingTunnelListener client = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel st = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()),
                        SessionResumptionIsReportedTest.only(pki.serverTls(), "TLSv1.2"), new RecordingTunnelListener());
                Tunnel ct = TunnelFixtures.start(TunnelFixtures.client("c", st.boundAddress("s")),
                        SessionResumptionIsReportedTest.only(pki.clientTls(), "TLSv1.2"), client)) {
            TunnelProbe.StreamResult r = TunnelProbe.streamBothWays(ct.boundAddress("c"), 16L << 20,
                    Duration.ofSeconds(60));
            assertTrue(r.intact(), r.toString());
            assertEquals("TLSv1.2",
                    ((HandshakeInfo) client.await("handshakeCompleted", Duration.ofSeconds(1)).detail()).protocol());
        }
    }

    @Test
    void clientThatHalfClosesOverTls12StillReceivesTheWholeReply() throws Exception {
        RecordingTunnelListener server = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.start(EchoServer.Mode.REPLY_AFTER_EOF, 2L << 20);
                Tunnel st = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()),
                        SessionResumptionIsReportedTest.only(pki.serverTls(), "TLSv1.2"), server);
                Tunnel ct = TunnelFixtures.start(TunnelFixtures.client("c", st.boundAddress("s")),
                        SessionResumptionIsReportedTest.only(pki.clientTls(), "TLSv1.2"),
                        new RecordingTunnelListener());
                TunnelProbe p = TunnelProbe.connect(ct.boundAddress("c"))) {
            p.write(new byte[10_000]).shutdownOutput();
            byte[] reply = p.readToEnd();
            assertEquals(32 + (2L << 20), reply.length);
            assertEquals(10_000, backend.bytesRead(), "the request arrived whole");
            assertEquals(CloseStatus.CLOSED, server.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
        }
    }
}
