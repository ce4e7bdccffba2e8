package edu.tinynet.tunnel.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

/**
 * The peer's certificate was refused. The message is the one-line reason the log shows, e.g.
 * {@code certificate verify failed: certificate expired on 2025-01-31 12:00:00 UTC (CN=ldap.tinynet.edu)}.
 * JSSE passes it through as the message of the {@code SSLHandshakeException} the handshake fails with.
 */
public final class PeerVerificationException extends CertificateException {

    private static final long serialVersionUID = 1L;

    /** Why the certificate was refused. */
    public enum Reason {
        /** The peer sent no certificate although one is required. */
        NO_CERTIFICATE,
        /** No issuer of some certificate in the chain is trusted or supplied. */
        UNKNOWN_ISSUER,
        /** The chain ends in a self-signed certificate that is not trusted. */
        SELF_SIGNED,
        /** A signature does not verify with the issuer's key. */
        BAD_SIGNATURE,
        /** A certificate's notAfter has passed. */
        EXPIRED,
        /** A certificate's notBefore is in the future. */
        NOT_YET_VALID,
        /** A certificate is listed in a CRL. */
        REVOKED,
        /** {@code CRLfile} has no CRL for the issuer of the peer's certificate. */
        CRL_MISSING,
        /** The CRL's nextUpdate has passed (or its thisUpdate is in the future). */
        CRL_EXPIRED,
        /** The CRL is not signed by the issuer's key. */
        CRL_INVALID,
        /** {@code verifyPeer}: the leaf is not one of the trusted certificates. */
        NOT_PINNED,
        /** None of {@code checkHost}, {@code checkIP}, {@code checkEmail} matched. */
        NAME_MISMATCH,
        /** The certificate's extended key usage does not allow this use. */
        BAD_PURPOSE,
        /** Any other PKIX failure (constraints, algorithms, key usage). */
        OTHER
    }

    private final Reason reason;

    PeerVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
        CertPathValidatorException.BasicReason basic = switch (reason) {
            case EXPIRED -> CertPathValidatorException.BasicReason.EXPIRED;
            case NOT_YET_VALID -> CertPathValidatorException.BasicReason.NOT_YET_VALID;
            case REVOKED -> CertPathValidatorException.BasicReason.REVOKED;
            case BAD_SIGNATURE -> CertPathValidatorException.BasicReason.INVALID_SIGNATURE;
            case CRL_MISSING, CRL_EXPIRED, CRL_INVALID ->
                    CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS;
            default -> null;
        };
        if (basic != null) {
            // JSSE picks the TLS alert it sends (certificate_expired, certificate_revoked, ...) from this
            initCause(new CertPathValidatorException(message, null, null, -1, basic));
        }
    }

    PeerVerificationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the certificate was refused. */
    public Reason reason() {
        return reason;
    }
}
