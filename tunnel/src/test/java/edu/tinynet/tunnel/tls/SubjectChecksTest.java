package edu.tinynet.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** checkHost/checkIP/checkEmail matching rules, without handshakes. */
class SubjectChecksTest {

    private static SubjectChecks hosts(String... h) {
        return SubjectChecks.of(List.of(h), List.of(), List.of());
    }

    @Test
    void hostMatchesExactNameIgnoringCaseAndTrailingDot() {
        assertTrue(SubjectChecks.hostMatches("LDAP.TinyNet.edu", "ldap.tinynet.edu."));
        assertFalse(SubjectChecks.hostMatches("ldap.tinynet.edu", "mail.tinynet.edu"));
    }

    @Test
    void wildcardCoversExactlyOneLeftMostLabel() {
        assertTrue(SubjectChecks.hostMatches("*.tinynet.edu", "ldap.tinynet.edu"));
        assertFalse(SubjectChecks.hostMatches("*.tinynet.edu", "tinynet.edu"));
        assertFalse(SubjectChecks.hostMatches("*.tinynet.edu", "a.ldap.tinynet.edu"));
    }

    @Test
    void wildcardIsRefusedElsewhereOrTooBroad() {
        assertFalse(SubjectChecks.hostMatches("ldap.*.edu", "ldap.tinynet.edu"));
        assertFalse(SubjectChecks.hostMatches("l*.tinynet.edu", "ldap.tinynet.edu"));
        assertFalse(SubjectChecks.hostMatches("*.edu", "tinynet.edu"));
        assertFalse(SubjectChecks.hostMatches("*.0.0.1", "127.0.0.1"));
    }

    @Test
    void commonNameCountsOnlyWithoutDnsNames() {
        X509Certificate cnOnly = CertificateBuilder.server("CN=ldap.tinynet.edu").build().certificate();
        X509Certificate cnAndSan = CertificateBuilder.server("CN=ldap.tinynet.edu").dns("other.tinynet.edu").build()
                .certificate();
        X509Certificate cnAndIpSan = CertificateBuilder.server("CN=ldap.tinynet.edu").ip("10.0.0.1").build()
                .certificate();
        assertTrue(hosts("ldap.tinynet.edu").matches(cnOnly));
        assertFalse(hosts("ldap.tinynet.edu").matches(cnAndSan));
        assertTrue(hosts("ldap.tinynet.edu").matches(cnAndIpSan), "an IP SAN is not a DNS name: the CN still counts");
    }

    @Test
    void ipMatchesByAddressNotByText() {
        X509Certificate c = CertificateBuilder.server("CN=x").ip("::1", "192.168.56.252").build().certificate();
        assertTrue(SubjectChecks.of(List.of(), List.of("0:0:0:0:0:0:0:1"), List.of()).matches(c));
        assertTrue(SubjectChecks.of(List.of(), List.of("192.168.56.252"), List.of()).matches(c));
        assertFalse(SubjectChecks.of(List.of(), List.of("192.168.56.251"), List.of()).matches(c));
    }

    @Test
    void ipNeverMatchesTheCommonName() {
        X509Certificate c = CertificateBuilder.server("CN=127.0.0.1").build().certificate();
        assertFalse(SubjectChecks.of(List.of(), List.of("127.0.0.1"), List.of()).matches(c));
    }

    @Test
    void emailDomainIsCaseInsensitiveLocalPartIsNot() {
        X509Certificate c = CertificateBuilder.client("CN=alice").email("alice@tinynet.edu").build().certificate();
        assertTrue(SubjectChecks.of(List.of(), List.of(), List.of("alice@TINYNET.edu")).matches(c));
        assertFalse(SubjectChecks.of(List.of(), List.of(), List.of("Alice@tinynet.edu")).matches(c));
    }

    @Test
    void checksAreOrEd() {
        X509Certificate c = CertificateBuilder.server("CN=x").dns("a.tinynet.edu").build().certificate();
        assertTrue(SubjectChecks.of(List.of("b.tinynet.edu", "a.tinynet.edu"), List.of("10.0.0.9"), List.of()).matches(c));
    }

    @Test
    void mismatchListsWhatTheCertificateHasAndWhatWasExpected() {
        X509Certificate c = CertificateBuilder.server("CN=x").dns("a.tinynet.edu").ip("10.0.0.1").build().certificate();
        assertEquals("host name mismatch: peer certificate has DNS:a.tinynet.edu, IP:10.0.0.1; expected checkHost "
                + "ldap.tinynet.edu", hosts("ldap.tinynet.edu").mismatch(c));
        assertEquals("peer identity mismatch: peer certificate has DNS:a.tinynet.edu, IP:10.0.0.1; expected checkHost "
                + "ldap.tinynet.edu or checkIP ::1", SubjectChecks.of(List.of("ldap.tinynet.edu"), List.of("::1"), List.of())
                .mismatch(c));
    }

    @Test
    void mismatchShowsTheCommonNameWhenThereAreNoNames() {
        X509Certificate c = CertificateBuilder.server("CN=old-style.tinynet.edu").build().certificate();
        assertEquals("host name mismatch: peer certificate has no subject alternative names; CN=old-style.tinynet.edu; "
                + "expected checkHost ldap.tinynet.edu", hosts("ldap.tinynet.edu").mismatch(c));
    }

    @Test
    void badValuesNameTheOption() {
        assertEquals("checkIP = ldap.tinynet.edu: not an IP address literal", assertThrows(IllegalArgumentException.class,
                () -> SubjectChecks.of(List.of(), List.of("ldap.tinynet.edu"), List.of())).getMessage());
        assertEquals("checkEmail = alice: not an e-mail address", assertThrows(IllegalArgumentException.class,
                () -> SubjectChecks.of(List.of(), List.of(), List.of("alice"))).getMessage());
        assertEquals("checkHost = *.tinynet.edu: not a host name", assertThrows(IllegalArgumentException.class,
                () -> hosts("*.tinynet.edu")).getMessage());
    }

    @Test
    void ipLiteralsAreRecognisedWithoutNameLookups() {
        assertTrue(SubjectChecks.isIpLiteral("127.0.0.1"));
        assertTrue(SubjectChecks.isIpLiteral("::1"));
        assertTrue(SubjectChecks.isIpLiteral("[fe80::1]"));
        assertFalse(SubjectChecks.isIpLiteral("localhost"));
        assertFalse(SubjectChecks.isIpLiteral("999.1.1.1"));
        assertFalse(SubjectChecks.isIpLiteral("dead:beef.example"));
    }
}
