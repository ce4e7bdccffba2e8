package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.InteropFiles;
import edu.tinynet.tunnel.testing.TunnelFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tunnel check CONF} prints the effective settings and exits 0 for a configuration that
 * would start; it also loads the TLS files, so a missing certificate fails the check, naming the
 * file, with exit code 1.
 */
class CheckCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private Run check(String... args) {
        CommandLine cl = TunnelMain.newCommandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int exit = cl.execute(args);
        return new Run(exit, out.toString());
    }

    private Path config(String cert) throws Exception {
        Path conf = dir.resolve("tunnel.conf");
        Files.writeString(conf, "[web]\naccept = 127.0.0.1:8443\nconnect = 127.0.0.1:8080\ncert = " + cert + "\n");
        return conf;
    }

    @Test
    void goodConfigurationPassesWithItsSettings() throws Exception {
        InteropFiles files = InteropFiles.write(TunnelFixtures.pki(), dir);
        Run r = check("check", config(files.server().toString()).toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().contains("Result: OK"), r.out());
        assertTrue(r.out().contains("Service [web]"), r.out());
        assertTrue(r.out().contains("127.0.0.1:8443"), r.out());
    }

    @Test
    void missingCertificateFailsNamingTheFile() throws Exception {
        Path missing = dir.resolve("nowhere.pem");
        Run r = check("check", config(missing.toString()).toString());
        assertEquals(ExitCodes.FAILURE, r.exit(), r.out());
        assertTrue(r.out().contains("Result: FAILED"), r.out());
        assertTrue(r.out().contains("Service [web]"), r.out());
        assertTrue(r.out().contains(missing.toString()), r.out());
    }

    @Test
    void portOffsetShiftsThePorts() throws Exception {
        InteropFiles files = InteropFiles.write(TunnelFixtures.pki(), dir);
        Run r = check("check", "--port-offset", "1000", config(files.server().toString()).toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().contains("127.0.0.1:9443"), r.out());
        assertTrue(r.out().contains("127.0.0.1:9080"), r.out());
    }

    /** The seed's WebServer config names lab hosts no resolver here knows: stunnel resolves them per connection. */
    @Test
    void seedWebServerConfigChecksWithMitmWarningsAndNoErrors() throws Exception {
        Path seed = Path.of("src/test/resources/seed/webserver.conf");
        Run r = check("check", "--port-offset", "10000", seed.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out());
        assertTrue(r.out().contains("Result: OK (3 services), 0 errors"), r.out());
        assertTrue(r.out().contains("Service [ldaps] needs authentication to prevent MITM attacks"), r.out());
        assertTrue(r.out().contains("0.0.0.0:10389"), r.out());
    }
}
