package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** OpenSSL cipher strings → JSSE suite names. */
class CipherStringsTest {

    /** Every suite in the table, by IANA name: translation without the running JVM's restrictions. */
    private static final Set<String> EVERYTHING =
            CipherSuiteTable.ALL.stream().map(CipherSuite::iana).collect(Collectors.toSet());

    private static List<String> iana(String spec) throws CipherStringException {
        return CipherStrings.translate(spec, EVERYTHING);
    }

    private static List<String> openssl(String spec) throws CipherStringException {
        return CipherStrings.select(spec).stream().map(CipherSuite::openssl).toList();
    }

    @Test
    void highWithoutAnonymous() throws CipherStringException {
        List<CipherSuite> suites = CipherStrings.select("HIGH:!aNULL");
        assertFalse(suites.isEmpty());
        assertTrue(suites.stream().noneMatch(s -> s.au() == CipherSuite.Au.NULL), suites.toString());
        assertTrue(suites.stream().allMatch(s -> s.bits() >= 128 && s.enc() != CipherSuite.Enc.RC4), suites.toString());
        assertTrue(openssl("HIGH:!aNULL").containsAll(List.of("ECDHE-RSA-AES256-GCM-SHA384", "DHE-RSA-AES128-SHA", "AES256-SHA")));
        assertTrue(openssl("HIGH").contains("ADH-AES128-SHA"));
    }

    @Test
    void andCombination() throws CipherStringException {
        assertEquals(List.of("ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
                "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256"), openssl("ECDHE+AESGCM"));
        assertEquals(List.of("ECDHE-RSA-AES256-GCM-SHA384"), openssl("ECDHE+aRSA+AES256+AESGCM"));
    }

    @Test
    void minusRemovesButAllowsAddingBack() throws CipherStringException {
        assertEquals(List.of("ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256", "AES256-GCM-SHA384"),
                openssl("kRSA+AESGCM:ECDHE+aRSA+AESGCM:-kRSA:kRSA+AES256+AESGCM"));
    }

    @Test
    void bangRemovesForGood() throws CipherStringException {
        assertEquals(List.of("ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256"),
                openssl("kRSA+AESGCM:ECDHE+aRSA+AESGCM:!kRSA:kRSA+AES256+AESGCM"));
    }

    @Test
    void plusMovesToTheEndWithoutAdding() throws CipherStringException {
        assertEquals(List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"),
                openssl("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:+AES256"));
        assertEquals(List.of(), openssl("+RC4"));
    }

    @Test
    void keywordsAddInPreferenceOrderAfterWhatIsThere() throws CipherStringException {
        assertEquals(List.of("AES128-SHA", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256"),
                openssl("AES128-SHA:aECDSA+AESGCM"));
    }

    @Test
    void strengthSortsByKeyBits() throws CipherStringException {
        assertEquals(List.of("AES256-SHA", "AES128-SHA", "DES-CBC3-SHA"), openssl("DES-CBC3-SHA:AES128-SHA:AES256-SHA:@STRENGTH"));
    }

    @Test
    void opensslNamesTranslateToIanaNames() throws CipherStringException {
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
                "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
                iana("ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-SHA256:AES128-SHA:ECDHE-ECDSA-CHACHA20-POLY1305"));
    }

    @Test
    void edhIsAnAliasOfDhe() throws CipherStringException {
        assertEquals(List.of("TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"), iana("EDH-RSA-DES-CBC3-SHA"));
    }

    @Test
    void ianaNamesAreAcceptedDirectly() throws CipherStringException {
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
                iana("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_RSA_WITH_AES_128_GCM_SHA256"));
    }

    @Test
    void legacySuitesUseTheJvmsSslPrefixedName() throws CipherStringException {
        assertEquals(List.of("SSL_RSA_WITH_3DES_EDE_CBC_SHA"),
                CipherStrings.translate("DES-CBC3-SHA", Set.of("SSL_RSA_WITH_3DES_EDE_CBC_SHA")));
        assertEquals(List.of("TLS_RSA_WITH_3DES_EDE_CBC_SHA"), iana("SSL_RSA_WITH_3DES_EDE_CBC_SHA"));
    }

    @Test
    void commasAndSpacesSeparateToo() throws CipherStringException {
        assertEquals(List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "AES128-SHA"),
                openssl("ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES256-GCM-SHA384 AES128-SHA"));
    }

    @Test
    void unknownKeywordIsAnErrorNamingIt() {
        CipherStringException e = assertThrows(CipherStringException.class, () -> CipherStrings.select("HIGH:!aNULL:SUPERSTRONG"));
        assertEquals("SUPERSTRONG", e.token());
        assertEquals("Unknown cipher keyword or suite name \"SUPERSTRONG\"", e.getMessage());
    }

    @Test
    void unknownPartOfACombinationIsAnError() {
        assertEquals("AESXYZ", assertThrows(CipherStringException.class, () -> CipherStrings.select("ECDHE+AESXYZ")).token());
    }

    @Test
    void keywordsAreCaseSensitiveAsInOpenssl() {
        assertThrows(CipherStringException.class, () -> CipherStrings.select("high"));
    }

    @Test
    void secLevelIsRejected() {
        assertEquals("@SECLEVEL=0", assertThrows(CipherStringException.class, () -> CipherStrings.select("DEFAULT:@SECLEVEL=0")).token());
    }

    @Test
    void defaultExcludesAnonymousNullAndRc4ForGood() throws CipherStringException {
        List<CipherSuite> suites = CipherStrings.select("DEFAULT:ADH:eNULL");
        assertTrue(suites.stream().noneMatch(s -> s.au() == CipherSuite.Au.NULL || s.enc() == CipherSuite.Enc.NULL
                || s.enc() == CipherSuite.Enc.RC4), suites.toString());
        assertTrue(suites.stream().anyMatch(s -> s.enc() == CipherSuite.Enc.TDES));
    }

    @Test
    void keywordsThatMatchNothingInJavaAreKnown() throws CipherStringException {
        assertEquals(List.of(), openssl("CAMELLIA:kDHEPSK:PSK:SSLv2:ARIA"));
    }

    @Test
    void macKeywordsDoNotMatchAeadSuites() throws CipherStringException {
        assertEquals(List.of("ECDHE-RSA-AES256-SHA384"), openssl("ECDHE+aRSA+SHA384"));
        assertTrue(openssl("SHA256").stream().noneMatch(n -> n.contains("GCM")));
    }

    @Test
    void protocolKeywords() throws CipherStringException {
        assertTrue(CipherStrings.select("TLSv1.2").stream().allMatch(CipherSuite::tls12Only));
        assertTrue(openssl("TLSv1").contains("AES128-SHA"));
        assertFalse(openssl("TLSv1").contains("AES128-GCM-SHA256"));
    }

    @Test
    void keyExchangeKeywords() throws CipherStringException {
        assertTrue(CipherStrings.select("DH").stream().allMatch(s -> s.kx() == CipherSuite.Kx.DHE));
        assertTrue(openssl("DH").contains("ADH-AES128-SHA"));
        assertFalse(openssl("DHE").contains("ADH-AES128-SHA"));
        assertTrue(openssl("kECDH").stream().allMatch(n -> n.startsWith("ECDH-")));
        assertTrue(openssl("AECDH").stream().allMatch(n -> n.startsWith("AECDH-")));
        assertTrue(openssl("EECDH").stream().allMatch(n -> n.startsWith("ECDHE-")));
        assertTrue(openssl("RSA").stream().noneMatch(n -> n.contains("DH")));
    }

    @Test
    void ourDefaultIsStunnelsMinusNonForwardSecretKeyExchange() throws CipherStringException {
        List<CipherSuite> ours = CipherStrings.select(CipherStrings.DEFAULT);
        List<CipherSuite> stunnels = CipherStrings.select(CipherStrings.STUNNEL_DEFAULT);
        assertTrue(ours.stream().allMatch(s -> s.kx() == CipherSuite.Kx.ECDHE), ours.toString());
        assertTrue(stunnels.stream().anyMatch(s -> s.kx() == CipherSuite.Kx.RSA));
        assertEquals(stunnels.stream().filter(s -> s.kx() == CipherSuite.Kx.ECDHE).toList(), ours);
    }

    @Test
    void translationKeepsOnlyWhatTheJvmSupportsInOrder() throws CipherStringException {
        Set<String> jvm = JvmTls.cipherSuites();
        List<String> all = iana("ALL:COMPLEMENTOFALL");
        List<String> translated = CipherStrings.translate("ALL:COMPLEMENTOFALL");
        assertEquals(all.stream().filter(jvm::contains).toList(), translated);
        assertEquals(List.of(), CipherStrings.translate("RC4:eNULL:aNULL", Set.of("TLS_AES_128_GCM_SHA256")));
    }

    @Test
    void tableCoversEveryTls12SuiteTheJvmSupports() {
        for (String name : JvmTls.cipherSuites()) {
            boolean tls13 = CipherStrings.TLS13_SUITES.contains(name);
            boolean scsv = name.endsWith("_SCSV");
            if (!tls13 && !scsv) {
                assertTrue(CipherSuiteTable.find(name) != null, name);
            }
        }
    }

    @Test
    void tls13ListKeepsOrderAndDropsWhatTheJvmLacks() throws CipherStringException {
        assertEquals(List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"),
                CipherStrings.tls13("TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_GCM_SHA256",
                        Set.of("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256")));
        assertEquals("AES128-SHA", assertThrows(CipherStringException.class,
                () -> CipherStrings.tls13("AES128-SHA", Set.of())).token());
    }
}
