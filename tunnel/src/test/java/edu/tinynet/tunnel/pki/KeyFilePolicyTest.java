package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Private keys are written 0600 and atomically; group/world-accessible key files are refused unless allowed. */
class KeyFilePolicyTest {

    @TempDir
    Path dir;

    KeyMaterial leaf;
    Path site;
    ListAppender<ILoggingEvent> logged;
    Logger keyFilesLogger;

    @BeforeEach
    void setUp() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        leaf = CertificateBuilder.server("CN=a.test").dns("a.test").issuedBy(ca).build();
        site = dir.resolve("Site_Cert.pem");
        Pem.writeCombined(site, leaf, false);
        keyFilesLogger = (Logger) LoggerFactory.getLogger(KeyFiles.class);
        logged = new ListAppender<>();
        logged.start();
        keyFilesLogger.addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        keyFilesLogger.detachAppender(logged);
    }

    private void chmod(String mode) throws Exception {
        Files.setPosixFilePermissions(site, PosixFilePermissions.fromString(mode));
    }

    @Test
    void writtenKeyFilesAreMode0600AndLeaveNoTemporaryFiles() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(site)));
        Pem.writePrivateKey(dir.resolve("key.pem"), leaf.privateKey(), null, false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key.pem"))));
        Pem.writeCertificates(dir.resolve("cert.pem"), leaf.chain(), false);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cert.pem"))));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("Site_Cert.pem", "cert.pem", "key.pem"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void existingFileIsNotOverwrittenWithoutForce() throws Exception {
        String before = Files.readString(site);
        KeyMaterial other = CertificateBuilder.ca("CN=Other").build();
        PkiException e = assertThrows(PkiException.class, () -> Pem.writeCombined(site, other, false));
        assertTrue(e.getMessage().contains(site + ": already exists (use --force to overwrite)"), e.getMessage());
        assertEquals(before, Files.readString(site));
        Pem.writeCombined(site, other, true);
        assertTrue(!before.equals(Files.readString(site)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(site)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----"})
    void groupOrWorldAccessibleKeyIsRefusedWithModeAndChmodHint(String mode) throws Exception {
        chmod(mode);
        String octal = KeyFiles.octal(PosixFilePermissions.fromString(mode));
        PkiException e = assertThrows(PkiException.class, () -> Pem.readKeyMaterial(site, null, null, false, w -> { }));
        assertTrue(e.getMessage().contains(site.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mode " + octal), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600 " + site), e.getMessage());
        assertTrue(logged.list.isEmpty());
    }

    @Test
    void ownerOnlyKeyIsAccepted() throws Exception {
        chmod("r--------");
        Pem.readKeyMaterial(site, null, null, false, w -> { });
        chmod("rw-------");
        Pem.readKeyMaterial(site, null, null, false);
        assertTrue(logged.list.isEmpty());
    }

    @Test
    void explicitOverrideReportsTheWarningToTheCallback() throws Exception {
        chmod("rw-r--r--");
        List<String> warnings = new ArrayList<>();
        KeyMaterial m = Pem.readKeyMaterial(site, null, null, true, warnings::add);
        assertEquals(leaf.chain(), m.chain());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("mode 0644") && warnings.get(0).contains("chmod 600 " + site), warnings.get(0));
    }

    @Test
    void explicitOverrideLogsAnSlf4jWarning() throws Exception {
        chmod("rw-r--r--");
        Pem.readKeyMaterial(site, null, null, true);
        assertEquals(1, logged.list.size());
        ILoggingEvent event = logged.list.get(0);
        assertEquals(Level.WARN, event.getLevel());
        assertTrue(event.getFormattedMessage().contains("Insecure file permissions on " + site), event.getFormattedMessage());
        assertTrue(event.getFormattedMessage().contains("chmod 600"), event.getFormattedMessage());
    }

    @Test
    void separateKeyFileIsTheOneChecked() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Pem.writeCertificates(cert, leaf.chain(), false);
        Pem.writePrivateKey(key, leaf.privateKey(), null, false);
        Pem.readKeyMaterial(cert, key, null, false); // public cert 0644 is fine
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
        PkiException e = assertThrows(PkiException.class, () -> Pem.readKeyMaterial(cert, key, null, false));
        assertTrue(e.getMessage().contains(key + ": mode 0666") || e.getMessage().contains("on " + key + ": mode 0666"),
                e.getMessage());
    }
}
