package edu.tinynet.tunnel.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ClientHello offering only TLS 1.0 (raw bytes, record and hello version 0x0301): TLS 1.0 is off by default; the hint names the version and sslVersionMin.
 * The server closes within {@link HostileInput#CLOSE_BOUND}, reports one handshake failure with a
 * hint, logs no stack trace, and the process returns to its baseline (threads, heap, connections).
 */
class Tls10OnlyClientHelloIsRejectedCleanlyTest {

    @TempDir
    Path dir;

    @Test
    void tls10OnlyClientHelloIsRejectedWithAVersionHint() throws Exception {
        try (HardenedServer server = HardenedServer.start(dir)) {
            List<String> reasons = HostileInput.assertRejectedCleanly(server, (round, s) -> {
                HostileInput.send(s, Tls10Hello.bytes(round));
            });
            assertTrue(reasons.stream().allMatch(r -> r.contains("TLSv1") && r.contains("sslVersionMin")),
                    reasons.toString());
        }
    }
}
