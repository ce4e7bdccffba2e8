package edu.tinynet.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warnings about the service's own certificate, reported at start and on reload. */
class OwnCertificateWarningsTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
    }

    private List<String> warningsFor(KeyMaterial m) throws Exception {
        Fixture.Tls s = new Fixture.Tls();
        s.cert = f.write("own.pem", m);
        List<String> warnings = new ArrayList<>();
        s.server(warnings);
        return warnings;
    }

    @Test
    void validCertificateGivesNoWarning() throws Exception {
        assertEquals(List.of(), warningsFor(f.server));
    }

    @Test
    void certificateNearExpiryIsWarnedAbout() throws Exception {
        KeyMaterial m = CertificateBuilder.server("CN=soon.tinynet.edu").validFor(Duration.ofDays(10)).issuedBy(f.ca).build();
        List<String> w = warningsFor(m);
        assertEquals(1, w.size(), w.toString());
        assertEquals("cert = " + dir.resolve("own.pem") + ": certificate CN=soon.tinynet.edu expires on "
                + CertificateText.date(m.certificate().getNotAfter()) + " (in 9 days)", w.get(0));
    }

    @Test
    void expiredCertificateIsWarnedAbout() throws Exception {
        Instant end = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        KeyMaterial m = CertificateBuilder.server("CN=old.tinynet.edu").validity(end.minus(90, ChronoUnit.DAYS), end)
                .issuedBy(f.ca).build();
        assertEquals(List.of("cert = " + dir.resolve("own.pem") + ": certificate CN=old.tinynet.edu EXPIRED on "
                + CertificateText.date(end) + "; peers that verify it will refuse the handshake"), warningsFor(m));
    }

    @Test
    void notYetValidCertificateIsWarnedAbout() throws Exception {
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        KeyMaterial m = CertificateBuilder.server("CN=new.tinynet.edu").validity(start, start.plus(90, ChronoUnit.DAYS))
                .issuedBy(f.ca).build();
        List<String> w = warningsFor(m);
        assertTrue(w.size() == 1 && w.get(0).contains("CN=new.tinynet.edu is not valid until " + CertificateText.date(start)),
                w.toString());
    }

    @Test
    void clientCertificateInServerModeIsWarnedAbout() throws Exception {
        List<String> w = warningsFor(f.client);
        assertEquals(List.of("cert = " + dir.resolve("own.pem") + ": certificate CN=alice,O=tinynet.edu does not allow "
                + "serverAuth (extendedKeyUsage); peers that check the purpose will refuse it"), w);
    }

    @Test
    void expiredTrustedCaIsWarnedAbout() throws Exception {
        Instant end = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        KeyMaterial oldCa = CertificateBuilder.ca("CN=Old CA").validity(end.minus(900, ChronoUnit.DAYS), end).build();
        Fixture.Tls c = f.clientSettings();
        c.caFile = f.writeCerts("old-ca.pem", oldCa);
        List<String> warnings = new ArrayList<>();
        c.client(warnings);
        assertEquals(List.of("CAfile = " + c.caFile + ": trusted certificate CN=Old CA expired on " + CertificateText.date(end)
                + "; peers whose chain ends there will be refused"), warnings);
    }
}
