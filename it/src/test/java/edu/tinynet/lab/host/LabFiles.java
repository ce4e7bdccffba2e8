package edu.tinynet.lab.host;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's seed configurations and lab overlays, as the images carry them. */
final class LabFiles {

    private LabFiles() {
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("compose/compose.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root (with compose/compose.yaml) not found");
        }
        return p;
    }

    static Path seed(Role r) {
        return root().resolve("tunnel/src/test/resources/seed").resolve(r.id() + ".conf");
    }

    /** The lab overlay of {@code r}, or null (LDAPhost has none). */
    static Path overlay(Role r) {
        Path p = root().resolve("compose/conf").resolve(r.id() + ".conf");
        return Files.exists(p) ? p : null;
    }
}
