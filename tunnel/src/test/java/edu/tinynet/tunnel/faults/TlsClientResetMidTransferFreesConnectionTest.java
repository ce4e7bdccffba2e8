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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * A TLS client of the {@code client = no} service resets its TCP connection (SO_LINGER 0, no
 * close_notify) in the middle of an echo transfer: the tunnel reports the connection closed as a
 * reset by the client, no connection stays active, and the backend sees its connection end.
 */
class TlsClientResetMidTransferFreesConnectionTest {

    @Test
    void tlsClientResetClosesTheBackendConnection() {
        assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
            RecordingTunnelListener events = new RecordingTunnelListener();
            try (EchoServer backend = EchoServer.echo();
                    Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()),
                            TunnelFixtures.pki().serverTls(), events)) {
                InetSocketAddress at = server.boundAddress("s");
                try (Socket tcp = new Socket()) {
                    tcp.setTcpNoDelay(true);
                    tcp.connect(at, 10_000);
                    tcp.setSoTimeout(10_000);
                    SSLSocket tls = (SSLSocket) KeyMaterial.trustingSslContext(
                            List.of(TunnelFixtures.pki().ca().certificate())).getSocketFactory()
                            .createSocket(tcp, "localhost", at.getPort(), false);
                    tls.startHandshake();
                    OutputStream out = tls.getOutputStream();
                    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                        try {
                            TunnelProbe.writePattern(out, 1L << 30);
                        } catch (IOException e) {
                            // the reset below ends it
                        }
                    });
                    InputStream in = tls.getInputStream();
                    byte[] buf = new byte[64 * 1024];
                    long echoed = 0;
                    while (echoed < 1 << 20) {
                        int n = in.read(buf);
                        assertTrue(n > 0, "echo flowing");
                        echoed += n;
                    }
                    tcp.setSoLinger(true, 0);
                    tcp.close(); // RST under the TLS layer: no close_notify
                    writer.join();
                }

                ConnectionStats s = events.awaitClosed(1, Duration.ofSeconds(5)).get(0);
                assertEquals(CloseStatus.RESET, s.status());
                assertTrue(s.reason().startsWith("client: "), s.reason());
                EchoServer.Ended b = backend.awaitEnded(1, Duration.ofSeconds(5)).get(0);
                assertNotEquals(EchoServer.End.BY_SERVER, b.how(), "the backend saw the end");
                TunnelPair.awaitNoConnections(Duration.ofSeconds(5), server);
            }
        });
    }
}
