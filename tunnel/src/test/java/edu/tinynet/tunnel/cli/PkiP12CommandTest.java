package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.testing.OpenSsl;
import edu.tinynet.tunnel.testing.TestPki;
import edu.tinynet.tunnel.testing.TunnelCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tunnel pki p12 export/import}: OpenSSL reads what we export, and what OpenSSL exports imports. */
class PkiP12CommandTest {

    @TempDir
    Path dir;

    TestPki pki;

    @BeforeEach
    void pki() {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @Test
    void exportIsReadByOpensslAndImportsBack() throws Exception {
        Path p12 = dir.resolve("client.p12");
        TunnelCli.Result r = TunnelCli.run("pki", "p12", "export", "--in", pki.clientFile().toString(),
                "--out", p12.toString(), "--password", "pass:p12 pw");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("PKCS#12 entry \"test client\""), r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)));
        OpenSsl.Result info = OpenSsl.run("pkcs12", "-info", "-in", p12.toString(), "-passin", "pass:p12 pw", "-noout");
        info.assertOk();
        assertTrue(info.output().contains("Shrouded Keybag: PBES2"), info.output());

        Path back = dir.resolve("back/Site_Cert.pem");
        TunnelCli.Result imported = TunnelCli.run("pki", "p12", "import", "--in", p12.toString(), "--password", "p12 pw",
                "--out", back.toString());
        assertEquals(0, imported.exitCode(), imported.toString());
        KeyMaterial m = Pem.readKeyMaterial(back, null, null, false);
        assertEquals(pki.client().chain(), m.chain());
    }

    @Test
    void opensslExportImportsAsSeparateFiles() throws Exception {
        Path p12 = dir.resolve("server.p12");
        OpenSsl.run("pkcs12", "-export", "-in", pki.serverFile().toString(), "-out", p12.toString(),
                "-passout", "pass:os pw", "-name", "server").assertOk();
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        TunnelCli.Result r = TunnelCli.run("pki", "p12", "import", "--in", p12.toString(), "--password", "env:NO_SUCH_VAR_42",
                "--cert", cert.toString(), "--key", key.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("environment variable NO_SUCH_VAR_42 is not set"), r.err());
        r = TunnelCli.run("pki", "p12", "import", "--in", p12.toString(), "--password", "pass:os pw",
                "--cert", cert.toString(), "--key", key.toString());
        assertEquals(0, r.exitCode(), r.toString());
        OpenSsl.verify(pki.caFile(), cert, "-verify_hostname", "localhost").assertOk();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Pem.readKeyMaterial(cert, key, null, false).keyMatchesCertificate());
    }

    @Test
    void exportRefusesAnEmptyPassword() {
        TunnelCli.Result r = TunnelCli.run("pki", "p12", "export", "--in", pki.clientFile().toString(),
                "--out", dir.resolve("x.p12").toString(), "--password", "pass:");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--password must not be empty"), r.err());
        assertTrue(!Files.exists(dir.resolve("x.p12")));
    }
}
