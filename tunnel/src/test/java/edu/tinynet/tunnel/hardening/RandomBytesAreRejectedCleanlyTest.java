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
 * Random bytes (seeded, 4 KiB per connection) on a TLS port.
 * The server closes within {@link HostileInput#CLOSE_BOUND}, reports one handshake failure with a
 * hint, logs no stack trace, and the process returns to its baseline (threads, heap, connections).
 */
class RandomBytesAreRejectedCleanlyTest {

    @TempDir
    Path dir;

    @Test
    void randomBytesAreRejectedCleanly() throws Exception {
        try (HardenedServer server = HardenedServer.start(dir)) {
            List<String> reasons = HostileInput.assertRejectedCleanly(server, (round, s) -> {
                byte[] junk = new byte[4096];
                new Random(4711 + round).nextBytes(junk);
                HostileInput.send(s, junk);
            });
            assertTrue(reasons.stream().noneMatch(String::isBlank), reasons.toString());
        }
    }
}
