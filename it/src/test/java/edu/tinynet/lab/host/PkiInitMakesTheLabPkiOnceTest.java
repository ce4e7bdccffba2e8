package edu.tinynet.lab.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.PkiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pki-init writes the lab PKI into an empty directory, keeps a complete one, refuses a partial one. */
class PkiInitMakesTheLabPkiOnceTest {

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    @Test
    void anEmptyDirectoryGetsTheWholeLabWithPrivateKeyFiles() throws Exception {
        assertEquals(PkiInit.Outcome.CREATED, PkiInit.ensure(dir, KeyType.DEFAULT, log::add));
        for (Path f : PkiInit.files()) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f.toString());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("ldap.tinynet.edu/Site_Cert.pem"))));
        assertTrue(log.get(0).startsWith("Lab PKI written to " + dir), log.toString());
    }

    @Test
    void aCompleteLabIsKeptAsItIs() throws Exception {
        PkiInit.ensure(dir, KeyType.DEFAULT, log::add);
        byte[] ca = Files.readAllBytes(dir.resolve("ca.pem"));
        assertEquals(PkiInit.Outcome.KEPT, PkiInit.ensure(dir, KeyType.DEFAULT, log::add));
        assertArrayEquals(ca, Files.readAllBytes(dir.resolve("ca.pem")));
        assertTrue(log.get(1).contains("is complete (7 files): keeping it"), log.toString());
    }

    @Test
    void aPartialLabIsRefusedNamingWhatIsMissing() throws Exception {
        PkiInit.ensure(dir, KeyType.DEFAULT, log::add);
        Files.delete(dir.resolve("mail.tinynet.edu/Site_Cert.pem"));
        PkiException e = assertThrows(PkiException.class, () -> PkiInit.ensure(dir, KeyType.DEFAULT, log::add));
        assertTrue(e.getMessage().contains("holds part of a lab PKI: [mail.tinynet.edu/Site_Cert.pem] missing"),
                e.getMessage());
        assertTrue(Files.notExists(dir.resolve("mail.tinynet.edu/Site_Cert.pem")), "nothing was written");
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        PkiInit.ensure(dir, KeyType.DEFAULT, log::add);
        Path key = dir.resolve("gw.tinynet.edu/Site_Cert.pem");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        PkiException e = assertThrows(PkiException.class, () -> PkiInit.ensure(dir, KeyType.DEFAULT, log::add));
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
    }
}
