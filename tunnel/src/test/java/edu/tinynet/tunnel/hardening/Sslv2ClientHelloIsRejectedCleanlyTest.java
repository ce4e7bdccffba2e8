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
 * An SSLv2-format CLIENT-HELLO (2-byte header, version 0x0002) on a TLS port.
 * The server closes within {@link HostileInput#CLOSE_BOUND}, reports one handshake failure with a
 * hint, logs no stack trace, and the process returns to its baseline (threads, heap, connections).
 */
class Sslv2ClientHelloIsRejectedCleanlyTest {

    @TempDir
    Path dir;

    @Test
    void sslv2ClientHelloIsRejectedCleanly() throws Exception {
        try (HardenedServer server = HardenedServer.start(dir)) {
            List<String> reasons = HostileInput.assertRejectedCleanly(server, (round, s) -> {
                HostileInput.send(s, Sslv2Hello.bytes(round));
            });
            assertTrue(reasons.stream().noneMatch(String::isBlank), reasons.toString());
        }
    }
}
