package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import edu.tinynet.tunnel.pki.KeyFiles;
import edu.tinynet.tunnel.testing.TestPki;
import edu.tinynet.tunnel.testing.TunnelCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A CA key that others can read is refused with the chmod fix, unless --allow-insecure-key-file (then logged). */
class PkiInsecureKeyFileTest {

    @TempDir
    Path dir;

    TestPki pki;
    ListAppender<ILoggingEvent> logged;
    Logger logger;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        Files.setPosixFilePermissions(pki.caKeyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        logger = (Logger) LoggerFactory.getLogger(KeyFiles.class);
        logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logged);
    }

    @Test
    void worldReadableCaKeyIsRefusedWithTheFix() {
        Path out = dir.resolve("a.pem");
        TunnelCli.Result r = TunnelCli.run("pki", "issue", "--ca", pki.caFile().toString(), "--san", "DNS:a.test",
                "--out", out.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        String line = r.errLines().get(0);
        assertTrue(line.contains("Insecure file permissions on " + pki.caKeyFile() + ": mode 0644"), line);
        assertTrue(line.endsWith("Fix: chmod 600 " + pki.caKeyFile()), line);
        assertTrue(!Files.exists(out));
        assertTrue(logged.list.isEmpty());
    }

    @Test
    void allowInsecureKeyFileProceedsAndLogsAWarning() {
        Path out = dir.resolve("a.pem");
        TunnelCli.Result r = TunnelCli.run("pki", "issue", "--ca", pki.caFile().toString(), "--san", "DNS:a.test",
                "--out", out.toString(), "--allow-insecure-key-file");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.exists(out));
        assertEquals(1, logged.list.size());
        assertEquals(Level.WARN, logged.list.get(0).getLevel());
        assertTrue(logged.list.get(0).getFormattedMessage().contains("mode 0644")
                && logged.list.get(0).getFormattedMessage().contains("explicitly allowed"), logged.list.get(0).toString());
    }

    @Test
    void revokeAndCrlAndP12ExportApplyThePolicyToo() throws Exception {
        TunnelCli.Result crl = TunnelCli.run("pki", "crl", "--ca", pki.caFile().toString());
        assertEquals(1, crl.exitCode(), crl.toString());
        assertTrue(crl.err().contains("chmod 600 " + pki.caKeyFile()), crl.err());
        Files.setPosixFilePermissions(pki.clientFile(), PosixFilePermissions.fromString("rw-rw-r--"));
        TunnelCli.Result p12 = TunnelCli.run("pki", "p12", "export", "--in", pki.clientFile().toString(),
                "--out", dir.resolve("c.p12").toString(), "--password", "x");
        assertEquals(1, p12.exitCode(), p12.toString());
        assertTrue(p12.err().contains("mode 0664") && p12.err().contains("chmod 600 " + pki.clientFile()), p12.err());
    }
}
