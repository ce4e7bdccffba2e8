package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tunnel (own JVM) whose descriptor limit leaves room for exactly one more descriptor: a client
 * is accepted and completes the handshake, but the socket for the backend cannot be created
 * ({@code EMFILE}). The client is closed (no hang, no leak), the log names the backend and the
 * reason, and once the limit is raised again clients are served.
 */
class BackendConnectAtFdLimitClosesClientTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void clientIsClosedWithTheReasonLoggedAndLaterClientsAreServed() throws Exception {
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        Path conf = dir.resolve("tunnel.conf");
        try (EchoServer echo = EchoServer.echo()) {
            Files.writeString(conf, "foreground = yes\npid = " + dir.resolve("tunnel.pid") + "\ndebug = 6\n\n[svc]\n"
                    + "accept = 127.0.0.1:0\nconnect = 127.0.0.1:" + echo.port() + "\ncert = " + files.server() + "\n");
            try (ChildTunnel tunnel = ChildTunnel.start(dir, conf, 256);
                    Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", tunnel.address("svc")),
                            pki.clientTls(), new RecordingTunnelListener())) {
                echoes(client, "warm-up");
                assertTrue(tunnel.awaitOutput("LOG5[0]: Connection closed", Duration.ofSeconds(10)), tunnel.output());

                tunnel.allowOnly(1); // the accepted socket takes it; the backend socket cannot be made
                try (TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"), Duration.ofSeconds(10))) {
                    p.write("lost".getBytes());
                    // nothing relayed; the client side of the tunnel passes the reset on
                    assertNotEquals(TunnelProbe.End.OPEN, p.awaitEnd(Duration.ofSeconds(10)), "the client is closed");
                }
                String reason = "s_connect: connect 127.0.0.1:" + echo.port() + ": Too many open files";
                assertTrue(tunnel.awaitOutput("LOG5[1]: Connection reset", Duration.ofSeconds(10)), tunnel.output());
                String out = tunnel.output();
                assertTrue(out.contains("LOG3[1]: " + reason), out);
                assertTrue(out.contains("LOG5[1]: Closing: No more addresses to connect (last: Too many open files)"), out);
                assertFalse(out.contains("Exception"), "no stack traces or exception dumps\n" + out);
                assertEquals(1, echo.accepted(), "only the warm-up reached the backend");

                tunnel.setSoftLimit(256);
                echoes(client, "served again");
                assertEquals(2, echo.accepted());
                assertEquals(0, tunnel.stop(), tunnel.output());
            }
        }
    }

    private static void echoes(Tunnel client, String text) throws IOException {
        try (TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"), Duration.ofSeconds(10))) {
            p.write(text.getBytes());
            assertArrayEquals(text.getBytes(), p.readExactly(text.length()));
        }
    }
}
