package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An own certificate that has already expired is logged as an error (LOG3, not a warning), naming
 * the file, the subject and the date, at start and on reload. The tunnel still starts and the
 * reload still takes effect, as with stunnel: peers that do not verify keep working, and a
 * certificate that expires while the tunnel runs could not be refused either; peers that verify
 * refuse the handshake, which the error says.
 */
class ExpiredOwnCertificateIsAnErrorAtStartAndReloadTest {

    @TempDir
    Path dir;

    private Path expired(String name) throws Exception {
        Instant end = Instant.now().minus(3, ChronoUnit.DAYS);
        return DaemonFixture.serverCert(dir.resolve(name + ".pem"), CertificateBuilder.server("CN=" + name + ",O=tinynet.edu")
                .validity(end.minus(90, ChronoUnit.DAYS), end));
    }

    private static String error(Path cert, String subject) throws Exception {
        return "LOG3[ui]: cert = " + cert + ": certificate " + subject + " EXPIRED on "
                + NearExpiryCertificateWarnsAtStartAndReloadTest.notAfter(cert)
                + "; peers that verify it will refuse the handshake";
    }

    @Test
    void expiredCertificateIsLoggedAsAnErrorAtStart() throws Exception {
        Path old = expired("old");
        try (DaemonFixture f = DaemonFixture.start(dir, old)) {
            String log = f.log();
            assertTrue(log.contains(error(old, "CN=old,O=tinynet.edu")), log);
            assertTrue(log.contains("LOG5[ui]: Configuration successful"), log);
        }
    }

    @Test
    void reloadToAnExpiredCertificateIsLoggedAsAnError() throws Exception {
        try (DaemonFixture f = DaemonFixture.start(dir)) {
            assertEquals(DaemonFixture.OLD_SUBJECT, f.newConnectionEchoes("before"));
            String before = f.log();
            assertFalse(before.contains("LOG3"), before);

            Path old = expired("stale");
            assertTrue(f.reload(f.config(old, "")), f.log());
            String log = f.log().substring(before.length());
            assertTrue(log.contains(error(old, "CN=stale,O=tinynet.edu")), log);
        }
    }
}
