package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work directory's certificates are made once, then reused while valid, and made again when not. */
class LabCertificatesAreReusedOnlyWhenValidTest {

    @TempDir
    Path dir;

    @Test
    void firstRunMakesTheSetAndTheSecondReusesIt() throws Exception {
        LabCertificates first = LabCertificates.ensure(dir, false, null);
        assertTrue(first.created());
        for (LabHost h : LabHost.values()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.siteCert(h))),
                    h + "'s Site_Cert.pem");
        }
        byte[] before = Files.readAllBytes(first.siteCert(LabHost.LDAPHOST));
        LabCertificates second = LabCertificates.ensure(dir, false, null);
        assertFalse(second.created(), second.note());
        assertTrue(second.note().startsWith("reusing "), second.note());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(second.siteCert(LabHost.LDAPHOST))));
    }

    @Test
    void aReadableKeyFileIsNotReused() throws Exception {
        LabCertificates first = LabCertificates.ensure(dir, false, null);
        Files.setPosixFilePermissions(first.siteCert(LabHost.MAILHOST), PosixFilePermissions.fromString("rw-r--r--"));
        List<String> said = new ArrayList<>();
        LabCertificates again = LabCertificates.ensure(dir, false, said::add);
        assertTrue(again.created());
        assertTrue(again.note().contains("mail.tinynet.edu/Site_Cert.pem"), again.note());
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(again.siteCert(LabHost.MAILHOST))));
    }

    @Test
    void aCertificateFromAnotherCaIsNotReused() throws Exception {
        LabCertificates first = LabCertificates.ensure(dir, false, null);
        KeyMaterial other = CertificateBuilder.ca("CN=Other CA").build();
        KeyMaterial ldap = CertificateBuilder.server("CN=ldap.tinynet.edu").dns("ldap.tinynet.edu").issuedBy(other).build();
        Pem.writeCombined(first.siteCert(LabHost.LDAPHOST), ldap, true);
        LabCertificates again = LabCertificates.ensure(dir, false, null);
        assertTrue(again.created(), again.note());
        assertTrue(again.note().contains("ldap.tinynet.edu/Site_Cert.pem"), again.note());
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        LabCertificates first = LabCertificates.ensure(dir, false, null);
        Files.delete(first.siteCert(LabHost.GATEWAY));
        LabCertificates again = LabCertificates.ensure(dir, false, null);
        assertTrue(again.created());
        assertTrue(again.note().contains("gw.tinynet.edu/Site_Cert.pem does not exist"), again.note());
    }

    @Test
    void renewMakesANewSetEvenWhenValid() throws Exception {
        LabCertificates first = LabCertificates.ensure(dir, false, null);
        LabCertificates renewed = LabCertificates.ensure(dir, true, null);
        assertTrue(renewed.created());
        assertFalse(first.ca().equals(renewed.ca()));
    }
}
