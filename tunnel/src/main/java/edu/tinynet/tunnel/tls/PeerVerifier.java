package edu.tinynet.tunnel.tls;

import edu.tinynet.tunnel.config.Verification;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.tls.PeerVerificationException.Reason;
import java.net.Socket;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks the peer's certificate the way stunnel's options say, and explains every refusal in one
 * line (see {@link PeerVerificationException}).
 *
 * <ol>
 *   <li>No certificate: refused ("peer did not return a certificate"); JSSE only asks when the
 *       peer did send something or a certificate is required.</li>
 *   <li>Nothing configured ({@code verifyChain}, {@code verifyPeer}, {@code check*} all off):
 *       anything is accepted, as stunnel does by default.</li>
 *   <li>{@code verifyChain}: a chain is built from the peer's certificates to one in
 *       {@code CAfile}/{@code CApath}; every certificate on it, the trusted one included, must be
 *       within its validity period; then the JDK's PKIX trust manager checks the rest (basic
 *       constraints, key usage, extended key usage, algorithm constraints); then CRLs.</li>
 *   <li>{@code verifyPeer}: the leaf must be one of the trusted certificates (pinning); no chain
 *       is needed. The leaf must be valid now and allowed for TLS by its extended key usage.</li>
 *   <li>{@code checkHost}/{@code checkIP}/{@code checkEmail}: see {@link SubjectChecks}.</li>
 * </ol>
 *
 * <p>CRLs ({@code CRLfile}): with {@code verifyChain}, the CRL of the leaf's issuer must be present
 * (OpenSSL's {@code X509_V_FLAG_CRL_CHECK}); every other certificate on the chain is checked when a
 * CRL of its issuer is present. A CRL must be signed by the issuer and be current.
 */
public final class PeerVerifier extends X509ExtendedTrustManager {

    private static final int MAX_CHAIN = 10;
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";

    private final Verification verification;
    private final TrustMaterial trust;
    private final SubjectChecks subjectChecks;
    private final X509ExtendedTrustManager pkix;
    private final Clock clock;

    /**
     * @param verification the options
     * @param trust        CAfile/CApath/CRLfile contents
     * @param subjectChecks checkHost/checkIP/checkEmail
     * @param clock        the time certificates are checked at
     */
    public PeerVerifier(Verification verification, TrustMaterial trust, SubjectChecks subjectChecks, Clock clock) {
        this.verification = verification;
        this.trust = trust;
        this.subjectChecks = subjectChecks;
        this.clock = clock;
        this.pkix = trust.isEmpty() ? null : jdkPkixTrustManager(trust.certificates());
    }

    private static X509ExtendedTrustManager jdkPkixTrustManager(List<X509Certificate> trusted) {
        // the JDK's own PKIX trust manager over exactly these certificates
        for (TrustManager tm : KeyMaterial.trustManagerFactory(trusted).getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    }

    /** True when this verifier accepts any certificate (no verification configured). */
    public boolean acceptsAnything() {
        return !verification.authenticatesPeer() && subjectChecks.isEmpty();
    }

    // ---------------------------------------------------------------- JSSE entry points

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain, true, c -> pkix.checkServerTrusted(c, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain, false, c -> pkix.checkClientTrusted(c, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(chain, true, c -> pkix.checkServerTrusted(c, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(chain, false, c -> pkix.checkClientTrusted(c, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, true, c -> pkix.checkServerTrusted(c, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, false, c -> pkix.checkClientTrusted(c, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        // sent as certificate_authorities in a CertificateRequest; only meaningful when verifying
        if (!verification.authenticatesPeer()) {
            return new X509Certificate[0];
        }
        return trust.certificates().toArray(new X509Certificate[0]);
    }

    private interface PkixCheck {
        void check(X509Certificate[] chain) throws CertificateException;
    }

    // ---------------------------------------------------------------- the checks

    /**
     * Checks a peer chain outside a handshake (for tests and {@code tunnel check}).
     *
     * @param peerIsServer true when the chain is a server's (this side is the client)
     */
    public void verify(X509Certificate[] chain, boolean peerIsServer) throws CertificateException {
        verify(chain, peerIsServer, null);
    }

    private void verify(X509Certificate[] chain, boolean peerIsServer, PkixCheck pkixCheck)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new PeerVerificationException(Reason.NO_CERTIFICATE, "peer did not return a certificate"
                    + (verification.requireCert() ? " (requireCert = yes)" : ""));
        }
        if (acceptsAnything()) {
            return;
        }
        X509Certificate leaf = chain[0];
        Date now = Date.from(clock.instant());
        if (verification.verifyChain()) {
            List<X509Certificate> path = buildPath(chain);
            checkDates(path, now);
            checkPurpose(leaf, peerIsServer);
            if (pkixCheck != null && pkix != null) {
                try {
                    pkixCheck.check(chain);
                } catch (CertificateException e) {
                    throw explainPkix(e, leaf);
                }
            }
            if (!trust.crls().isEmpty()) {
                for (int i = 0; i < path.size() - 1; i++) {
                    checkRevocation(path.get(i), List.of(path.get(i + 1)), i == 0, now);
                }
            }
        }
        if (verification.verifyPeer()) {
            if (!trust.containsExactly(leaf)) {
                throw new PeerVerificationException(Reason.NOT_PINNED, "certificate verify failed: peer certificate "
                        + CertificateText.subject(leaf) + " (SHA-256 fingerprint " + CertificateText.fingerprint(leaf)
                        + ") is not in " + trust.trustSource() + " (verifyPeer)");
            }
            if (!verification.verifyChain()) {
                checkDates(List.of(leaf), now);
                checkPurpose(leaf, peerIsServer);
                if (!trust.crls().isEmpty()) {
                    List<X509Certificate> issuers = new ArrayList<>(trust.certificates());
                    issuers.addAll(Arrays.asList(chain).subList(1, chain.length));
                    checkRevocation(leaf, issuers, false, now);
                }
            }
        }
        if (!subjectChecks.isEmpty() && !subjectChecks.matches(leaf)) {
            throw new PeerVerificationException(Reason.NAME_MISMATCH, subjectChecks.mismatch(leaf));
        }
    }

    /**
     * The chain from the leaf to a trusted certificate, trusted one last. Uses the peer's other
     * certificates as intermediates in any order.
     */
    List<X509Certificate> buildPath(X509Certificate[] chain) throws PeerVerificationException {
        List<X509Certificate> path = new ArrayList<>();
        List<X509Certificate> pool = new ArrayList<>(Arrays.asList(chain).subList(1, chain.length));
        X509Certificate cur = chain[0];
        path.add(cur);
        while (true) {
            if (trust.containsExactly(cur)) {
                return path; // the peer sent a trusted certificate itself (a pinned leaf, an intermediate)
            }
            if (path.size() > MAX_CHAIN) {
                throw new PeerVerificationException(Reason.OTHER, "certificate verify failed: certificate chain too long (more than "
                        + MAX_CHAIN + " certificates)");
            }
            List<X509Certificate> namedInTrust = new ArrayList<>();
            for (X509Certificate t : trust.certificates()) {
                if (t.getSubjectX500Principal().equals(cur.getIssuerX500Principal())) {
                    namedInTrust.add(t);
                    if (signedBy(cur, t)) {
                        path.add(t);
                        return path;
                    }
                }
            }
            X509Certificate next = null;
            for (X509Certificate c : pool) {
                if (c.getSubjectX500Principal().equals(cur.getIssuerX500Principal()) && !path.contains(c)
                        && signedBy(cur, c)) {
                    next = c;
                    break;
                }
            }
            if (next != null) {
                pool.remove(next);
                path.add(next);
                cur = next;
                continue;
            }
            String source = trust.trustSource();
            if (!namedInTrust.isEmpty()) {
                throw new PeerVerificationException(Reason.BAD_SIGNATURE, "certificate verify failed: certificate signature failure ("
                        + CertificateText.subject(cur) + " is not signed by the key of " + CertificateText.issuer(cur)
                        + " in " + source + ": a different CA with the same name?)");
            }
            if (CertificateText.isSelfSigned(cur)) {
                if (path.size() == 1) {
                    throw new PeerVerificationException(Reason.SELF_SIGNED, "certificate verify failed: self-signed certificate ("
                            + CertificateText.subject(cur) + " is not in " + source + ")");
                }
                throw new PeerVerificationException(Reason.SELF_SIGNED,
                        "certificate verify failed: self-signed certificate in certificate chain (root "
                                + CertificateText.subject(cur) + " is not in " + source + ")");
            }
            String of = path.size() == 1 ? "" : " of " + CertificateText.subject(cur);
            throw new PeerVerificationException(Reason.UNKNOWN_ISSUER,
                    "certificate verify failed: unable to get local issuer certificate (issuer "
                            + CertificateText.issuer(cur) + of + " is not in " + source + ")");
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void checkDates(List<X509Certificate> path, Date now) throws PeerVerificationException {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            String role;
            if (i == 0) {
                role = CertificateText.subject(c);
            } else if (i == path.size() - 1) {
                role = "trusted CA " + CertificateText.subject(c) + " in " + trust.trustSource();
            } else {
                role = "intermediate CA " + CertificateText.subject(c);
            }
            if (c.getNotAfter().before(now)) {
                throw new PeerVerificationException(Reason.EXPIRED, "certificate verify failed: certificate expired on "
                        + CertificateText.date(c.getNotAfter()) + " (" + role + ")");
            }
            if (c.getNotBefore().after(now)) {
                throw new PeerVerificationException(Reason.NOT_YET_VALID,
                        "certificate verify failed: certificate not yet valid until "
                                + CertificateText.date(c.getNotBefore()) + " (" + role + ")");
            }
        }
    }

    private static void checkPurpose(X509Certificate leaf, boolean peerIsServer) throws PeerVerificationException {
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new PeerVerificationException(Reason.BAD_PURPOSE, "certificate verify failed: unreadable extendedKeyUsage in "
                    + CertificateText.subject(leaf), e);
        }
        if (eku == null) {
            return;
        }
        String needed = peerIsServer ? SERVER_AUTH : CLIENT_AUTH;
        if (eku.contains(needed) || eku.contains(ANY_EKU)) {
            return;
        }
        List<String> names = eku.stream().map(PeerVerifier::ekuName).toList();
        throw new PeerVerificationException(Reason.BAD_PURPOSE, "certificate verify failed: unsupported certificate purpose ("
                + CertificateText.subject(leaf) + " has extendedKeyUsage " + String.join(", ", names) + "; a TLS "
                + (peerIsServer ? "server certificate needs serverAuth" : "client certificate needs clientAuth") + ")");
    }

    private static String ekuName(String oid) {
        return switch (oid) {
            case SERVER_AUTH -> "serverAuth";
            case CLIENT_AUTH -> "clientAuth";
            case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
            case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
            case "1.3.6.1.5.5.7.3.8" -> "timeStamping";
            case "1.3.6.1.5.5.7.3.9" -> "OCSPSigning";
            default -> oid;
        };
    }

    private static PeerVerificationException explainPkix(CertificateException e, X509Certificate leaf) {
        Throwable t = e;
        CertPathValidatorException cpve = null;
        while (t != null) {
            if (t instanceof CertPathValidatorException c) {
                cpve = c;
                break;
            }
            t = t.getCause();
        }
        String detail = e.getMessage();
        if (cpve != null) {
            String subject = "";
            if (cpve.getCertPath() != null && cpve.getIndex() >= 0
                    && cpve.getIndex() < cpve.getCertPath().getCertificates().size()) {
                subject = CertificateText.subject(
                        (X509Certificate) cpve.getCertPath().getCertificates().get(cpve.getIndex()));
            } else {
                subject = CertificateText.subject(leaf);
            }
            String m = cpve.getMessage();
            if (cpve.getReason() == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
                detail = "the JVM refuses an algorithm in the chain (" + m + "; see jdk.certpath.disabledAlgorithms) at " + subject;
            } else if (cpve.getReason() == PKIXReason.NOT_CA_CERT) {
                detail = "invalid CA certificate: " + subject + " is not a CA (basicConstraints)";
            } else if (cpve.getReason() == PKIXReason.PATH_TOO_LONG) {
                detail = "path length constraint exceeded at " + subject;
            } else if (cpve.getReason() == PKIXReason.INVALID_KEY_USAGE) {
                detail = "key usage of " + subject + " does not allow this use (" + m + ")";
            } else {
                detail = m + " (" + subject + ")";
            }
        } else if (detail != null && detail.toLowerCase(Locale.ROOT).contains("usage")) {
            detail = detail + " (" + CertificateText.subject(leaf) + ")";
        }
        return new PeerVerificationException(Reason.OTHER, "certificate verify failed: " + detail, e);
    }

    private void checkRevocation(X509Certificate cert, List<X509Certificate> issuerCandidates, boolean required,
            Date now) throws PeerVerificationException {
        String source = trust.crlSource();
        List<X509CRL> named = new ArrayList<>();
        for (X509CRL crl : trust.crls()) {
            if (crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                named.add(crl);
            }
        }
        if (named.isEmpty()) {
            if (required) {
                throw new PeerVerificationException(Reason.CRL_MISSING, "certificate verify failed: unable to get certificate CRL ("
                        + source + " has no CRL from " + CertificateText.issuer(cert) + ", the issuer of "
                        + CertificateText.subject(cert) + ")");
            }
            return;
        }
        X509CRL best = null;
        for (X509CRL crl : named) {
            for (X509Certificate issuer : issuerCandidates) {
                if (!issuer.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                    continue;
                }
                try {
                    crl.verify(issuer.getPublicKey());
                } catch (Exception e) {
                    continue;
                }
                if (best == null || crl.getThisUpdate().after(best.getThisUpdate())) {
                    best = crl;
                }
            }
        }
        if (best == null) {
            if (!required && issuerCandidates.stream()
                    .noneMatch(i -> i.getSubjectX500Principal().equals(cert.getIssuerX500Principal()))) {
                return; // verifyPeer without the issuer at hand: nothing to check the CRL with
            }
            throw new PeerVerificationException(Reason.CRL_INVALID, "certificate verify failed: CRL signature failure (the CRL from "
                    + CertificateText.issuer(cert) + " in " + source + " is not signed by that CA's key)");
        }
        if (best.getNextUpdate() != null && best.getNextUpdate().before(now)) {
            throw new PeerVerificationException(Reason.CRL_EXPIRED, "certificate verify failed: CRL has expired (the CRL from "
                    + CertificateText.issuer(cert) + " in " + source + " had nextUpdate "
                    + CertificateText.date(best.getNextUpdate()) + ")");
        }
        if (best.getThisUpdate().after(now)) {
            throw new PeerVerificationException(Reason.CRL_EXPIRED, "certificate verify failed: CRL is not yet valid (the CRL from "
                    + CertificateText.issuer(cert) + " in " + source + " has thisUpdate "
                    + CertificateText.date(best.getThisUpdate()) + ")");
        }
        X509CRLEntry entry = best.getRevokedCertificate(cert);
        if (entry != null) {
            CRLReason why = entry.getRevocationReason();
            throw new PeerVerificationException(Reason.REVOKED, "certificate verify failed: certificate revoked (serial "
                    + CertificateText.serial(cert) + ", " + CertificateText.subject(cert) + ", revoked on "
                    + CertificateText.date(entry.getRevocationDate())
                    + (why == null ? "" : ", reason " + reasonName(why)) + "; " + source + ")");
        }
    }

    private static String reasonName(CRLReason r) {
        return switch (r) {
            case UNSPECIFIED -> "unspecified";
            case KEY_COMPROMISE -> "keyCompromise";
            case CA_COMPROMISE -> "cACompromise";
            case AFFILIATION_CHANGED -> "affiliationChanged";
            case SUPERSEDED -> "superseded";
            case CESSATION_OF_OPERATION -> "cessationOfOperation";
            case CERTIFICATE_HOLD -> "certificateHold";
            case REMOVE_FROM_CRL -> "removeFromCRL";
            case PRIVILEGE_WITHDRAWN -> "privilegeWithdrawn";
            case AA_COMPROMISE -> "aACompromise";
            default -> r.name();
        };
    }
}
