package edu.tinynet.tunnel.tls.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Plaintext on a TLS port, and TLS on a plaintext port, are recognised and explained. */
class WrongProtocolIsExplainedTest {

    private final TunnelFixtures.Pki pki = TunnelFixtures.pki();

    @Test
    void plaintextRequestOnTlsPortFailsAtOnceWithAHint() throws Exception {
        plaintextOnTlsPort("GET / HTTP/1.0\r\n\r\n".getBytes());
    }

    @Test
    void aFewPlaintextBytesOnTlsPortFailAtOnceWithAHint() throws Exception {
        plaintextOnTlsPort("hi\n".getBytes());
    }

    private void plaintextOnTlsPort(byte[] request) throws Exception {
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        events);
                TunnelProbe p = TunnelProbe.connect(server.boundAddress("s"))) {
            p.write(request);
            assertTrue(p.awaitClosed(Duration.ofSeconds(2)), "closed at once, not after TIMEOUTbusy");
            assertEquals(FailureReasons.PLAINTEXT_ON_TLS_SERVER,
                    events.await("handshakeFailed", Duration.ofSeconds(1)).text());
            assertEquals(0, backend.accepted());
        }
    }

    @Test
    void tlsClientOnClientModePortIsReported() throws Exception {
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer backend = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", backend.address()), pki.serverTls(),
                        new RecordingTunnelListener());
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), events)) {
            InetSocketAddress entry = client.boundAddress("c");
            try (SSLSocket s = (SSLSocket) KeyMaterial.trustingSslContext(List.of(pki.ca().certificate()))
                    .getSocketFactory().createSocket(entry.getAddress(), entry.getPort())) {
                s.setSoTimeout(2000);
                try {
                    s.startHandshake();
                } catch (Exception expected) {
                    // our plaintext is relayed to the server tunnel as data; nobody answers in TLS
                }
            }
            String hint = events.await("protocolMismatch", Duration.ofSeconds(5)).text();
            assertTrue(hint.startsWith("TLS received where plaintext was expected"), hint);
            assertTrue(hint.contains("client = no"), hint);
        }
    }

    @Test
    void tlsBackendBehindServerModeServiceIsReported() throws Exception {
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer tlsBackendBackend = EchoServer.echo();
                Tunnel tlsBackend = TunnelFixtures.start(TunnelFixtures.server("b", tlsBackendBackend.address()),
                        pki.serverTls(), new RecordingTunnelListener());
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", tlsBackend.boundAddress("b")),
                        pki.serverTls(), events);
                Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c", server.boundAddress("s")),
                        pki.clientTls(), new RecordingTunnelListener());
                TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
            p.write("EHLO example\r\n".getBytes());
            String hint = events.await("protocolMismatch", Duration.ofSeconds(5)).text();
            assertTrue(hint.contains("the remote server speaks TLS"), hint);
        }
    }
}
