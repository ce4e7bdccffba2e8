package edu.tinynet.tunnel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.EchoServer;
import edu.tinynet.tunnel.testing.ExternalTool;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openssl s_client -verify_return_error -CAfile ca.pem -verify_hostname localhost} accepts
 * our {@code client = no} service and gets its data echoed; with a wrong expected host name it
 * refuses, and our side reports that the peer rejected our certificate.
 */
class OpensslClientVerifiesServerModeTest {

    @TempDir
    Path dir;

    private static Path openssl() {
        var p = ExternalTool.find("openssl");
        Assumptions.assumeTrue(p.isPresent(), "openssl is not installed");
        return p.get();
    }

    private List<String> sClient(Path openssl, int port, Path ca, String host) {
        return List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost",
                "-verify_return_error", "-CAfile", ca.toString(), "-verify_hostname", host);
    }

    @Test
    void opensslClientVerifiesAndTalksToServerMode() throws Exception {
        Path openssl = openssl();
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer echo = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", echo.address()), pki.serverTls(),
                        events);
                ExternalTool client = ExternalTool.start(dir,
                        sClient(openssl, server.boundAddress("s").getPort(), files.ca(), "localhost"))) {
            client.stdin().write("ping through openssl\n".getBytes(StandardCharsets.US_ASCII));
            client.stdin().flush();
            assertTrue(client.awaitOutput("Verify return code: 0 (ok)", Duration.ofSeconds(10)), client.output());
            assertTrue(client.awaitOutput("ping through openssl", Duration.ofSeconds(10)), client.output());
            client.stdin().close();
            assertEquals(0, client.waitFor(Duration.ofSeconds(10)), client.output());
            events.awaitClosed(1, Duration.ofSeconds(5));
        }
    }

    @Test
    void opensslClientRefusesAWrongHostAndWeReportIt() throws Exception {
        Path openssl = openssl();
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (EchoServer echo = EchoServer.echo();
                Tunnel server = TunnelFixtures.start(TunnelFixtures.server("s", echo.address()), pki.serverTls(),
                        events);
                ExternalTool client = ExternalTool.start(dir,
                        sClient(openssl, server.boundAddress("s").getPort(), files.ca(), "wrong.example"))) {
            client.stdin().close();
            assertNotEquals(0, client.waitFor(Duration.ofSeconds(10)), client.output());
            assertTrue(client.output().contains("hostname mismatch"), client.output());
            String reason = events.await("handshakeFailed", Duration.ofSeconds(5)).text();
            assertTrue(reason.contains("refused this side's certificate"), reason);
            assertEquals(0, echo.accepted());
        }
    }
}
