package edu.tinynet.tunnel.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.testing.TunnelCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The {@code tunnel pki} commands take passwords ({@code pass:}, {@code file:}, bare) and read and
 * write keys; whatever they print on stdout and stderr, and whatever they log, holds no password
 * (right or wrong) and no key material: an encrypted CA, an issue with the wrong CA password, a
 * {@code show} of the encrypted key with and without its password, a PKCS#12 export and an import
 * with the wrong password.
 */
class PkiCommandsPrintNoPasswordOrKeyTest {

    @TempDir
    Path dir;

    ListAppender<ILoggingEvent> logged;
    Logger root;

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void release() {
        root.detachAppender(logged);
    }

    @Test
    void passwordsAndKeysStayOutOfTheOutput() throws Exception {
        String caPassword = "ca-" + UUID.randomUUID();
        String wrong = "wrong-" + UUID.randomUUID();
        String p12Password = "p12-" + UUID.randomUUID();
        Path pwFile = dir.resolve("ca-password.txt");
        Files.writeString(pwFile, caPassword + "\n");
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        Path leaf = dir.resolve("leaf.pem");
        Path p12 = dir.resolve("leaf.p12");

        List<TunnelCli.Result> runs = new ArrayList<>();
        runs.add(expect(0, "pki", "ca", "--cert", ca.toString(), "--key", caKey.toString(), "--key-password",
                "pass:" + caPassword));
        runs.add(expect(1, "pki", "issue", "--ca", ca.toString(), "--ca-key", caKey.toString(), "--ca-password", wrong,
                "--san", "DNS:a.test", "--out", leaf.toString()));
        runs.add(expect(0, "pki", "issue", "--ca", ca.toString(), "--ca-key", caKey.toString(), "--ca-password",
                "file:" + pwFile, "--san", "DNS:a.test", "--out", leaf.toString()));
        runs.add(expect(0, "pki", "show", caKey.toString(), ca.toString(), "--password", "pass:" + caPassword));
        runs.add(show(caKey));
        runs.add(expect(0, "pki", "show", leaf.toString()));
        runs.add(expect(0, "pki", "p12", "export", "--in", leaf.toString(), "--out", p12.toString(), "--password",
                "pass:" + p12Password));
        runs.add(expect(1, "pki", "p12", "import", "--in", p12.toString(), "--password", "pass:" + wrong, "--out",
                dir.resolve("back.pem").toString()));
        runs.add(expect(0, "pki", "show", p12.toString(), "--password", p12Password));

        Secrets secrets = new Secrets().pemLabel()
                .key("CA key", Pem.readPrivateKey(caKey, caPassword.toCharArray()))
                .key("leaf key", Pem.readPrivateKey(leaf, null))
                .pemBody("encrypted CA key file", Files.readString(caKey))
                .text("CA password", caPassword).text("wrong password", wrong).text("PKCS#12 password", p12Password);
        assertTrue(secrets.findIn("leaf.pem", Files.readString(leaf)).size() >= 2, "the scanner finds the leaf key");
        List<String> found = new ArrayList<>();
        for (TunnelCli.Result r : runs) {
            found.addAll(secrets.findIn("stdout", r.out()));
            found.addAll(secrets.findIn("stderr", r.err()));
        }
        for (ILoggingEvent e : logged.list) {
            found.addAll(secrets.findIn("log " + e.getLevel(), e.getFormattedMessage()
                    + (e.getThrowableProxy() != null ? " " + e.getThrowableProxy().getMessage() : "")));
        }
        assertTrue(found.isEmpty(), "secrets in the pki commands' output:\n" + String.join("\n", found));
    }

    /** {@code pki show} of an encrypted key without its password: whatever it says, it says it without the key. */
    private static TunnelCli.Result show(Path key) {
        return TunnelCli.run("pki", "show", key.toString());
    }

    private static TunnelCli.Result expect(int exit, String... args) {
        TunnelCli.Result r = TunnelCli.run(args);
        assertEquals(exit, r.exitCode(), String.join(" ", args) + "\n" + r);
        return r;
    }
}
