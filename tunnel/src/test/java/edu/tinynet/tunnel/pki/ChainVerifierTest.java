package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.ChainVerifier.Check;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each test starts from a valid chain and changes one thing; the failure names what changed. */
class ChainVerifierTest {

    static KeyMaterial ca;
    static KeyMaterial www;
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void pki() {
        ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
        www = CertificateBuilder.server("CN=www.tinynet.edu").dns("www.tinynet.edu").ip("192.168.56.252")
                .issuedBy(ca).build();
    }

    private static ChainVerifier verifier() {
        return ChainVerifier.trusting(List.of(ca.certificate()));
    }

    private static String only(ChainVerifier.Result r, Check check) {
        assertEquals(1, r.failures().size(), r.failures().toString());
        assertEquals(check, r.failures().get(0).check(), r.failures().toString());
        return r.failures().get(0).message();
    }

    @Test
    void validChainPassesEveryCheckAsked() {
        ChainVerifier.Result r = verifier().host("www.tinynet.edu").ip("192.168.56.252")
                .purpose(Certificates.SERVER_AUTH).verify(www.chain());
        assertTrue(r.ok(), r.failures().toString());
        assertEquals(ca.certificate(), r.anchor());
        assertEquals(List.of(www.certificate()), r.path());
    }

    @Test
    void expiredLeafIsReportedWithItsDates() {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant to = Instant.parse("2021-01-01T00:00:00Z");
        KeyMaterial old = CertificateBuilder.server("CN=old.test").dns("old.test").validity(from, to).issuedBy(ca).build();
        String m = only(verifier().verify(old.chain()), Check.VALIDITY);
        assertTrue(m.contains("certificate CN=old.test has EXPIRED: notAfter 2021-01-01 00:00:00 UTC"), m);
        assertTrue(m.contains("days ago") && m.contains("valid from 2020-01-01 00:00:00 UTC"), m);
    }

    @Test
    void notYetValidLeafIsReported() {
        KeyMaterial early = CertificateBuilder.server("CN=early.test").dns("early.test")
                .validity(NOW.plus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(20))).issuedBy(ca).build();
        String m = only(verifier().verify(early.chain()), Check.VALIDITY);
        assertTrue(m.contains("CN=early.test is NOT YET VALID") && (m.contains("(in 9 days)") || m.contains("(in 10 days)")), m);
    }

    @Test
    void expiredCaIsReportedEvenThoughPkixIgnoresAnchorDates() {
        KeyMaterial oldCa = CertificateBuilder.ca("CN=OldCA")
                .validity(NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(1))).build();
        KeyMaterial leaf = CertificateBuilder.server("CN=a.test").dns("a.test")
                .validity(NOW.minus(Duration.ofDays(50)), NOW.plus(Duration.ofDays(50))).issuedBy(oldCa).build();
        String m = only(ChainVerifier.trusting(List.of(oldCa.certificate())).verify(leaf.chain()), Check.VALIDITY);
        assertTrue(m.startsWith("CA certificate CN=OldCA has EXPIRED"), m);
    }

    @Test
    void verifyingAtAnotherTimeUsesThatTime() {
        ChainVerifier.Result r = verifier().at(NOW.plus(Duration.ofDays(3000))).verify(www.chain());
        assertTrue(r.failed(Check.VALIDITY), r.failures().toString());
    }

    @Test
    void certificateOfAnotherCaIsUntrusted() {
        KeyMaterial other = CertificateBuilder.ca("CN=Evil CA").build();
        KeyMaterial leaf = CertificateBuilder.server("CN=www.tinynet.edu").dns("www.tinynet.edu").issuedBy(other).build();
        String m = only(verifier().verify(List.of(leaf.certificate())), Check.TRUST);
        assertTrue(m.contains("untrusted issuer: CN=www.tinynet.edu is issued by CN=Evil CA, which is not in the CA file"), m);
        assertTrue(m.contains("trusted: CN=TinyNetCA,O=tinynet.edu"), m);
    }

    @Test
    void recreatedCaWithTheSameNameIsExplained() {
        KeyMaterial recreated = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
        String m = only(ChainVerifier.trusting(List.of(recreated.certificate())).verify(www.chain()), Check.TRUST);
        assertTrue(m.contains("signature does not verify with that CA's key (was the CA re-created?"), m);
    }

    @Test
    void selfSignedLeafIsUntrusted() {
        KeyMaterial self = CertificateBuilder.server("CN=self.test").dns("self.test").build();
        String m = only(verifier().verify(self.chain()), Check.TRUST);
        assertTrue(m.contains("CN=self.test is self-signed and not in the CA file"), m);
    }

    @Test
    void intermediateInTheFileCompletesThePath() {
        KeyMaterial inter = CertificateBuilder.ca("CN=Intermediate").issuedBy(ca).build();
        KeyMaterial leaf = CertificateBuilder.server("CN=deep.test").dns("deep.test").issuedBy(inter).build();
        ChainVerifier.Result r = verifier().host("deep.test").verify(leaf.chain());
        assertTrue(r.ok(), r.failures().toString());
        assertEquals(List.of(leaf.certificate(), inter.certificate()), r.path());
        // without the intermediate the leaf is untrusted
        assertTrue(verifier().verify(List.of(leaf.certificate())).failed(Check.TRUST));
    }

    @Test
    void wrongHostListsTheCertificatesNames() {
        String m = only(verifier().host("ldap.tinynet.edu").verify(www.chain()), Check.HOST);
        assertTrue(m.contains("host name mismatch: ldap.tinynet.edu is not among the names in CN=www.tinynet.edu: "
                + "DNS:www.tinynet.edu, IP:192.168.56.252"), m);
    }

    @Test
    void wrongIpIsReported() {
        String m = only(verifier().ip("127.0.0.1").verify(www.chain()), Check.IP);
        assertTrue(m.contains("IP address mismatch: 127.0.0.1"), m);
    }

    @Test
    void hostGivenAsIpIsMatchedAgainstIpSans() {
        assertTrue(verifier().host("192.168.56.252").verify(www.chain()).ok());
    }

    @Test
    void wildcardMatchesOneLabelOnly() {
        KeyMaterial wild = CertificateBuilder.server("CN=*.tinynet.edu").dns("*.tinynet.edu").issuedBy(ca).build();
        assertTrue(verifier().host("mail.tinynet.edu").verify(wild.chain()).ok());
        assertTrue(verifier().host("a.mail.tinynet.edu").verify(wild.chain()).failed(Check.HOST));
        assertTrue(verifier().host("tinynet.edu").verify(wild.chain()).failed(Check.HOST));
    }

    @Test
    void clientCertificateUsedAsServerFailsPurpose() {
        KeyMaterial client = CertificateBuilder.client("CN=webserver client").issuedBy(ca).build();
        String m = only(verifier().purpose(Certificates.SERVER_AUTH).verify(client.chain()), Check.PURPOSE);
        assertTrue(m.contains("is not for TLS server use (serverAuth): its extended key usage is clientAuth"), m);
    }

    @Test
    void revokedCertificateIsReportedWithDateAndReason() {
        Instant revokedAt = NOW.minus(Duration.ofHours(1));
        X509CRL crl = Crls.sign(ca, BigInteger.ONE, NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofDays(1)),
                List.of(new Crls.Entry(www.certificate().getSerialNumber(), revokedAt, Crls.Reason.KEY_COMPROMISE)));
        String m = only(verifier().crls(List.of(crl)).verify(www.chain()), Check.REVOCATION);
        assertTrue(m.contains("CN=www.tinynet.edu") && m.contains("is REVOKED since " + Certificates.time(revokedAt)), m);
        assertTrue(m.contains("reason: keyCompromise") && m.contains("CRL #1"), m);
    }

    @Test
    void certificateNotOnTheCrlPasses() {
        X509CRL crl = Crls.sign(ca, BigInteger.ONE, NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofDays(1)),
                List.of(new Crls.Entry(BigInteger.TEN, NOW, Crls.Reason.UNSPECIFIED)));
        ChainVerifier.Result r = verifier().crls(List.of(crl)).verify(www.chain());
        assertTrue(r.ok(), r.failures().toString());
    }

    @Test
    void expiredCrlMakesRevocationUnknown() {
        X509CRL crl = Crls.sign(ca, BigInteger.ONE, NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)), List.of());
        String m = only(verifier().crls(List.of(crl)).verify(www.chain()), Check.REVOCATION);
        assertTrue(m.contains("has expired (nextUpdate"), m);
    }

    @Test
    void crlFromAnotherIssuerMakesRevocationUnknown() {
        KeyMaterial other = CertificateBuilder.ca("CN=Other").build();
        X509CRL crl = Crls.sign(other, BigInteger.ONE, NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofDays(1)), List.of());
        String m = only(verifier().crls(List.of(crl)).verify(www.chain()), Check.REVOCATION);
        assertTrue(m.contains("no CRL from CN=TinyNetCA,O=tinynet.edu among the CRL files given"), m);
    }

    @Test
    void caFileItselfVerifies() {
        assertTrue(verifier().verify(List.of(ca.certificate())).ok());
    }

    @Test
    void everyFailureIsReportedNotJustTheFirst() {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        KeyMaterial old = CertificateBuilder.server("CN=old.test").dns("old.test")
                .validity(from, from.plus(Duration.ofDays(1))).issuedBy(ca).build();
        ChainVerifier.Result r = verifier().host("other.test").purpose(Certificates.CLIENT_AUTH).verify(old.chain());
        assertEquals(List.of(Check.VALIDITY, Check.PURPOSE, Check.HOST),
                r.failures().stream().map(ChainVerifier.Failure::check).toList());
    }

    @Test
    void pathOfCertificatesIsReturnedLeafFirst() {
        X509Certificate leaf = www.certificate();
        assertEquals(leaf, verifier().verify(www.chain()).path().get(0));
    }
}
