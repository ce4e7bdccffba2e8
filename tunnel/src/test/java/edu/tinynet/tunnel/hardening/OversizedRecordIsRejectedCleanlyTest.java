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
 * A handshake record whose length (18433) exceeds the largest legal TLS record (2^14 + 2048), with all its bytes sent.
 * The server closes within {@link HostileInput#CLOSE_BOUND}, reports one handshake failure with a
 * hint, logs no stack trace, and the process returns to its baseline (threads, heap, connections).
 */
class OversizedRecordIsRejectedCleanlyTest {

    @TempDir
    Path dir;

    @Test
    void oversizedRecordIsRejectedCleanly() throws Exception {
        try (HardenedServer server = HardenedServer.start(dir)) {
            List<String> reasons = HostileInput.assertRejectedCleanly(server, (round, s) -> {
                byte[] record = new byte[5 + 18433];
                new Random(round).nextBytes(record);
                record[0] = 0x16;
                record[1] = 0x03;
                record[2] = 0x03;
                record[3] = 0x48;
                record[4] = 0x01;
                HostileInput.send(s, record);
            });
            assertTrue(reasons.stream().noneMatch(String::isBlank), reasons.toString());
        }
    }
}
