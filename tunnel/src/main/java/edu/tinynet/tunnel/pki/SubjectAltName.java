package edu.tinynet.tunnel.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * One subject alternative name, written as OpenSSL does: {@code DNS:ldap.tinynet.edu},
 * {@code IP:192.168.56.252}, {@code email:admin@tinynet.edu}.
 */
public record SubjectAltName(Kind kind, String value) {

    /** The SAN types the toolkit issues. */
    public enum Kind { DNS, IP, EMAIL }

    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[A-Za-z0-9.-]+");

    public SubjectAltName {
        value = validate(kind, value);
    }

    public static SubjectAltName dns(String name) {
        return new SubjectAltName(Kind.DNS, name);
    }

    public static SubjectAltName ip(String address) {
        return new SubjectAltName(Kind.IP, address);
    }

    public static SubjectAltName email(String address) {
        return new SubjectAltName(Kind.EMAIL, address);
    }

    /**
     * Parses {@code DNS:a,IP:b,email:c} (comma-separated, OpenSSL style).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<SubjectAltName> parseList(String spec) {
        List<SubjectAltName> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(parse(p));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty SAN list \"" + spec + "\"");
        }
        return out;
    }

    /** Parses one {@code TYPE:value} entry. */
    public static SubjectAltName parse(String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("malformed SAN \"" + entry
                    + "\": expected TYPE:VALUE with TYPE one of DNS, IP, email");
        }
        String type = entry.substring(0, colon).trim().toUpperCase(Locale.ROOT);
        String value = entry.substring(colon + 1).trim();
        Kind kind = switch (type) {
            case "DNS" -> Kind.DNS;
            case "IP", "IP ADDRESS" -> Kind.IP;
            case "EMAIL", "RFC822" -> Kind.EMAIL;
            default -> throw new IllegalArgumentException("malformed SAN \"" + entry + "\": unknown type \""
                    + entry.substring(0, colon) + "\" (use DNS, IP or email)");
        };
        try {
            return new SubjectAltName(kind, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed SAN \"" + entry + "\": " + e.getMessage(), e);
        }
    }

    private static String validate(Kind kind, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty " + kind + " value");
        }
        switch (kind) {
            case DNS -> {
                if (!DNS_NAME.matcher(value).matches() || value.length() > 253) {
                    throw new IllegalArgumentException("\"" + value + "\" is not a valid DNS name");
                }
                String name = value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
                return name.toLowerCase(Locale.ROOT);
            }
            case IP -> {
                return normalizeIp(value);
            }
            case EMAIL -> {
                if (!EMAIL.matcher(value).matches()) {
                    throw new IllegalArgumentException("\"" + value + "\" is not an e-mail address");
                }
                return value;
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Parses an IPv4 or IPv6 literal without ever asking DNS, and returns its canonical text.
     *
     * @throws IllegalArgumentException when {@code text} is not an IP address literal
     */
    public static String normalizeIp(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        // validate first: InetAddress.getByName would fall back to a DNS lookup for a bad literal
        if (!IPAddress.isValidIPv4(t) && !IPAddress.isValidIPv6(t)) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address literal");
        }
        try {
            return InetAddress.getByName(t).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address literal", e);
        }
    }

    /** True when {@code text} is an IPv4 or IPv6 literal. */
    public static boolean isIpLiteral(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        return IPAddress.isValidIPv4(t) || IPAddress.isValidIPv6(t);
    }

    /** Bouncy Castle form. */
    GeneralName toGeneralName() {
        return switch (kind) {
            case DNS -> new GeneralName(GeneralName.dNSName, value);
            case IP -> new GeneralName(GeneralName.iPAddress, value);
            case EMAIL -> new GeneralName(GeneralName.rfc822Name, value);
        };
    }

    @Override
    public String toString() {
        return (kind == Kind.EMAIL ? "email" : kind.name()) + ":" + value;
    }
}
