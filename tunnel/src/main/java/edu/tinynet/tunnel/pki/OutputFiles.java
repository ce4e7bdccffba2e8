package edu.tinynet.tunnel.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of files written all together or not at all.
 *
 * <p>{@link #commit} first checks every target (none may exist unless overwriting is allowed),
 * then writes each file to a temporary file in its target directory (mode set before any byte is
 * written, contents flushed to disk), and only then renames the temporary files over their targets.
 * If anything fails, the files already renamed are removed again (or the old ones restored when
 * overwriting), temporary files and newly created directories are deleted, and the error names
 * the file. A crash in the middle leaves only hidden {@code .NAME.*.tmp} files, never half a key.
 *
 * <pre>{@code
 * new OutputFiles()
 *         .addPublic(dir.resolve("ca.pem"), Pem.certificates(ca.chain()))
 *         .addPrivate(dir.resolve("ca-key.pem"), Pem.privateKey(ca.privateKey(), null))
 *         .commit(false);
 * }</pre>
 */
public final class OutputFiles {

    private record Pending(Path target, String shown, byte[] content, Set<PosixFilePermission> mode) {
    }

    private final Map<Path, Pending> pending = new LinkedHashMap<>();

    /** Runs before each rename; tests use it to fail in the middle of a commit. */
    interface RenameHook {
        void beforeRename(Path target) throws IOException;
    }

    RenameHook renameHook = target -> { };

    /** Adds a file holding a private key: mode 0600. */
    public OutputFiles addPrivate(Path target, String content) {
        return add(target, content.getBytes(StandardCharsets.US_ASCII), KeyFiles.PRIVATE);
    }

    /** Adds a file holding a private key: mode 0600. */
    public OutputFiles addPrivate(Path target, byte[] content) {
        return add(target, content, KeyFiles.PRIVATE);
    }

    /** Adds a public file (certificate, CRL): mode 0644. */
    public OutputFiles addPublic(Path target, String content) {
        return add(target, content.getBytes(StandardCharsets.US_ASCII), KeyFiles.PUBLIC);
    }

    /**
     * Adds a file with the given POSIX mode (applied where the file system supports it).
     *
     * @throws IllegalArgumentException when the same file was already added
     */
    public OutputFiles add(Path target, byte[] content, Set<PosixFilePermission> mode) {
        Path abs = target.toAbsolutePath().normalize();
        if (pending.containsKey(abs)) {
            throw new IllegalArgumentException(target + ": named twice as an output file");
        }
        pending.put(abs, new Pending(abs, target.toString(), content.clone(), Set.copyOf(mode)));
        return this;
    }

    /** The targets added so far, in order. */
    public List<Path> targets() {
        return List.copyOf(pending.keySet());
    }

    /**
     * Writes every file, or none.
     *
     * @param overwrite replace existing files (the {@code --force} option); without it an existing
     *                  target fails the whole set before anything is written
     * @return the written files, in the order they were added
     */
    public List<Path> commit(boolean overwrite) throws PkiException {
        List<Pending> files = new ArrayList<>(pending.values());
        for (Pending p : files) {
            if (Files.isDirectory(p.target)) {
                throw new PkiException(p.shown + ": is a directory; expected a file name");
            }
            if (!overwrite && Files.exists(p.target, LinkOption.NOFOLLOW_LINKS)) {
                throw new PkiException(p.shown + ": already exists (use --force to overwrite)");
            }
        }
        Deque<Path> createdDirs = new ArrayDeque<>();
        Map<Pending, Path> temps = new LinkedHashMap<>();
        List<Pending> renamed = new ArrayList<>();
        Map<Pending, Path> backups = new LinkedHashMap<>();
        Pending current = null;
        try {
            for (Pending p : files) {
                current = p;
                createDirectories(p.target.getParent(), createdDirs);
            }
            for (Pending p : files) {
                current = p;
                temps.put(p, writeTemp(p));
            }
            for (Pending p : files) {
                current = p;
                renameHook.beforeRename(p.target);
                if (Files.exists(p.target, LinkOption.NOFOLLOW_LINKS)) {
                    Path backup = tempName(p.target, ".bak");
                    Files.move(p.target, backup, StandardCopyOption.ATOMIC_MOVE);
                    backups.put(p, backup);
                }
                move(temps.remove(p), p.target);
                renamed.add(p);
            }
            current = null;
            syncDirectories(files);
            for (Path backup : backups.values()) {
                Files.deleteIfExists(backup);
            }
            return files.stream().map(Pending::target).toList();
        } catch (IOException e) {
            rollback(temps, renamed, backups, createdDirs);
            String who = current != null ? current.shown : "output files";
            throw new PkiException(who + ": cannot write: " + describe(e), e);
        } catch (RuntimeException e) {
            rollback(temps, renamed, backups, createdDirs);
            throw e;
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + (fse.getFile() != null ? " (" + fse.getFile() + ")" : "");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void createDirectories(Path dir, Deque<Path> created) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " exists and is not a directory");
        }
        createDirectories(dir.getParent(), created);
        Files.createDirectory(dir);
        created.push(dir);
    }

    private static Path writeTemp(Pending p) throws IOException {
        Path dir = p.target.getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        Path tmp = posix
                ? Files.createTempFile(dir, "." + p.target.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(p.mode))
                : Files.createTempFile(dir, "." + p.target.getFileName() + ".", ".tmp");
        try {
            if (posix) {
                Files.setPosixFilePermissions(tmp, p.mode); // independent of the umask
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(p.content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static Path tempName(Path target, String suffix) throws IOException {
        Path t = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", suffix + ".tmp");
        Files.delete(t); // only the unique name is wanted; the rename creates it
        return t;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void syncDirectories(List<Pending> files) {
        files.stream().map(p -> p.target.getParent()).distinct().forEach(dir -> {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException | RuntimeException e) {
                // best effort: not every platform can sync a directory
            }
        });
    }

    private static void rollback(Map<Pending, Path> temps, List<Pending> renamed, Map<Pending, Path> backups,
            Deque<Path> createdDirs) {
        for (Path tmp : temps.values()) {
            quietly(() -> Files.deleteIfExists(tmp));
        }
        for (Pending p : renamed) {
            quietly(() -> Files.deleteIfExists(p.target));
        }
        for (Map.Entry<Pending, Path> b : backups.entrySet()) {
            quietly(() -> Files.move(b.getValue(), b.getKey().target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING));
        }
        while (!createdDirs.isEmpty()) {
            Path d = createdDirs.pop();
            quietly(() -> Files.deleteIfExists(d)); // only succeeds when empty
        }
    }

    private interface IoAction {
        Object run() throws IOException;
    }

    private static void quietly(IoAction a) {
        try {
            a.run();
        } catch (IOException | RuntimeException ignored) {
            // best effort while undoing
        }
    }
}
