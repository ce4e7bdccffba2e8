package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A set of output files is written completely or not at all. */
class OutputFilesTest {

    @TempDir
    Path dir;

    private List<String> tree() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void writesAllFilesCreatingDirectories() throws Exception {
        new OutputFiles().addPublic(dir.resolve("a/ca.pem"), "A").addPrivate(dir.resolve("b/c/key.pem"), "B").commit(false);
        assertEquals(List.of("a", "a/ca.pem", "b", "b/c", "b/c/key.pem"), tree());
        assertEquals("B", Files.readString(dir.resolve("b/c/key.pem")));
    }

    @Test
    void oneExistingTargetStopsTheWholeSetBeforeAnythingIsWritten() throws Exception {
        Files.writeString(dir.resolve("second.pem"), "old");
        OutputFiles files = new OutputFiles().addPublic(dir.resolve("new/first.pem"), "1")
                .addPublic(dir.resolve("second.pem"), "2");
        PkiException e = assertThrows(PkiException.class, () -> files.commit(false));
        assertTrue(e.getMessage().endsWith("second.pem: already exists (use --force to overwrite)"), e.getMessage());
        assertEquals(List.of("second.pem"), tree());
        assertEquals("old", Files.readString(dir.resolve("second.pem")));
    }

    @Test
    void failureWhileRenamingUndoesEarlierFilesAndRestoresOverwrittenOnes() throws Exception {
        Files.writeString(dir.resolve("keep.pem"), "old content");
        Files.writeString(dir.resolve("last.pem"), "old last");
        OutputFiles files = new OutputFiles()
                .addPrivate(dir.resolve("keep.pem"), "new content")
                .addPublic(dir.resolve("fresh/one.pem"), "1")
                .addPublic(dir.resolve("last.pem"), "2");
        files.renameHook = target -> {
            if (target.endsWith("last.pem")) {
                throw new java.nio.file.FileSystemException(target.toString(), null, "No space left on device");
            }
        };
        PkiException e = assertThrows(PkiException.class, () -> files.commit(true));
        assertTrue(e.getMessage().contains("last.pem: cannot write: No space left on device"), e.getMessage());
        assertEquals(List.of("keep.pem", "last.pem"), tree()); // no fresh/, no temporary or backup files
        assertEquals("old content", Files.readString(dir.resolve("keep.pem")));
        assertEquals("old last", Files.readString(dir.resolve("last.pem")));
    }

    @Test
    void failureWhileWritingTemporaryFilesLeavesNothing() throws Exception {
        // a legal 250-character file name whose temporary sibling (.NAME.<random>.tmp) is too long
        String longName = "k".repeat(250);
        OutputFiles files = new OutputFiles()
                .addPublic(dir.resolve("d1/ok.pem"), "1")
                .addPrivate(dir.resolve("d2/" + longName), "2");
        PkiException e = assertThrows(PkiException.class, () -> files.commit(false));
        assertTrue(e.getMessage().contains(longName + ": cannot write"), e.getMessage());
        assertEquals(List.of(), tree());
    }

    @Test
    void aDirectoryInTheWayIsNamed() throws Exception {
        Files.createDirectories(dir.resolve("blocked.pem/inside"));
        OutputFiles files = new OutputFiles().addPublic(dir.resolve("a.pem"), "1").addPublic(dir.resolve("blocked.pem"), "2");
        PkiException e = assertThrows(PkiException.class, () -> files.commit(true));
        assertTrue(e.getMessage().endsWith("blocked.pem: is a directory; expected a file name"), e.getMessage());
        assertEquals(List.of("blocked.pem", "blocked.pem/inside"), tree());
    }

    @Test
    void aFileWhereADirectoryIsNeededIsNamed() throws Exception {
        Files.writeString(dir.resolve("plain"), "x");
        OutputFiles files = new OutputFiles().addPublic(dir.resolve("ok/a.pem"), "1")
                .addPublic(dir.resolve("plain/sub/b.pem"), "2");
        PkiException e = assertThrows(PkiException.class, () -> files.commit(false));
        assertTrue(e.getMessage().endsWith("b.pem: cannot write: " + dir.resolve("plain") + " exists and is not a directory"),
                e.getMessage());
        assertEquals(List.of("plain"), tree());
    }

    @Test
    void theSameFileTwiceIsRefused() {
        OutputFiles files = new OutputFiles().addPublic(dir.resolve("x.pem"), "1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> files.addPrivate(dir.resolve("sub/../x.pem"), "2"));
        assertTrue(e.getMessage().contains("named twice"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.pem")));
    }
}
