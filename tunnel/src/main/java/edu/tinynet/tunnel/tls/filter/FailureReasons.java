package edu.tinynet.tunnel.tls.filter;

import edu.tinynet.tunnel.tls.HandshakeFailures;
import edu.tinynet.tunnel.tls.PeerVerificationException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * The filter's failure reasons: {@link HandshakeFailures} (the TLS policy's wording) for almost
 * everything, sharpened where JSSE's own checks hide the cause deep in the exception chain (an
 * expired peer certificate, JSSE's host name check), and the plaintext hints the filter raises
 * before the engine even sees the bytes.
 */
public final class FailureReasons {

    /** Plaintext bytes on a port where this side is the TLS server. */
    public static final String PLAINTEXT_ON_TLS_SERVER =
            "plaintext received where TLS was expected: is the other side client = yes?";
    /** A TLS client that received plaintext from the server. */
    public static final String PLAINTEXT_FROM_TLS_SERVER =
            "plaintext received where TLS was expected: the server answered without TLS; "
                    + "is connect pointing at a plaintext port?";

    /** The policy's describer, sharpened as above. */
    public static final FailureDescriber DEFAULT = (t, clientMode) -> describe(t, clientMode, HandshakeFailures::describe);

    private FailureReasons() {
    }

    /**
     * The reason for {@code t}: the sharper texts below when they apply, else {@code policy}'s.
     */
    public static String describe(Throwable t, boolean clientMode, FailureDescriber policy) {
        if (t == null || find(t, PeerVerificationException.class) != null) {
            return policy.describe(t, clientMode); // the policy's own refusals come out verbatim
        }
        Throwable expired = find(t, CertificateExpiredException.class);
        if (expired != null) {
            return "peer certificate expired: " + expired.getMessage();
        }
        Throwable notYet = find(t, CertificateNotYetValidException.class);
        if (notYet != null) {
            return "peer certificate not yet valid: " + notYet.getMessage();
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("No subject alternative") || m.contains("No name matching"))) {
                return "peer certificate does not match the expected name: " + m;
            }
        }
        if (!clientMode) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                String m = c.getMessage();
                if (m != null && (m.contains("alert: bad_certificate") || m.contains("alert: unsupported_certificate"))) {
                    String alert = m.substring(m.indexOf("alert: ") + 7).trim();
                    return "the client refused this side's certificate (" + alert + " alert); its log has the reason";
                }
            }
        }
        return policy.describe(t, clientMode);
    }

    /** Names the alert when we sent no certificate and the server answered {@code bad_certificate}. */
    static String noCertificateSent(String reason, Throwable t) {
        String all = t == null ? "" : String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (all.contains("bad_certificate") || all.contains("certificate_required")) {
            return "the server requires a client certificate and none was sent ("
                    + (all.contains("certificate_required") ? "certificate_required" : "bad_certificate")
                    + " alert): set cert = FILE in this service";
        }
        return reason;
    }

    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }
}
