package edu.tinynet.lab.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The tap sees well-formed TLS and no secrets when TLS is used, and sees the secret when it isn't. */
class TapSeesOnlyTlsRecordsTest {

    private static final String SECRET = "Sup3r-s3cret-Pa55word";

    @Test
    void tlsTrafficThroughTapIsWellFormedAndHidesTheSecret() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=Tap Test CA").build();
        KeyMaterial server = CertificateBuilder.server("CN=localhost").dns("localhost").issuedBy(ca).build();
        SSLContext serverCtx = server.toSslContext(List.of());
        SSLContext clientCtx = KeyMaterial.trustingSslContext(List.of(ca.certificate()));
        try (SSLServerSocket ss = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread echo = echoOnce(ss);
            try (TapRelay tap = new TapRelay("test", new InetSocketAddress("127.0.0.1", 0),
                    new InetSocketAddress("127.0.0.1", ss.getLocalPort()), null)) {
                try (Socket raw = new Socket("127.0.0.1", tap.listenAddress().getPort());
                        SSLSocket s = (SSLSocket) clientCtx.getSocketFactory()
                                .createSocket(raw, "localhost", tap.listenAddress().getPort(), true)) {
                    roundTrip(s);
                }
                echo.join(10_000);
                awaitClosed(tap);
                TapSummary sum = TapSummary.of(tap, Map.of("password", SECRET));
                assertTrue(sum.allTls(), () -> String.join("\n", sum.render()));
                assertTrue(sum.leaked().isEmpty(), () -> String.join("\n", sum.render()));
                assertTrue(sum.recordsByType().get(TlsRecordScanner.ContentType.APPLICATION_DATA) > 0);
                assertTrue(sum.recordsByType().get(TlsRecordScanner.ContentType.HANDSHAKE) > 0);
            }
        }
    }

    @Test
    void plaintextThroughTapShowsTheSecret() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread echo = echoOnce(ss);
            try (TapRelay tap = new TapRelay("plain", new InetSocketAddress("127.0.0.1", 0),
                    new InetSocketAddress("127.0.0.1", ss.getLocalPort()), null)) {
                try (Socket s = new Socket("127.0.0.1", tap.listenAddress().getPort())) {
                    roundTrip(s);
                }
                echo.join(10_000);
                awaitClosed(tap);
                TapSummary sum = TapSummary.of(tap, Map.of("password", SECRET));
                assertFalse(sum.allTls());
                assertEquals(List.of("password"), sum.leaked());
                assertTrue(sum.longestPrintable().contains(SECRET));
            }
        }
    }

    private static void roundTrip(Socket s) throws Exception {
        byte[] msg = ("PASS " + SECRET + "\n").getBytes(StandardCharsets.US_ASCII);
        OutputStream out = s.getOutputStream();
        out.write(msg);
        out.flush();
        byte[] back = new byte[msg.length];
        new DataInputStream(s.getInputStream()).readFully(back);
        assertEquals(new String(msg, StandardCharsets.US_ASCII), new String(back, StandardCharsets.US_ASCII));
    }

    private static Thread echoOnce(ServerSocket ss) {
        Thread t = new Thread(() -> {
            try (Socket c = ss.accept()) {
                InputStream in = c.getInputStream();
                OutputStream out = c.getOutputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (Exception ignored) {
                // peer closed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitClosed(TapRelay tap) throws InterruptedException {
        // the relay threads record asynchronously; captures settle once both pumps end
        for (int i = 0; i < 100 && tap.captures().isEmpty(); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
    }
}
