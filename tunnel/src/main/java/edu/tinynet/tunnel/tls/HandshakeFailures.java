package edu.tinynet.tunnel.tls;

import java.io.EOFException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed TLS handshake into the one-line reason the log shows. The data path calls
 * {@link #describe(Throwable, boolean)} with whatever the engine threw.
 *
 * <p>Certificate refusals made here ({@link PeerVerificationException}) come out verbatim; common
 * JSSE failures and TLS alerts from the peer are translated into what to check, e.g.
 * {@code peer offered only TLSv1.1; minimum here is TLSv1.2 (sslVersionMin)} or
 * {@code plaintext received where TLS was expected: is the other side client = yes?}.
 * Unknown failures keep JSSE's own message after {@code TLS handshake failed: }.
 */
public final class HandshakeFailures {

    private static final Pattern VERSIONS = Pattern.compile(
            "The client supported protocol versions \\[([^\\]]*)\\] are not accepted by server preferences \\[([^\\]]*)\\]");
    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    private static final Pattern REQUESTED = Pattern.compile(
            "Client requested protocol (\\S+) is not enabled or supported in server context");

    private static final Map<String, String> ALERTS = Map.ofEntries(
            Map.entry("handshake_failure", "the peer aborted the handshake (handshake_failure alert): usually no cipher "
                    + "suite or key exchange group in common, or the peer requires a client certificate"),
            Map.entry("protocol_version", "the peer refused the TLS version (protocol_version alert): no version in common; "
                    + "compare sslVersionMin/sslVersionMax on both sides"),
            Map.entry("insufficient_security", "the peer wants stronger cipher suites than this side offers "
                    + "(insufficient_security alert)"),
            Map.entry("bad_certificate", "the peer refused the handshake with bad_certificate: it requires a client "
                    + "certificate and none was sent (set cert = FILE), or it refused the one sent"),
            Map.entry("certificate_required", "the peer requires a client certificate and none was sent "
                    + "(certificate_required alert): set cert = FILE in this service"),
            Map.entry("unknown_ca", "the peer does not trust the issuer of this side's certificate (unknown_ca alert): "
                    + "add the CA to the peer's CAfile"),
            Map.entry("certificate_expired", "the peer says this side's certificate has expired or is not yet valid "
                    + "(certificate_expired alert)"),
            Map.entry("certificate_revoked", "the peer says this side's certificate is revoked (certificate_revoked alert)"),
            Map.entry("certificate_unknown", "the peer refused this side's certificate (certificate_unknown alert); "
                    + "its log has the reason"),
            Map.entry("unsupported_certificate", "the peer cannot use this side's certificate (unsupported_certificate "
                    + "alert): key type or signature algorithm"),
            Map.entry("decrypt_error", "the peer could not verify a handshake signature (decrypt_error alert): "
                    + "the private key does not match the certificate, or a broken peer"),
            Map.entry("unrecognized_name", "the peer does not serve the server name sent (unrecognized_name alert): "
                    + "check sni"),
            Map.entry("access_denied", "the peer denied access (access_denied alert)"),
            Map.entry("no_renegotiation", "the peer refused to renegotiate (no_renegotiation alert)"),
            Map.entry("bad_record_mac", "a TLS record failed authentication (bad_record_mac alert): corrupted "
                    + "data on the wire"),
            Map.entry("inappropriate_fallback", "the peer detected a protocol downgrade (inappropriate_fallback alert)"),
            Map.entry("missing_extension", "the peer misses a required TLS extension (missing_extension alert)"),
            Map.entry("no_application_protocol", "no application protocol (ALPN) in common"),
            Map.entry("internal_error", "the peer hit an internal error (internal_error alert); see its log"));

    private HandshakeFailures() {
    }

    /** {@link #describe(Throwable, boolean)} when the role is not known (worded for a server). */
    public static String describe(Throwable failure) {
        return describe(failure, false);
    }

    /** {@link #describe(Throwable, boolean, List)} without knowing this side's protocol versions. */
    public static String describe(Throwable failure, boolean clientMode) {
        return describe(failure, clientMode, List.of());
    }

    /**
     * One line saying why the handshake failed.
     *
     * @param failure    what the engine (or the I/O below it) threw
     * @param clientMode true when this side was the TLS client
     * @param enabled    this side's enabled protocol versions (JSSE names), to name the minimum in
     *                   version mismatches; may be empty
     */
    public static String describe(Throwable failure, boolean clientMode, List<String> enabled) {
        if (failure == null) {
            return "TLS handshake failed";
        }
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof PeerVerificationException) {
                return t.getMessage();
            }
        }
        for (Throwable t : chain) {
            String d = known(t, clientMode, enabled);
            if (d != null) {
                return d;
            }
        }
        String m = null;
        for (Throwable t : chain) {
            if (t.getMessage() != null) {
                m = t.getMessage();
                break;
            }
        }
        return "TLS handshake failed: " + (m == null ? failure.getClass().getSimpleName() : m);
    }

    private static String known(Throwable t, boolean clientMode, List<String> enabled) {
        String m = t.getMessage();
        if (t instanceof EOFException) {
            return "the peer closed the connection during the TLS handshake";
        }
        if (t instanceof SocketException && m != null && m.toLowerCase(Locale.ROOT).contains("reset")) {
            return "the peer reset the connection during the TLS handshake";
        }
        if (m == null) {
            return null;
        }
        if (m.startsWith(RenegotiationGuard.REFUSED) || m.contains("renegotiation is disabled")) {
            return m;
        }
        if (m.contains("plaintext connection?") || m.contains("Unsupported or unrecognized SSL message")) {
            return clientMode
                    ? "plaintext received where TLS was expected: the server answered without TLS; "
                            + "is connect pointing at a plaintext port?"
                    : "plaintext received where TLS was expected: is the other side client = yes?";
        }
        Matcher v = VERSIONS.matcher(m);
        if (v.find()) {
            return versions(split(v.group(1)), split(v.group(2)));
        }
        Matcher q = REQUESTED.matcher(m);
        if (q.find()) {
            // a pre-TLS 1.3 ClientHello whose highest version is not enabled here
            if (!enabled.isEmpty()) {
                return versions(List.of(q.group(1)), enabled);
            }
            return "peer offered only " + name(q.group(1)) + " (and older); it is not enabled here (sslVersionMin)";
        }
        if (m.contains("Insufficient buffer remaining for AEAD cipher fragment (2)")) {
            // a 2-byte record JSSE tried to decrypt: an alert the peer sent unencrypted in the middle
            // of a TLS 1.3 handshake (OpenSSL does this when it refuses our certificate)
            return "the peer aborted the TLS 1.3 handshake with an unencrypted alert: it probably refused this side's "
                    + "certificate; its log has the reason";
        }
        Matcher a = ALERT.matcher(m);
        if (a.find()) {
            String d = ALERTS.get(a.group(1));
            return d != null ? d : "the peer aborted the handshake with a " + a.group(1) + " alert";
        }
        if (m.contains("no cipher suites in common")) {
            return "no cipher suite in common: the peer offered none of the suites enabled here (ciphers, ciphersuites) "
                    + "that fit this side's certificate and groups";
        }
        if (m.contains("No appropriate protocol")) {
            return "no usable TLS version: the enabled versions are disabled in the JVM or have no enabled cipher suite";
        }
        if (m.contains("No common named group")) {
            return "no key exchange group in common: the peer offered none of the groups enabled here (curves)";
        }
        if (m.contains("Empty client certificate chain")) {
            return "peer did not return a certificate (requireCert = yes)";
        }
        if (m.contains("Empty server certificate chain")) {
            return "peer did not return a certificate";
        }
        if (m.contains("No available authentication scheme")) {
            return "no signature algorithm in common for this side's certificate key";
        }
        if (m.contains("Remote host terminated the handshake") || m.contains("closed during handshake")
                || m.contains("Received close_notify during handshake")) {
            return "the peer closed the connection during the TLS handshake";
        }
        if (m.contains("PKIX path building failed") || m.contains("unable to find valid certification path")) {
            return "certificate verify failed: no chain to a trusted certificate";
        }
        if (m.contains("Tag mismatch") || m.contains("bad record MAC")) {
            return "a TLS record failed authentication (bad record MAC): corrupted data on the wire";
        }
        return null;
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            String t = s.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static int rank(String v) {
        return switch (v) {
            case "SSLv3" -> 0;
            case "TLSv1" -> 1;
            case "TLSv1.1" -> 2;
            case "TLSv1.2" -> 3;
            case "TLSv1.3" -> 4;
            default -> -1;
        };
    }

    private static String name(String v) {
        return v.equals("TLSv1") ? "TLSv1.0" : v;
    }

    private static String versions(List<String> offered, List<String> accepted) {
        int offeredMax = offered.stream().mapToInt(HandshakeFailures::rank).max().orElse(-1);
        int offeredMin = offered.stream().mapToInt(HandshakeFailures::rank).min().orElse(-1);
        String acceptedMin = accepted.stream().min((x, y) -> rank(x) - rank(y)).orElse("?");
        String acceptedMax = accepted.stream().max((x, y) -> rank(x) - rank(y)).orElse("?");
        String offeredText = String.join(", ", offered.stream().map(HandshakeFailures::name).toList());
        if (offeredMax >= 0 && offeredMax < rank(acceptedMin)) {
            return "peer offered only " + offeredText + "; minimum here is " + name(acceptedMin) + " (sslVersionMin)";
        }
        if (offeredMin > rank(acceptedMax)) {
            return "peer offered only " + offeredText + "; maximum here is " + name(acceptedMax) + " (sslVersionMax)";
        }
        return "no TLS version in common: peer offered " + offeredText + ", this side accepts "
                + String.join(", ", accepted.stream().map(HandshakeFailures::name).toList());
    }
}
