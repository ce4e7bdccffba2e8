package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.tls.CertificateText;
import edu.tinynet.tunnel.tls.ServiceTls;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tunnel whose own certificate expires within {@link ServiceTls#EXPIRY_WARNING} (30 days, as
 * stunnel warns) logs a warning naming the file, the subject, the date and the days left, when it
 * starts and again when a reload loads such a certificate; the tunnel keeps serving with it.
 */
class NearExpiryCertificateWarnsAtStartAndReloadTest {

    @TempDir
    Path dir;

    @Test
    void nearExpiryIsWarnedAboutAtStartAndOnReload() throws Exception {
        Path soon = DaemonFixture.serverCert(dir.resolve("soon.pem"),
                CertificateBuilder.server("CN=soon,O=tinynet.edu").validFor(Duration.ofDays(10)));
        try (DaemonFixture f = DaemonFixture.start(dir, soon)) {
            String log = f.log();
            assertTrue(log.contains("LOG4[ui]: cert = " + soon + ": certificate CN=soon,O=tinynet.edu expires on "
                    + notAfter(soon) + " (in 9 days)"), "warned at start\n" + log);
            assertTrue(log.indexOf("expires on") < log.indexOf("Configuration successful"), log);
            assertEquals("CN=soon,O=tinynet.edu", f.newConnectionEchoes("served"));

            Path later = DaemonFixture.serverCert(dir.resolve("later.pem"),
                    CertificateBuilder.server("CN=later,O=tinynet.edu").validFor(Duration.ofDays(20)));
            assertTrue(f.reload(f.config(later, "")), f.log());
            String afterReload = f.log().substring(log.length());
            assertTrue(afterReload.contains("LOG4[ui]: cert = " + later + ": certificate CN=later,O=tinynet.edu "
                    + "expires on " + notAfter(later) + " (in 19 days)"), "warned on reload\n" + afterReload);
            assertEquals("CN=later,O=tinynet.edu", f.newConnectionEchoes("served after reload"));

            // the baseline: a certificate valid for longer is not warned about
            Path fresh = DaemonFixture.serverCert(dir.resolve("fresh.pem"),
                    CertificateBuilder.server("CN=fresh,O=tinynet.edu").validFor(Duration.ofDays(31)));
            String before = f.log();
            assertTrue(f.reload(f.config(fresh, "")), f.log());
            String quiet = f.log().substring(before.length());
            assertTrue(!quiet.contains("expires on") && !quiet.contains("LOG4"), quiet);
        }
    }

    static String notAfter(Path pem) throws Exception {
        X509Certificate c = Pem.readCertificates(pem).get(0);
        return CertificateText.date(c.getNotAfter());
    }
}
