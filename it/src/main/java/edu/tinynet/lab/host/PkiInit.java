package edu.tinynet.lab.host;

import edu.tinynet.tunnel.pki.KeyFiles;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.TinyNetLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The lab PKI in a directory, made once: {@code tunnel pki lab} when the directory holds none of
 * its files, nothing when it holds all of them (a restarted lab keeps its CA), and an error naming
 * the missing files when it holds only some (never a half-new PKI whose CA does not match).
 */
public final class PkiInit {

    /** What {@link #ensure} did. */
    public enum Outcome {
        CREATED, KEPT
    }

    private PkiInit() {
    }

    /** Every file the lab PKI consists of, relative to its directory. */
    public static List<Path> files() {
        List<Path> out = new ArrayList<>();
        out.add(Path.of(TinyNetLab.CA_FILE));
        out.add(Path.of(TinyNetLab.CA_KEY_FILE));
        TinyNetLab.hosts().forEach(h -> out.add(h.siteCert()));
        return out;
    }

    /**
     * Makes the lab PKI in {@code dir} unless it is there already.
     *
     * @param log receives one line per action
     * @throws PkiException when only part of the PKI exists, a private key file is readable by
     *                      others, or writing fails
     */
    public static Outcome ensure(Path dir, KeyType keyType, Consumer<String> log) throws PkiException {
        List<Path> present = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        for (Path f : files()) {
            (Files.exists(dir.resolve(f)) ? present : missing).add(f);
        }
        if (missing.isEmpty()) {
            KeyFiles.checkPrivateKeyFile(dir.resolve(TinyNetLab.CA_KEY_FILE), false);
            for (TinyNetLab.Host h : TinyNetLab.hosts()) {
                KeyFiles.checkPrivateKeyFile(dir.resolve(h.siteCert()), false);
            }
            log.accept("Lab PKI in " + dir + " is complete (" + present.size() + " files): keeping it");
            return Outcome.KEPT;
        }
        if (!present.isEmpty()) {
            throw new PkiException(dir + " holds part of a lab PKI: " + missing + " missing, " + present
                    + " present; remove the directory's files (docker compose down -v removes the volume) to start over");
        }
        TinyNetLab.Result r = TinyNetLab.write(dir, keyType, false);
        log.accept("Lab PKI written to " + dir + ": " + TinyNetLab.CA_FILE + " (" + TinyNetLab.CA_SUBJECT + "), "
                + r.issued().size() + " Site_Cert.pem files (mode 0600), key type " + keyType);
        return Outcome.CREATED;
    }
}
