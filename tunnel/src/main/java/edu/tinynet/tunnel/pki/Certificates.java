package edu.tinynet.tunnel.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * Read-only helpers around {@link X509Certificate}: readable names, SANs, extended key usages,
 * fingerprints, validity descriptions, issuer and host-name checks. Used by {@code tunnel pki show}
 * and {@code verify}, and by anything else that has to explain a certificate to a person.
 */
public final class Certificates {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Map<String, String> EKU_NAMES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth",
            "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection",
            "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning",
            "2.5.29.37.0", "anyExtendedKeyUsage");

    /** Extended key usage OID of TLS servers. */
    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** Extended key usage OID of TLS clients. */
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private Certificates() {
    }

    /**
     * A distinguished name in RFC 4514 order with short keywords, e.g.
     * {@code CN=TinyNetCA,O=tinynet.edu}: the same text {@link CertificateBuilder#parseDn} takes.
     */
    public static String dn(X500Principal principal) {
        RDN[] rdns = X500Name.getInstance(principal.getEncoded()).getRDNs();
        RDN[] reversed = new RDN[rdns.length];
        for (int i = 0; i < rdns.length; i++) {
            reversed[i] = rdns[rdns.length - 1 - i];
        }
        return new X500Name(BCStyle.INSTANCE, reversed).toString();
    }

    /** The subject DN, see {@link #dn}. */
    public static String subject(X509Certificate cert) {
        return dn(cert.getSubjectX500Principal());
    }

    /** The issuer DN, see {@link #dn}. */
    public static String issuer(X509Certificate cert) {
        return dn(cert.getIssuerX500Principal());
    }

    /** The first common name of the subject, or null. */
    public static String commonName(X509Certificate cert) {
        RDN[] cns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return cns.length == 0 ? null : cns[0].getFirst().getValue().toString();
    }

    /** Serial number in colon-separated hex, as {@code openssl x509 -serial} groups it. */
    public static String serialHex(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        if (hex.length() % 2 == 1) {
            hex = "0" + hex;
        }
        return colons(hex);
    }

    /** SHA-256 fingerprint of the DER encoding, colon-separated upper-case hex (as openssl prints it). */
    public static String sha256Fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return colons(HexFormat.of().withUpperCase().formatHex(d));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String colons(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    /**
     * Subject alternative names as OpenSSL writes them: {@code DNS:x}, {@code IP:y},
     * {@code email:z}, {@code URI:u}; other kinds as {@code othername:<type>}.
     */
    public static List<String> subjectAltNames(X509Certificate cert) {
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of("(unreadable subjectAltName: " + e.getMessage() + ")");
        }
        List<String> out = new ArrayList<>();
        if (names == null) {
            return out;
        }
        for (List<?> n : names) {
            int type = (Integer) n.get(0);
            Object v = n.get(1);
            out.add(switch (type) {
                case 1 -> "email:" + v;
                case 2 -> "DNS:" + v;
                case 6 -> "URI:" + v;
                case 7 -> "IP:" + (v instanceof String s && SubjectAltName.isIpLiteral(s) ? SubjectAltName.normalizeIp(s) : v);
                case 4 -> "DirName:" + v;
                default -> "othername:" + type;
            });
        }
        return out;
    }

    /** Names of the extended key usages ({@code serverAuth}, {@code clientAuth}, or the OID). */
    public static List<String> extendedKeyUsages(X509Certificate cert) {
        List<String> ekus;
        try {
            ekus = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return List.of("(unreadable extendedKeyUsage)");
        }
        if (ekus == null) {
            return List.of();
        }
        return ekus.stream().map(o -> EKU_NAMES.getOrDefault(o, o)).toList();
    }

    /**
     * True when the certificate may be used for the given extended key usage: it has no EKU
     * extension, or lists the OID or {@code anyExtendedKeyUsage}.
     */
    public static boolean allowsUsage(X509Certificate cert, String ekuOid) {
        try {
            List<String> ekus = cert.getExtendedKeyUsage();
            return ekus == null || ekus.contains(ekuOid) || ekus.contains("2.5.29.37.0");
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** True for a CA certificate (basicConstraints cA=TRUE). */
    public static boolean isCa(X509Certificate cert) {
        return cert.getBasicConstraints() >= 0;
    }

    /** True when subject and issuer are equal and the certificate's signature verifies with its own key. */
    public static boolean isSelfSigned(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                && signatureVerifies(cert, cert);
    }

    /** True when {@code issuer}'s key verifies {@code cert}'s signature. */
    public static boolean signatureVerifies(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** True when {@code issuer} names {@code cert}'s issuer and its key verifies the signature. */
    public static boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
        return cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                && signatureVerifies(cert, issuer);
    }

    /** The subject key identifier in hex, or null when absent. */
    public static String subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        byte[] id = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
        return colons(HexFormat.of().withUpperCase().formatHex(id));
    }

    /**
     * Fails unless {@code cert} can sign certificates: basicConstraints cA=TRUE, and keyCertSign when
     * a keyUsage extension is present.
     *
     * @param source names where the certificate came from, for the message
     */
    public static void requireCa(X509Certificate cert, String source) throws PkiException {
        if (!isCa(cert)) {
            throw new PkiException(source + ": " + subject(cert)
                    + " is not a CA certificate (basicConstraints has no CA:TRUE), so it cannot sign certificates");
        }
        boolean[] ku = cert.getKeyUsage();
        if (ku != null && !ku[5]) {
            throw new PkiException(source + ": CA certificate " + subject(cert)
                    + " lacks the keyCertSign key usage, so it cannot sign certificates");
        }
    }

    /** A UTC time as {@code 2025-01-31 12:00:00 UTC}. */
    public static String time(Instant t) {
        return TIME.format(t);
    }

    /**
     * How the validity window looks at {@code now}: {@code 824 days left},
     * {@code EXPIRED 12 days ago} or {@code not yet valid (starts in 3 days)}.
     */
    public static String validityStatus(X509Certificate cert, Instant now) {
        Instant from = cert.getNotBefore().toInstant();
        Instant to = cert.getNotAfter().toInstant();
        if (now.isAfter(to)) {
            return "EXPIRED " + span(Duration.between(to, now)) + " ago";
        }
        if (now.isBefore(from)) {
            return "not yet valid (starts in " + span(Duration.between(now, from)) + ")";
        }
        return span(Duration.between(now, to)) + " left";
    }

    /** A duration in whole days, or hours/minutes when under a day. */
    public static String span(Duration d) {
        long days = d.toDays();
        if (days >= 1) {
            return days + (days == 1 ? " day" : " days");
        }
        long hours = d.toHours();
        if (hours >= 1) {
            return hours + (hours == 1 ? " hour" : " hours");
        }
        long minutes = Math.max(d.toMinutes(), 0);
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    /**
     * RFC 6125 host-name check: DNS SANs when present (a wildcard only as the whole left-most
     * label), otherwise the subject CN. An IP literal is matched against IP SANs only.
     */
    public static boolean matchesHost(X509Certificate cert, String host) {
        if (SubjectAltName.isIpLiteral(host)) {
            return matchesIp(cert, host);
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        List<String> dns = subjectAltNames(cert).stream()
                .filter(s -> s.startsWith("DNS:")).map(s -> s.substring(4)).toList();
        if (dns.isEmpty()) {
            String cn = commonName(cert);
            return cn != null && dnsMatches(cn, h);
        }
        for (String pattern : dns) {
            if (dnsMatches(pattern, h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(p.substring(2)) && p.substring(2).contains(".");
        }
        return p.equals(host);
    }

    /** True when one of the IP SANs equals {@code ip}. */
    public static boolean matchesIp(X509Certificate cert, String ip) {
        byte[] want;
        try {
            want = InetAddress.getByName(SubjectAltName.normalizeIp(ip)).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        for (String s : subjectAltNames(cert)) {
            if (s.startsWith("IP:") && SubjectAltName.isIpLiteral(s.substring(3))) {
                try {
                    if (java.util.Arrays.equals(want, InetAddress.getByName(s.substring(3)).getAddress())) {
                        return true;
                    }
                } catch (UnknownHostException e) {
                    // not reachable: validated literal
                }
            }
        }
        return false;
    }

    /** True when one of the email SANs equals {@code address} (domain part case-insensitive). */
    public static boolean matchesEmail(X509Certificate cert, String address) {
        for (String s : subjectAltNames(cert)) {
            if (s.startsWith("email:") && emailEquals(s.substring(6), address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean emailEquals(String a, String b) {
        int ia = a.lastIndexOf('@');
        int ib = b.lastIndexOf('@');
        if (ia < 0 || ib < 0) {
            return a.equalsIgnoreCase(b);
        }
        return a.substring(0, ia).equals(b.substring(0, ib)) && a.substring(ia).equalsIgnoreCase(b.substring(ib));
    }
}
