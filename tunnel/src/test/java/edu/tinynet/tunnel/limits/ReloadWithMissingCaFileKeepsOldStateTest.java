package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.TunnelProbe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload switches to a new certificate and adds {@code CAfile} pointing to a file that does not
 * exist: the reload fails naming that file, nothing of the new configuration takes effect (new
 * connections still get the old certificate), and a connection opened before it still relays.
 */
class ReloadWithMissingCaFileKeepsOldStateTest {

    @TempDir
    Path dir;

    @Test
    void missingCaFileKeepsTheOldCertificateServing() throws Exception {
        try (DaemonFixture f = DaemonFixture.start(dir)) {
            Path newCert = f.newServerCert("new.pem", "CN=renewed,O=tinynet.edu");
            Path missing = dir.resolve("missing-ca.pem");
            try (TunnelProbe live = f.connect()) {
                DaemonFixture.echoes(live, "live");

                assertFalse(f.reload(f.config(newCert, "CAfile = " + missing + "\nverifyChain = yes\n")),
                        "reload must fail");

                String log = f.log();
                assertTrue(log.contains("LOG3[ui]: Reloading " + f.conf + " failed: Service [svc]: CAfile = " + missing
                        + ": no such file"), "names the CA file\n" + log);
                assertTrue(log.contains("LOG3[ui]: Keeping the previous configuration"), log);
                DaemonFixture.echoes(live, "still live");
                assertEquals(DaemonFixture.OLD_SUBJECT, f.newConnectionEchoes("after"), "the new cert is not used");
            }

            // the baseline: without the broken CAfile the same change takes effect
            assertTrue(f.reload(f.config(newCert, "")), f.log());
            assertEquals("CN=renewed,O=tinynet.edu", f.newConnectionEchoes("new"));
        }
    }
}
