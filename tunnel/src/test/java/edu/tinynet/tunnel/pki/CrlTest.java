package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.OpenSsl;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CRLs we sign are accepted by OpenSSL, and OpenSSL rejects what they revoke. */
class CrlTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048", "ED25519"})
    void opensslAcceptsOurCrlAndRejectsTheRevokedCertificate(KeyType type) throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").keyType(type).build();
        KeyMaterial revoked = CertificateBuilder.server("CN=old.tinynet.edu").dns("old.tinynet.edu").keyType(type)
                .issuedBy(ca).build();
        KeyMaterial good = CertificateBuilder.server("CN=ldap.tinynet.edu").dns("ldap.tinynet.edu").keyType(type)
                .issuedBy(ca).build();
        Path caFile = dir.resolve("ca.pem");
        Path crlFile = dir.resolve("ca.crl");
        Path revokedFile = dir.resolve("old.pem");
        Path goodFile = dir.resolve("ldap.pem");
        Pem.writeCertificates(caFile, ca.chain(), false);
        Pem.writeCombined(revokedFile, revoked, false);
        Pem.writeCombined(goodFile, good, false);

        RevocationList list = RevocationList.load(crlFile, ca.certificate());
        assertTrue(list.revoke(revoked.certificate().getSerialNumber(), Crls.Reason.KEY_COMPROMISE, Instant.now()));
        list.write(crlFile, ca, Duration.ofDays(30));

        OpenSsl.Result crl = OpenSsl.run("crl", "-in", crlFile.toString(), "-CAfile", caFile.toString(), "-noout");
        crl.assertOk();
        assertTrue(crl.output().contains("verify OK"), crl.output());
        String text = OpenSsl.run("crl", "-in", crlFile.toString(), "-noout", "-text").assertOk().stdout();
        assertTrue(text.contains("Next Update:"), text);
        assertTrue(text.contains("X509v3 CRL Number:") && text.contains("Key Compromise"), text);

        OpenSsl.Result rejected = OpenSsl.verify(caFile, revokedFile, "-crl_check", "-CRLfile", crlFile.toString());
        rejected.assertFailed();
        assertTrue(rejected.output().contains("certificate revoked"), rejected.output());
        OpenSsl.verify(caFile, goodFile, "-crl_check", "-CRLfile", crlFile.toString()).assertOk();
    }

    @Test
    void crlFileIsTheStateNumbersGrowAndEntriesSurvive() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        Path crlFile = dir.resolve("ca.crl");
        X509CRL first = RevocationList.load(crlFile, ca.certificate()).write(crlFile, ca, Duration.ofDays(7));
        assertEquals(BigInteger.ONE, Crls.number(first));
        assertTrue(Crls.entries(first).isEmpty());

        RevocationList second = RevocationList.load(crlFile, ca.certificate());
        assertTrue(second.revoke(BigInteger.valueOf(0xABCDEF), Crls.Reason.SUPERSEDED, Instant.now()));
        assertFalse(second.revoke(BigInteger.valueOf(0xABCDEF), Crls.Reason.KEY_COMPROMISE, Instant.now()));
        second.write(crlFile, ca, Duration.ofDays(7));

        RevocationList third = RevocationList.load(crlFile, ca.certificate());
        assertEquals(BigInteger.TWO, third.lastNumber());
        assertEquals(1, third.entries().size());
        assertEquals(Crls.Reason.SUPERSEDED, third.entries().get(0).reason());
        X509CRL refreshed = third.write(crlFile, ca, Duration.ofDays(7));
        assertEquals(BigInteger.valueOf(3), Crls.number(refreshed));
        assertEquals(1, Crls.entries(refreshed).size());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(crlFile)));
    }

    @Test
    void crlOfAnotherCaWithTheSameNameIsRefused() throws Exception {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        KeyMaterial recreated = CertificateBuilder.ca("CN=TinyNetCA").build();
        Path crlFile = dir.resolve("ca.crl");
        RevocationList.empty(recreated.certificate()).write(crlFile, recreated, Duration.ofDays(7));
        PkiException e = assertThrows(PkiException.class, () -> RevocationList.load(crlFile, ca.certificate()));
        assertTrue(e.getMessage().contains("does not verify with the key of CA CN=TinyNetCA"), e.getMessage());
    }

    @Test
    void certificateOfAnotherCaCannotBeRevokedHere() {
        KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA").build();
        KeyMaterial other = CertificateBuilder.ca("CN=OtherCA").build();
        KeyMaterial foreign = CertificateBuilder.client("CN=foreign").issuedBy(other).build();
        RevocationList list = RevocationList.empty(ca.certificate());
        PkiException e = assertThrows(PkiException.class,
                () -> list.revoke(foreign.certificate(), Crls.Reason.UNSPECIFIED, Instant.now(), "foreign.pem"));
        assertTrue(e.getMessage().contains("foreign.pem: CN=foreign was not issued by the CA CN=TinyNetCA"), e.getMessage());
    }
}
