package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemRoundTripTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void combinedFileRoundTripsForEveryKeyType(KeyType type) throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").keyType(type).build();
        KeyMaterial leaf = CertificateBuilder.server("CN=ldap.tinynet.edu").keyType(type)
                .dns("ldap.tinynet.edu").ip("127.0.0.1").issuedBy(ca).build();
        Path f = dir.resolve("Site_Cert.pem");
        Pem.writeCombined(f, leaf, false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        KeyMaterial back = Pem.readKeyMaterial(f, null, null, false, w -> { });
        assertEquals(leaf.chain(), back.chain());
        assertTrue(back.keyMatchesCertificate());
        assertEquals(2, back.chain().size());
    }
}
