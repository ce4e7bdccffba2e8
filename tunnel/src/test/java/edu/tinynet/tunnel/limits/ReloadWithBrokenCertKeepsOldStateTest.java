package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.TunnelProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate file in use is replaced by a broken one (cut short, as by an interrupted copy)
 * and the tunnel is reloaded: the reload fails naming the file, a connection opened before it
 * still relays, and new connections are served with the certificate loaded at start.
 */
class ReloadWithBrokenCertKeepsOldStateTest {

    @TempDir
    Path dir;

    @Test
    void truncatedCertFileKeepsTheLoadedCertificateServing() throws Exception {
        try (DaemonFixture f = DaemonFixture.start(dir)) {
            assertEquals(DaemonFixture.OLD_SUBJECT, f.newConnectionEchoes("before"));
            try (TunnelProbe live = f.connect()) {
                DaemonFixture.echoes(live, "live");

                // cut short two lines into the certificate
                List<String> pem = Files.readAllLines(f.files.server());
                int begin = pem.indexOf("-----BEGIN CERTIFICATE-----");
                Files.write(f.files.server(), pem.subList(0, begin + 3));
                assertFalse(f.reload(Files.readString(f.conf)), "reload must fail");

                String log = f.log();
                assertTrue(log.contains("LOG3[ui]: Reloading " + f.conf + " failed: Service [svc]: cert = "
                        + f.files.server() + ": line " + (begin + 1) + " (CERTIFICATE): corrupt PEM: "), "names file and line\n" + log);
                assertTrue(log.contains("LOG3[ui]: Keeping the previous configuration"), log);
                DaemonFixture.echoes(live, "still live");
                assertEquals(DaemonFixture.OLD_SUBJECT, f.newConnectionEchoes("after"));
            }
            assertEquals(3, f.echo.accepted());
        }
    }
}
