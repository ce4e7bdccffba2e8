package edu.tinynet.tunnel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log file: {@code log = append} keeps old lines, {@code overwrite} starts fresh, reopen follows a rotation. */
class StunnelLogFileTest {

    @TempDir
    Path dir;

    @Test
    void appendKeepsEarlierLines() throws Exception {
        Path f = dir.resolve("tunnel.log");
        Files.writeString(f, "old line\n");
        try (StunnelLog log = StunnelLog.toFile(f, true, null)) {
            log.log(5, "Configuration successful");
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals("old line", lines.get(0));
        assertTrue(lines.get(1).endsWith("LOG5[ui]: Configuration successful"), lines.get(1));
    }

    @Test
    void overwriteStartsFresh() throws Exception {
        Path f = dir.resolve("tunnel.log");
        Files.writeString(f, "old line\n");
        try (StunnelLog log = StunnelLog.toFile(f, false, null)) {
            log.log(5, "Configuration successful");
        }
        assertEquals(1, Files.readAllLines(f).size());
    }

    @Test
    void reopenWritesToTheNewFileAfterRotation() throws Exception {
        Path f = dir.resolve("tunnel.log");
        try (StunnelLog log = StunnelLog.toFile(f, false, null)) {
            log.log(5, "before rotation");
            Files.move(f, dir.resolve("tunnel.log.1"));
            log.reopen();
            log.log(5, "after rotation");
        }
        assertTrue(Files.readString(dir.resolve("tunnel.log.1")).contains("before rotation"));
        String now = Files.readString(f);
        assertTrue(now.contains("after rotation") && !now.contains("before rotation"), now);
    }
}
