package edu.tinynet.tunnel.tls;

import static edu.tinynet.tunnel.tls.Handshakes.assertSucceeded;
import static edu.tinynet.tunnel.tls.Handshakes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CApath: every certificate file in the directory is trusted. */
class CaPathTest {

    @TempDir
    Path dir;
    Fixture f;
    Path caDir;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixture(dir);
        caDir = Files.createDirectory(dir.resolve("certs"));
    }

    private Fixture.Tls client() {
        Fixture.Tls c = new Fixture.Tls();
        c.caPath = caDir;
        c.verifyChain = true;
        return c;
    }

    @Test
    void loadsHashNamedPemDerAndCrtFiles() throws Exception {
        KeyMaterial a = CertificateBuilder.ca("CN=A").build();
        KeyMaterial b = CertificateBuilder.ca("CN=B").build();
        Pem.writeCertificates(caDir.resolve("1a2b3c4d.0"), List.of(f.ca.certificate()), false);
        Files.write(caDir.resolve("b.cer"), b.certificate().getEncoded()); // DER
        Pem.writeCertificates(caDir.resolve("a.crt"), List.of(a.certificate()), false);
        Files.writeString(caDir.resolve("README"), "not a certificate");
        Files.writeString(caDir.resolve("9f8e7d6c.r0"), "a CRL hash name: skipped");
        ServiceTls client = client().client();
        assertEquals(3, client.trust().certificates().size());
        assertSucceeded(run(client, f.serverSettings().server()));
    }

    @Test
    void symlinkedDuplicatesCountOnce() throws Exception {
        Path real = caDir.resolve("tinynet-ca.pem");
        Pem.writeCertificates(real, List.of(f.ca.certificate()), false);
        Files.createSymbolicLink(caDir.resolve("1a2b3c4d.0"), real.getFileName());
        assertEquals(1, client().client().trust().certificates().size());
    }

    @Test
    void brokenFileIsSkippedWithWarning() throws Exception {
        Pem.writeCertificates(caDir.resolve("ca.pem"), List.of(f.ca.certificate()), false);
        Files.writeString(caDir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        List<String> warnings = new ArrayList<>();
        client().client(warnings);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("CApath = " + caDir + ": skipped " + caDir.resolve("broken.pem"))),
                warnings.toString());
    }

    @Test
    void directoryWithoutCertificatesIsAnError() throws Exception {
        Files.writeString(caDir.resolve("notes.txt"), "nothing here");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> client().client());
        assertEquals("Service [cli]: CApath = " + caDir + ": no certificate found in 0 candidate file(s) "
                + "(loaded are *.pem, *.crt, *.cer and OpenSSL hash names like 1a2b3c4d.0)", e.getMessage());
    }

    @Test
    void missingDirectoryIsAnError() {
        Fixture.Tls c = client();
        c.caPath = dir.resolve("nope");
        assertEquals("Service [cli]: CApath = " + c.caPath + ": no such directory",
                assertThrows(TlsConfigException.class, c::client).getMessage());
    }
}
