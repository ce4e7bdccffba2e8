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
 * A TLS record header promising 512 bytes, 40 of them sent, then the client closes its sending side.
 * The server closes within {@link HostileInput#CLOSE_BOUND}, reports one handshake failure with a
 * hint, logs no stack trace, and the process returns to its baseline (threads, heap, connections).
 */
class TruncatedRecordIsRejectedCleanlyTest {

    @TempDir
    Path dir;

    @Test
    void truncatedRecordIsRejectedCleanly() throws Exception {
        try (HardenedServer server = HardenedServer.start(dir)) {
            List<String> reasons = HostileInput.assertRejectedCleanly(server, (round, s) -> {
                byte[] hello = Tls10Hello.bytes(round);
                byte[] partial = new byte[45];
                System.arraycopy(hello, 0, partial, 0, partial.length);
                partial[3] = 0x02;
                partial[4] = 0x00;
                HostileInput.send(s, partial);
                s.shutdownOutput();
            });
            assertTrue(reasons.stream().allMatch(r -> r.contains("closed")), reasons.toString());
        }
    }
}
