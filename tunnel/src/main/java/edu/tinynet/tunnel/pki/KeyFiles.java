package edu.tinynet.tunnel.pki;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The private-key file policy.
 *
 * <ul>
 *   <li>Every file written here is written atomically: a temporary file in the same directory,
 *       flushed to disk, then renamed over the target. A crash leaves the old file or none,
 *       never half a key.</li>
 *   <li>Private keys are written with mode 0600.</li>
 *   <li>Loading a private key that group or others can read fails, naming the file, its mode and
 *       the fix ({@code chmod 600 FILE}), unless the caller explicitly allows insecure files, in
 *       which case a warning is reported instead. stunnel's manual: "This file must be readable
 *       only by the system account that runs stunnel."</li>
 * </ul>
 */
public final class KeyFiles {

    /** Mode for private keys and files that contain one. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** Mode for certificates, CRLs and other public files. */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private KeyFiles() {
    }

    /** Writes a file that holds a private key: mode 0600, atomically. */
    public static void writePrivate(Path target, byte[] content, boolean overwrite) throws PkiException {
        write(target, content, PRIVATE, overwrite);
    }

    /** Writes a public file (certificate, CRL): mode 0644, atomically. */
    public static void writePublic(Path target, byte[] content, boolean overwrite) throws PkiException {
        write(target, content, PUBLIC, overwrite);
    }

    /**
     * Writes {@code content} to {@code target} with the given POSIX mode (where supported),
     * through a temporary file and an atomic rename.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode, boolean overwrite)
            throws PkiException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (!overwrite && Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new PkiException(target + ": already exists (use --force to overwrite)");
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
            tmp = posix
                    ? Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp",
                            PosixFilePermissions.asFileAttribute(mode))
                    : Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(tmp, mode); // umask-proof
            }
            try {
                if (overwrite) {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new PkiException(target + ": already exists (use --force to overwrite)", e);
        } catch (IOException e) {
            throw new PkiException(target + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /**
     * Refuses a private-key file that group or others can read.
     *
     * @param file          the file holding a private key
     * @param allowInsecure when true, report through {@code warn} instead of failing
     * @param warn          receives the warning text when {@code allowInsecure} is set
     * @throws PkiException naming the file, its mode and the fix
     */
    public static void checkPrivateKeyFile(Path file, boolean allowInsecure, Consumer<String> warn)
            throws PkiException {
        Set<PosixFilePermission> perms;
        try {
            if (!Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
                return; // no POSIX modes (e.g. Windows ACLs): nothing to check here
            }
            perms = Files.getPosixFilePermissions(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PkiException(file + ": no such file");
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        boolean exposed = perms.contains(PosixFilePermission.GROUP_READ)
                || perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_WRITE);
        if (!exposed) {
            return;
        }
        String mode = octal(perms);
        String msg = "Insecure file permissions on " + file + ": mode " + mode
                + " lets other accounts read the private key; it must be readable only by its owner. Fix: chmod 600 "
                + file;
        if (allowInsecure) {
            warn.accept(msg + " (accepted because insecure key files were explicitly allowed)");
        } else {
            throw new PkiException(msg);
        }
    }

    /** A POSIX permission set as four octal digits, e.g. {@code 0644}. */
    public static String octal(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return String.format("%04o", m);
    }
}
