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
 * A plaintext HTTP request ({@code GET / HTTP/1.1}) on a TLS port; the hint says plaintext came where TLS was expected.
 * The server closes within {@link HostileInput#CLOSE_BOUND}, reports one handshake failure with a
 * hint, logs no stack trace, and the process returns to its baseline (threads, heap, connections).
 */
class HttpRequestIsRejectedCleanlyTest {

    @TempDir
    Path dir;

    @Test
    void httpRequestIsRejectedWithAPlaintextHint() throws Exception {
        try (HardenedServer server = HardenedServer.start(dir)) {
            List<String> reasons = HostileInput.assertRejectedCleanly(server, (round, s) -> {
                HostileInput.send(s, "GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: hostile\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            });
            assertTrue(reasons.stream().allMatch(r -> r.contains("plaintext")), reasons.toString());
        }
    }
}
