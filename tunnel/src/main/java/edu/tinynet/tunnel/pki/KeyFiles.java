package edu.tinynet.tunnel.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       which case a warning is reported instead (by default an SLF4J WARN). stunnel's manual: "This file must be readable
 *       only by the system account that runs stunnel."</li>
 * </ul>
 */
public final class KeyFiles {

    /** Mode for private keys and files that contain one. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** Mode for certificates, CRLs and other public files. */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private static final Logger LOG = LoggerFactory.getLogger(KeyFiles.class);

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
     * through a temporary file and an atomic rename. See {@link OutputFiles} to write several
     * files all together or not at all.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode, boolean overwrite)
            throws PkiException {
        try {
            new OutputFiles().add(target, content, mode).commit(overwrite);
        } catch (IllegalArgumentException e) {
            throw new PkiException(e.getMessage(), e);
        }
    }

    /**
     * Like {@link #checkPrivateKeyFile(Path, boolean, Consumer)}, reporting an accepted insecure
     * file as an SLF4J WARN on logger {@code edu.tinynet.tunnel.pki.KeyFiles}.
     */
    public static void checkPrivateKeyFile(Path file, boolean allowInsecure) throws PkiException {
        checkPrivateKeyFile(file, allowInsecure, LOG_WARNING);
    }

    /** A warning sink that logs at SLF4J WARN on logger {@code edu.tinynet.tunnel.pki.KeyFiles}. */
    public static final Consumer<String> LOG_WARNING = msg -> LOG.warn("{}", msg);

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
        boolean readable = perms.contains(PosixFilePermission.GROUP_READ)
                || perms.contains(PosixFilePermission.OTHERS_READ);
        String msg = "Insecure file permissions on " + file + ": mode " + mode + " lets other accounts "
                + (readable ? "read" : "modify") + " the private key; it must be accessible only by its owner."
                + " Fix: chmod 600 " + file;
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
