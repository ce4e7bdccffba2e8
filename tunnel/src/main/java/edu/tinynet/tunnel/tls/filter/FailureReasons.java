package edu.tinynet.tunnel.tls.filter;

import java.io.EOFException;
import java.io.IOException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Turns a TLS exception into one line that names the cause. JSSE's messages are precise but
 * scattered over the cause chain ({@code PKIX path building failed: ... unable to find valid
 * certification path}); this walks the chain and leads with what a person needs to know.
 */
public final class FailureReasons {

    /** Hint for plaintext bytes on a port where this side expects TLS. */
    public static final String PLAINTEXT_ON_TLS_SERVER =
            "plaintext received where TLS was expected: is the other side client = yes?";
    /** Hint for a TLS client that received plaintext from the server. */
    public static final String PLAINTEXT_FROM_TLS_SERVER =
            "plaintext received where TLS was expected: does the remote port speak TLS?";

    private FailureReasons() {
    }

    /**
     * {@link #describe(Throwable)}, sharpened with what the engine knows: a peer that rejects
     * "our" certificate when we sent none wants one.
     */
    public static String describe(Throwable t, javax.net.ssl.SSLEngine engine) {
        String r = describe(t);
        if (r.startsWith(REJECTED_OURS) && engine.getUseClientMode()) {
            java.security.cert.Certificate[] sent = null;
            try {
                javax.net.ssl.SSLSession s = engine.getHandshakeSession() != null ? engine.getHandshakeSession()
                        : engine.getSession();
                sent = s.getLocalCertificates();
            } catch (RuntimeException ignored) {
                sent = null;
            }
            if (sent == null || sent.length == 0) {
                return "the server requires a client certificate and none was sent" + r.substring(REJECTED_OURS.length());
            }
        }
        return r;
    }

    private static final String REJECTED_OURS = "the peer rejected the certificate we sent";

    /** One line for {@code t}, leading with the most specific cause found in its chain. */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String all = chainText(t);
        String lower = all.toLowerCase(Locale.ROOT);
        Throwable expired = find(t, CertificateExpiredException.class);
        if (expired != null) {
            return "peer certificate expired: " + expired.getMessage();
        }
        Throwable notYet = find(t, CertificateNotYetValidException.class);
        if (notYet != null) {
            return "peer certificate not yet valid: " + notYet.getMessage();
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return "peer certificate does not match the expected name: " + innermost(t);
        }
        if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")) {
            return "peer certificate not trusted (no path to a trusted CA): " + innermost(t);
        }
        if (lower.contains("empty client certificate chain") || lower.contains("empty server certificate chain")
                || lower.contains("null cert chain")) {
            return "peer did not return a certificate";
        }
        if (lower.contains("certificate_required")) {
            return "the server requires a client certificate (alert certificate_required)";
        }
        for (String alert : new String[] {"bad_certificate", "unknown_ca", "certificate_expired",
                "certificate_unknown", "certificate_revoked", "unsupported_certificate", "access_denied"}) {
            if (lower.contains("received fatal alert: " + alert)) {
                return REJECTED_OURS + " (alert " + alert + ")";
            }
        }
        if (lower.contains("no appropriate protocol") || lower.contains("protocol_version")
                || lower.contains("client requested protocol") || lower.contains("unsupported protocol")) {
            return "no TLS protocol version in common: " + innermost(t);
        }
        if (lower.contains("no cipher suites in common") || lower.contains("handshake_failure")
                || lower.contains("no negotiable cipher suite")) {
            return "no cipher suite in common: " + innermost(t);
        }
        if (lower.contains("unsupported or unrecognized ssl message")
                || lower.contains("not an ssl/tls record")) {
            return "not TLS data: " + innermost(t);
        }
        if (find(t, EOFException.class) != null || lower.contains("remote host terminated")) {
            return "peer closed the connection during the TLS handshake";
        }
        if (t instanceof IOException && !(t instanceof javax.net.ssl.SSLException)) {
            return "connection failed during the TLS handshake: " + innermost(t);
        }
        return innermost(t);
    }

    /** The first throwable of type {@code type} in the cause chain, or null. */
    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    /** The message of the deepest throwable that has one, prefixed by its simple class name when bare. */
    private static String innermost(Throwable t) {
        String msg = null;
        Throwable at = t;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                msg = c.getMessage();
                at = c;
            }
        }
        return msg != null ? msg : at.getClass().getSimpleName();
    }

    private static String chainText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
