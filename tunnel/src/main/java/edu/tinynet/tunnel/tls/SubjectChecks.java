package edu.tinynet.tunnel.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * stunnel's {@code checkHost}, {@code checkIP} and {@code checkEmail}, matched against the peer's
 * leaf certificate the way OpenSSL's {@code X509_check_host/ip/email} do. The configured values
 * are OR'd: one match of any kind accepts the certificate.
 *
 * <ul>
 *   <li>Host names match {@code DNS:} subject alternative names, case-insensitively, ignoring a
 *       trailing dot. A wildcard is honoured only as the whole left-most label ({@code *.example.com}
 *       matches {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}) and only
 *       with at least two labels after it (RFC 6125 section 6.4.3). The subject's CN is
 *       consulted only when the certificate has no {@code DNS:} names at all (OpenSSL's rule).</li>
 *   <li>IP addresses match {@code IP:} names by address (so {@code ::1} equals
 *       {@code 0:0:0:0:0:0:0:1}); never the CN.</li>
 *   <li>E-mail addresses match {@code email:} names: the local part exactly, the domain
 *       case-insensitively; the subject's emailAddress attribute is used only when there are no
 *       {@code email:} names.</li>
 * </ul>
 */
public final class SubjectChecks {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<String> hosts;
    private final List<byte[]> ips;
    private final List<String> ipText;
    private final List<String> emails;

    private SubjectChecks(List<String> hosts, List<byte[]> ips, List<String> ipText, List<String> emails) {
        this.hosts = hosts;
        this.ips = ips;
        this.ipText = ipText;
        this.emails = emails;
    }

    /**
     * Validates and prepares the configured names.
     *
     * @throws IllegalArgumentException naming the option and value that is not usable
     */
    public static SubjectChecks of(List<String> checkHost, List<String> checkIp, List<String> checkEmail) {
        List<String> hosts = new ArrayList<>();
        for (String h : checkHost) {
            String n = normaliseHost(h);
            if (n.isEmpty() || n.contains("*") || n.contains(" ")) {
                throw new IllegalArgumentException("checkHost = " + h + ": not a host name");
            }
            hosts.add(n);
        }
        List<byte[]> ips = new ArrayList<>();
        List<String> ipText = new ArrayList<>();
        for (String ip : checkIp) {
            byte[] a = ipLiteral(ip.trim());
            if (a == null) {
                throw new IllegalArgumentException("checkIP = " + ip + ": not an IP address literal");
            }
            ips.add(a);
            ipText.add(CertificateText.canonicalIp(ip.trim()));
        }
        List<String> emails = new ArrayList<>();
        for (String e : checkEmail) {
            String t = e.trim();
            int at = t.lastIndexOf('@');
            if (at <= 0 || at == t.length() - 1) {
                throw new IllegalArgumentException("checkEmail = " + e + ": not an e-mail address");
            }
            emails.add(t);
        }
        return new SubjectChecks(List.copyOf(hosts), List.copyOf(ips), List.copyOf(ipText), List.copyOf(emails));
    }

    /** True when nothing is configured (every certificate passes). */
    public boolean isEmpty() {
        return hosts.isEmpty() && ips.isEmpty() && emails.isEmpty();
    }

    /** True when the leaf satisfies at least one configured check (or none are configured). */
    public boolean matches(X509Certificate leaf) {
        if (isEmpty()) {
            return true;
        }
        List<String> dns = new ArrayList<>();
        List<byte[]> sanIps = new ArrayList<>();
        List<String> sanEmails = new ArrayList<>();
        for (List<?> san : CertificateText.sans(leaf)) {
            int type = (Integer) san.get(0);
            Object v = san.get(1);
            if (type == CertificateText.SAN_DNS && v instanceof String s) {
                dns.add(s);
            } else if (type == CertificateText.SAN_IP && v instanceof String s) {
                byte[] a = ipLiteral(s);
                if (a != null) {
                    sanIps.add(a);
                }
            } else if (type == CertificateText.SAN_EMAIL && v instanceof String s) {
                sanEmails.add(s);
            }
        }
        if (!hosts.isEmpty()) {
            List<String> names = dns.isEmpty() ? CertificateText.commonNames(leaf) : dns;
            for (String h : hosts) {
                for (String n : names) {
                    if (hostMatches(n, h)) {
                        return true;
                    }
                }
            }
        }
        for (byte[] ip : ips) {
            for (byte[] s : sanIps) {
                if (Arrays.equals(ip, s)) {
                    return true;
                }
            }
        }
        if (!emails.isEmpty()) {
            List<String> names = sanEmails.isEmpty() ? CertificateText.subjectEmails(leaf) : sanEmails;
            for (String e : emails) {
                for (String n : names) {
                    if (emailMatches(n, e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The message for a certificate that matched nothing, e.g.
     * {@code host name mismatch: peer certificate has DNS:a, IP:10.0.0.1; expected checkHost ldap.tinynet.edu}.
     */
    public String mismatch(X509Certificate leaf) {
        String what;
        if (!hosts.isEmpty() && ips.isEmpty() && emails.isEmpty()) {
            what = "host name mismatch";
        } else if (hosts.isEmpty() && !ips.isEmpty() && emails.isEmpty()) {
            what = "IP address mismatch";
        } else if (hosts.isEmpty() && ips.isEmpty()) {
            what = "e-mail address mismatch";
        } else {
            what = "peer identity mismatch";
        }
        List<String> has = new ArrayList<>(CertificateText.subjectAltNames(leaf));
        boolean hasDns = has.stream().anyMatch(s -> s.startsWith("DNS:"));
        List<String> cns = CertificateText.commonNames(leaf);
        String names;
        if (has.isEmpty()) {
            names = "no subject alternative names"
                    + (cns.isEmpty() ? " and no CN" : "; CN=" + String.join(", CN=", cns));
        } else {
            names = String.join(", ", has);
            if (!hosts.isEmpty() && !hasDns && !cns.isEmpty()) {
                names += " (no DNS names; CN=" + String.join(", CN=", cns) + ")";
            }
        }
        List<String> expected = new ArrayList<>();
        if (!hosts.isEmpty()) {
            expected.add("checkHost " + String.join(", ", hosts));
        }
        if (!ipText.isEmpty()) {
            expected.add("checkIP " + String.join(", ", ipText));
        }
        if (!emails.isEmpty()) {
            expected.add("checkEmail " + String.join(", ", emails));
        }
        return what + ": peer certificate has " + names + "; expected " + String.join(" or ", expected);
    }

    /** One line for {@code tunnel check}, e.g. {@code checkHost ldap.tinynet.edu or checkIP 10.0.0.1}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!hosts.isEmpty()) {
            parts.add("checkHost " + String.join(", ", hosts));
        }
        if (!ipText.isEmpty()) {
            parts.add("checkIP " + String.join(", ", ipText));
        }
        if (!emails.isEmpty()) {
            parts.add("checkEmail " + String.join(", ", emails));
        }
        return parts.isEmpty() ? "none" : String.join(" or ", parts);
    }

    // ---------------------------------------------------------------- matching rules

    /**
     * RFC 6125 host matching of one certificate name (a DNS SAN or CN) against an expected host.
     * Exposed for tests.
     */
    public static boolean hostMatches(String certName, String expectedHost) {
        String pattern = normaliseHost(certName);
        String host = normaliseHost(expectedHost);
        if (pattern.isEmpty() || host.isEmpty()) {
            return false;
        }
        if (!pattern.startsWith("*.")) {
            return !pattern.contains("*") && pattern.equals(host);
        }
        String rest = pattern.substring(2);
        // "*." + at least two labels; no further wildcard; no wildcard for IP-looking names
        if (rest.contains("*") || rest.indexOf('.') <= 0 || rest.endsWith(".") || ipLiteral(host) != null) {
            return false;
        }
        int dot = host.indexOf('.');
        if (dot <= 0) {
            return false; // the wildcard must cover exactly one non-empty label
        }
        return host.substring(dot + 1).equals(rest);
    }

    /** Local part exact, domain case-insensitive. */
    static boolean emailMatches(String certEmail, String expected) {
        int a = certEmail.lastIndexOf('@');
        int b = expected.lastIndexOf('@');
        if (a <= 0 || b <= 0) {
            return false;
        }
        return certEmail.substring(0, a).equals(expected.substring(0, b))
                && certEmail.substring(a + 1).equalsIgnoreCase(expected.substring(b + 1));
    }

    private static String normaliseHost(String h) {
        String s = h.trim().toLowerCase(Locale.ROOT);
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null when {@code s} is not one (never resolves names). */
    static byte[] ipLiteral(String s) {
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        boolean v4 = IPV4.matcher(t).matches();
        // only hex digits, colons and dots (plus a zone): InetAddress then parses, never resolves
        boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** True when {@code host} is an IPv4 or IPv6 literal (such hosts never get SNI). */
    public static boolean isIpLiteral(String host) {
        return ipLiteral(host) != null;
    }
}
