package edu.tinynet.tunnel.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A client that shuts down its sending side still receives the whole reply: the backend answers
 * only after it saw EOF, so the half-close must travel plaintext → close_notify → FIN and the reply
 * must travel back before anything is closed.
 */
class HalfCloseReplyArrivesTest {

    private static final int REQUEST = 300_000;
    private static final long REPLY = 5L << 20;

    @Test
    void clientThatShutsDownOutputReceivesTheWholeReply() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        RecordingTunnelListener clientEvents = new RecordingTunnelListener();
        RecordingTunnelListener serverEvents = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.start(EchoServer.Mode.REPLY_AFTER_EOF, REPLY);
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        serverEvents);
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), clientEvents);
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            byte[] request = new byte[REQUEST];
            TunnelProbe.fillPattern(request, 0, REQUEST);
            p.write(request).shutdownOutput();

            byte[] reply = p.readToEnd();
            assertEquals(32 + REPLY, reply.length, "reply length");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request);
            assertArrayEquals(digest, Arrays.copyOf(reply, 32), "backend saw the whole request");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(reply, 32, reply.length - 32);
            assertEquals(TunnelProbe.patternDigest(REPLY), HexFormat.of().formatHex(md.digest()));

            assertEquals(CloseStatus.CLOSED, clientEvents.awaitClosed(1, Duration.ofSeconds(10)).get(0).status());
            assertEquals(CloseStatus.CLOSED, serverEvents.awaitClosed(1, Duration.ofSeconds(10)).get(0).status());
            serverEvents.await(e -> e.type().equals("inputClosed") && e.text().equals("tls: close_notify"),
                    Duration.ofSeconds(1));
            clientEvents.await(e -> e.type().equals("inputClosed") && e.text().equals("socket: EOF"),
                    Duration.ofSeconds(1));
        }
    }
}
