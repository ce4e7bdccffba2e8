package edu.tinynet.tunnel.config;

import edu.tinynet.tunnel.config.CipherSuite.Au;
import edu.tinynet.tunnel.config.CipherSuite.Enc;
import edu.tinynet.tunnel.config.CipherSuite.Kx;
import edu.tinynet.tunnel.config.CipherSuite.Mac;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * OpenSSL cipher-string keywords (see OpenSSL's {@code ciphers(1)}) as predicates over {@link CipherSuite}.
 *
 * <p>Keywords for algorithms Java does not implement (CAMELLIA, ARIA, PSK, SRP, GOST, …) are known and
 * select nothing, as in an OpenSSL build without them. {@code DEFAULT} is expanded by
 * {@link CipherStrings} to {@code ALL:!COMPLEMENTOFDEFAULT:!eNULL}.
 */
final class CipherKeywords {

    private static final Map<String, Predicate<CipherSuite>> KEYWORDS = new LinkedHashMap<>();

    private static final Set<Enc> AES = Set.of(Enc.AES128, Enc.AES256, Enc.AESGCM128, Enc.AESGCM256);

    static {
        Predicate<CipherSuite> none = s -> false;
        Predicate<CipherSuite> eNull = s -> s.enc() == Enc.NULL;
        Predicate<CipherSuite> aNull = s -> s.au() == Au.NULL;
        Predicate<CipherSuite> rc4 = s -> s.enc() == Enc.RC4;

        // groups
        put(s -> s.enc() != Enc.NULL, "ALL");
        put(eNull, "COMPLEMENTOFALL");
        put(s -> s.enc() != Enc.NULL && (aNull.test(s) || rc4.test(s)), "COMPLEMENTOFDEFAULT");
        put(s -> AES.contains(s.enc()) || s.enc() == Enc.CHACHA20, "HIGH");
        put(s -> s.enc() == Enc.TDES || rc4.test(s), "MEDIUM");
        put(s -> s.enc() == Enc.DES, "LOW");
        put(none, "EXP", "EXPORT", "EXPORT40", "EXPORT56");
        put(eNull, "eNULL", "NULL");
        put(aNull, "aNULL");
        // key exchange
        put(s -> s.kx() == Kx.RSA, "kRSA", "RSA");
        put(s -> s.kx() == Kx.DHE, "kDHE", "kEDH", "DH");
        put(s -> s.kx() == Kx.DHE && !aNull.test(s), "DHE", "EDH");
        put(s -> s.kx() == Kx.DHE && aNull.test(s), "ADH");
        put(s -> s.kx() == Kx.ECDHE, "kECDHE", "kEECDH");
        put(s -> s.kx() == Kx.ECDHE || s.kx() == Kx.ECDH, "ECDH");
        put(s -> s.kx() == Kx.ECDHE && !aNull.test(s), "ECDHE", "EECDH");
        put(s -> s.kx() == Kx.ECDHE && aNull.test(s), "AECDH");
        put(s -> s.kx() == Kx.ECDH, "kECDH");
        put(s -> s.kx() == Kx.ECDH && s.staticEcdhRsa(), "kECDHr");
        put(s -> s.kx() == Kx.ECDH && !s.staticEcdhRsa(), "kECDHe");
        put(none, "kDHr", "kDHd", "kDH", "aDH", "PSK", "kPSK", "kDHEPSK", "kECDHEPSK", "kRSAPSK", "aPSK",
                "SRP", "kSRP", "aSRP", "kGOST", "aGOST", "aGOST01", "GOST94", "GOST89MAC", "kGOST18");
        // authentication
        put(s -> s.au() == Au.RSA, "aRSA");
        put(s -> s.au() == Au.DSS, "aDSS", "DSS");
        put(s -> s.au() == Au.ECDSA, "aECDSA", "ECDSA");
        put(s -> s.au() == Au.ECDH, "aECDH");
        // encryption
        put(s -> AES.contains(s.enc()), "AES");
        put(s -> s.enc() == Enc.AES128 || s.enc() == Enc.AESGCM128, "AES128");
        put(s -> s.enc() == Enc.AES256 || s.enc() == Enc.AESGCM256, "AES256");
        put(s -> s.enc() == Enc.AESGCM128 || s.enc() == Enc.AESGCM256, "AESGCM");
        put(s -> s.enc() == Enc.CHACHA20, "CHACHA20");
        put(s -> s.enc() == Enc.TDES, "3DES");
        put(s -> s.enc() == Enc.DES, "DES");
        put(rc4, "RC4");
        put(none, "AESCCM", "AESCCM8", "CAMELLIA", "CAMELLIA128", "CAMELLIA256", "ARIA", "ARIA128",
                "ARIA256", "ARIAGCM", "SEED", "IDEA", "RC2");
        // MAC
        put(s -> s.mac() == Mac.MD5, "MD5");
        put(s -> s.mac() == Mac.SHA1, "SHA1", "SHA");
        put(s -> s.mac() == Mac.SHA256, "SHA256");
        put(s -> s.mac() == Mac.SHA384, "SHA384");
        // protocol version the suite was introduced with
        put(s -> !s.tls12Only(), "SSLv3", "TLSv1", "TLSv1.0");
        put(CipherSuite::tls12Only, "TLSv1.2");
        put(none, "SSLv2");
    }

    private CipherKeywords() {
    }

    private static void put(Predicate<CipherSuite> predicate, String... names) {
        for (String name : names) {
            KEYWORDS.put(name, predicate);
        }
    }

    /** The predicate for a keyword (case-sensitive, as in OpenSSL), or null when unknown. */
    static Predicate<CipherSuite> find(String keyword) {
        return KEYWORDS.get(keyword);
    }

    /** Every keyword, for help texts. */
    static Set<String> names() {
        return KEYWORDS.keySet();
    }
}
