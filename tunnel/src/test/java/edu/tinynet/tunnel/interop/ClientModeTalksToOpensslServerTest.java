package edu.tinynet.tunnel.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.service.Tunnel;
import edu.tinynet.tunnel.testing.ExternalTool;
import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.RecordingTunnelListener;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import edu.tinynet.tunnel.testing.TunnelProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our {@code client = yes} service talks to {@code openssl s_server -rev} that requires a client
 * certificate ({@code -Verify 1}): the handshake verifies both ways and the reversed line comes back.
 */
class ClientModeTalksToOpensslServerTest {

    @TempDir
    Path dir;

    @Test
    void clientModeTalksToOpensslServer() throws Exception {
        var openssl = ExternalTool.find("openssl");
        Assumptions.assumeTrue(openssl.isPresent(), "openssl is not installed");
        TunnelFixtures.Pki pki = TunnelFixtures.pki();
        InteropFiles files = InteropFiles.write(pki, dir);
        int port = ExternalTool.freePort();
        RecordingTunnelListener events = new RecordingTunnelListener();
        try (ExternalTool server = ExternalTool.start(dir, List.of(openssl.get().toString(), "s_server",
                "-accept", "127.0.0.1:" + port, "-cert", files.server().toString(), "-CAfile", files.ca().toString(),
                "-Verify", "1", "-verify_return_error", "-rev", "-naccept", "1"))) {
            assertTrue(server.awaitOutput("ACCEPT", Duration.ofSeconds(10)), server.output());
            try (Tunnel client = TunnelFixtures.start(TunnelFixtures.client("c",
                    ClientModeTalksToStunnelServerTest.local(port)), pki.clientTls(), events);
                    TunnelProbe p = TunnelProbe.connect(client.boundAddress("c"))) {
                p.write("tunnel\n".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("lennut\n".getBytes(StandardCharsets.US_ASCII), p.readExactly(7), server.output());
                events.await("handshakeCompleted", Duration.ofSeconds(1));
                assertTrue(server.awaitOutput("CN=tunnel-client", Duration.ofSeconds(5))
                        || server.awaitOutput("CN = tunnel-client", Duration.ofSeconds(1)), server.output());
            }
        }
    }
}
