package edu.tinynet.tunnel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.HandshakeInfo;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.StunnelProcess;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our {@code client = yes} service in front of Debian's stunnel4 in server mode (OpenSSL): bulk
 * data both ways arrives intact, and a half-closing client still gets the reply that stunnel's
 * backend sends after EOF (our close_notify is a half-close for stunnel), with TLS 1.3 and 1.2.
 */
class ClientModeTalksToStunnelServerTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void clientModeRelaysThroughStunnelServer(String protocol) throws Exception {
        StunnelProcess.binary();
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer echo = EchoServer.echo();
                EchoServer replier = EchoServer.start(EchoServer.Mode.REPLY_AFTER_EOF, 1 << 20);
                StunnelProcess echoStunnel = StunnelProcess.start(dir, "connect = " + echo.port() + "\ncert = "
                        + files.server() + "\nsslVersionMax = " + protocol);
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", local(echoStunnel.port())),
                        pki.clientTls(), events)) {
            TunnelProbe.StreamResult r = TunnelProbe.streamBothWays(client.boundAddress("c"), 8L << 20,
                    Duration.ofSeconds(60));
            if (!r.intact()) {
                assertStunnelCutTheEcho(echoStunnel, r);
            }
            HandshakeInfo h = (HandshakeInfo) events.await("handshakeCompleted", Duration.ofSeconds(1)).detail();
            assertEquals(protocol, h.protocol());
            assertTrue(echoStunnel.awaitLog("Connection closed", Duration.ofSeconds(5)), echoStunnel.log());

            try (StunnelProcess replyStunnel = StunnelProcess.start(dir.resolve(""), "connect = " + replier.port()
                    + "\ncert = " + files.server() + "\nsslVersionMax = " + protocol);
                    Tunnel client2 = TunnelFixtures.start(TunnelFixtures.client("c", local(replyStunnel.port())),
                            pki.clientTls(), new RecordingTunnelListener());
                    TunnelProbe p = TunnelProbe.connect(client2.boundAddress("c"))) {
                byte[] request = new byte[100_000];
                TunnelProbe.fillPattern(request, 0, request.length);
                p.write(request).shutdownOutput();
                byte[] reply = p.readToEnd();
                assertEquals(32 + (1 << 20), reply.length, "whole reply after half-close");
                assertTrue(Arrays.equals(MessageDigest.getInstance("SHA-256").digest(request),
                        Arrays.copyOf(reply, 32)));
            }
        }
    }

    /**
     * stunnel 5.68 sometimes stops reading its backend when the backend closes right after its last
     * echo ("Read socket closed (HUP)" with data still unread: seen about once in six runs on a
     * loaded machine, never with our server side). Then our side must still have delivered every
     * byte stunnel sent: exactly stunnel's "sent to TLS" count, as an intact prefix of the stream.
     */
    private static void assertStunnelCutTheEcho(StunnelProcess stunnel, TunnelProbe.StreamResult r)
            throws InterruptedException {
        assertTrue(stunnel.awaitLog("Connection closed", Duration.ofSeconds(5)), stunnel.log());
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("Connection closed: (\\d+) byte\\(s\\) sent to TLS").matcher(stunnel.log());
        assertTrue(m.find(), stunnel.log());
        long stunnelSent = Long.parseLong(m.group(1));
        assertTrue(stunnelSent < r.sent() && stunnel.log().contains("Read socket closed (HUP)"),
                "lost on our side: " + r + "\n" + stunnel.log());
        assertEquals(stunnelSent, r.received(), "bytes stunnel sent vs bytes our tunnel delivered: " + r);
        assertEquals(TunnelProbe.patternDigest(stunnelSent), r.receivedSha256(), "an intact prefix");
        System.out.println("stunnel cut the echo at " + stunnelSent + " of " + r.sent()
                + " bytes (its HUP race); our tunnel delivered all of them intact");
    }

    static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }
}
