package edu.tinynet.tunnel.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** How certificates are written in messages: subjects, dates, names, serials and fingerprints. */
public final class CertificateText {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** GeneralName tag numbers as returned by {@link X509Certificate#getSubjectAlternativeNames()}. */
    static final int SAN_EMAIL = 1;
    static final int SAN_DNS = 2;
    static final int SAN_IP = 7;

    private CertificateText() {
    }

    /** {@code 2026-03-01 12:00:00 UTC}. */
    public static String date(Date d) {
        return DATE.format(d.toInstant());
    }

    /** {@code 2026-03-01 12:00:00 UTC}. */
    public static String date(Instant i) {
        return DATE.format(i);
    }

    /** The subject as RFC 2253 text, e.g. {@code CN=ldap.tinynet.edu,O=TinyNet}. */
    public static String subject(X509Certificate c) {
        return name(c.getSubjectX500Principal());
    }

    /** The issuer as RFC 2253 text. */
    public static String issuer(X509Certificate c) {
        return name(c.getIssuerX500Principal());
    }

    /**
     * A name as users write it for {@code pki ca --subject}: RFC 4514, most specific attribute first
     * ({@code CN=ldap.tinynet.edu,O=tinynet.edu}); {@code (empty subject)} when it has none.
     */
    public static String name(X500Principal p) {
        String rfc2253 = p.getName(X500Principal.RFC2253);
        return rfc2253.isEmpty() ? "(empty subject)" : rfc2253;
    }

    /** The values of every CN attribute in the subject, most specific last (as written). */
    public static List<String> commonNames(X509Certificate c) {
        return attributes(c.getSubjectX500Principal(), "CN");
    }

    /** The subject's emailAddress attributes (PKCS#9). */
    public static List<String> subjectEmails(X509Certificate c) {
        List<String> out = new ArrayList<>(attributes(c.getSubjectX500Principal(), "EMAILADDRESS"));
        out.addAll(attributes(c.getSubjectX500Principal(), "1.2.840.113549.1.9.1"));
        return out;
    }

    private static List<String> attributes(X500Principal p, String type) {
        List<String> out = new ArrayList<>();
        try {
            LdapName ln = new LdapName(p.getName(X500Principal.RFC2253));
            for (Rdn rdn : ln.getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    Object v = rdn.getValue();
                    if (v instanceof String s) {
                        out.add(s);
                    } else if (v instanceof byte[] b) {
                        // a DER-encoded value (#hex): an emailAddress IA5String, usually
                        out.add(derString(b));
                    }
                }
            }
        } catch (InvalidNameException e) {
            // not reachable for names produced by X500Principal
        }
        return out;
    }

    private static String derString(byte[] der) {
        // tag, short length, bytes: IA5String / UTF8String / PrintableString
        if (der.length >= 2 && (der[1] & 0x80) == 0 && der[1] + 2 == der.length) {
            return new String(der, 2, der[1], java.nio.charset.StandardCharsets.UTF_8);
        }
        return HexFormat.of().formatHex(der);
    }

    /**
     * The subject alternative names as OpenSSL prints them ({@code DNS:a}, {@code IP:1.2.3.4},
     * {@code email:x@y}); other types are shown with their type number.
     */
    public static List<String> subjectAltNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        for (List<?> san : sans(c)) {
            int type = (Integer) san.get(0);
            Object v = san.get(1);
            switch (type) {
                case SAN_DNS -> out.add("DNS:" + v);
                case SAN_IP -> out.add("IP:" + canonicalIp(String.valueOf(v)));
                case SAN_EMAIL -> out.add("email:" + v);
                case 6 -> out.add("URI:" + v);
                default -> out.add("othername(" + type + ")");
            }
        }
        return out;
    }

    /** Raw SAN entries; empty when there are none or they cannot be parsed. */
    static Collection<List<?>> sans(X509Certificate c) {
        try {
            Collection<List<?>> s = c.getSubjectAlternativeNames();
            return s == null ? List.of() : s;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** An IP literal in its shortest usual form ({@code ::1}, {@code 10.0.0.1}); the input if not one. */
    public static String canonicalIp(String ip) {
        try {
            InetAddress a = InetAddress.getByName(ip);
            String s = a.getHostAddress();
            if (s.indexOf(':') >= 0) {
                return compressIpv6(s);
            }
            return s;
        } catch (UnknownHostException | SecurityException e) {
            return ip;
        }
    }

    private static String compressIpv6(String full) {
        String[] parts = full.replaceFirst("%.*$", "").split(":");
        // normalise each group, then replace the longest run of zero groups with ::
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Integer.toHexString(Integer.parseInt(parts[i], 16));
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < parts.length; i++) {
            int j = i;
            while (j < parts.length && parts[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestStart < 0) {
            return String.join(":", parts);
        }
        String head = String.join(":", List.of(parts).subList(0, bestStart));
        String tail = String.join(":", List.of(parts).subList(bestStart + bestLen, parts.length));
        return head + "::" + tail;
    }

    /** The serial number in upper-case hex, as {@code openssl x509 -serial} prints it. */
    public static String serial(X509Certificate c) {
        return c.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** The SHA-256 fingerprint, colon separated, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public static String fingerprint(X509Certificate c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "(unavailable)";
        }
    }

    /** One line about a certificate: subject, issuer and validity. */
    public static String summary(X509Certificate c) {
        return subject(c) + " (issuer " + issuer(c) + ", valid " + date(c.getNotBefore()) + " to "
                + date(c.getNotAfter()) + ")";
    }

    /** True when the certificate's subject and issuer are equal and it verifies with its own key. */
    public static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
