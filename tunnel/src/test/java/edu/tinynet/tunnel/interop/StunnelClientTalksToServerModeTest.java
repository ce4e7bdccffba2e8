package edu.tinynet.tunnel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.CloseStatus;
import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.StunnelProcess;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's stunnel4 in client mode (verifying our chain and host name, presenting a client
 * certificate) in front of our {@code client = no} service that requires one: bulk data both ways
 * arrives intact; a half-closing client gets the reply sent after EOF; TLS 1.3 and 1.2.
 */
class StunnelClientTalksToServerModeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void stunnelClientRelaysThroughServerMode(String protocol) throws Exception {
        StunnelProcess.binary();
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer echo = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", echo.address()),
                        pki.serverTls(true), events);
                StunnelProcess stunnel = StunnelProcess.start(dir, "client = yes\nconnect = 127.0.0.1:"
                        + server.boundAddress("s").getPort() + "\nCAfile = " + files.ca()
                        + "\nverifyChain = yes\ncheckHost = localhost\ncert = " + files.client()
                        + "\nsslVersionMax = " + protocol)) {
            TunnelProbe.StreamResult r = TunnelProbe.streamBothWays(
                    ClientModeTalksToStunnelServerTest.local(stunnel.port()), 8L << 20, Duration.ofSeconds(60));
            assertTrue(r.intact(), r.toString());
            HandshakeInfo h = (HandshakeInfo) events.await("handshakeCompleted", Duration.ofSeconds(1)).detail();
            assertEquals(protocol, h.protocol());
            assertEquals("CN=tunnel-client,O=tinynet.edu", h.peerSubject());
            assertEquals(CloseStatus.CLOSED, events.awaitClosed(1, Duration.ofSeconds(5)).get(0).status());
            assertTrue(stunnel.awaitLog("Certificate accepted at depth=0", Duration.ofSeconds(2)), stunnel.log());
        }
        try (EchoServer replier = EchoServer.start(EchoServer.Mode.REPLY_AFTER_EOF, 1 << 20);
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", replier.address()),
                        pki.serverTls(true), new RecordingTunnelListener());
                StunnelProcess stunnel = StunnelProcess.start(dir, "client = yes\nconnect = 127.0.0.1:"
                        + server.boundAddress("s").getPort() + "\nCAfile = " + files.ca()
                        + "\nverifyChain = yes\ncheckHost = localhost\ncert = " + files.client()
                        + "\nsslVersionMax = " + protocol);
                TunnelProbe p = TunnelProbe.connect(ClientModeTalksToStunnelServerTest.local(stunnel.port()))) {
            p.write(new byte[50_000]).shutdownOutput();
            assertEquals(32 + (1 << 20), p.readToEnd().length, "whole reply after half-close");
        }
    }
}
