package edu.tinynet.tunnel.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a certificate chain the way a TLS peer would, and says exactly which check failed.
 *
 * <p>The path is built from the leaf (first certificate) through the other certificates given, up
 * to one of the trusted CA certificates (every certificate in the CA file is a trust anchor, as in
 * {@code openssl verify -CAfile} and stunnel's {@code CAfile}). The JDK's PKIX
 * {@link CertPathValidator} then validates the path (signatures, CA constraints, key usage,
 * algorithm constraints). Validity windows (including the CA's own, which PKIX ignores), CRLs,
 * extended key usage and host name, IP and e-mail are checked here so that every failure names the
 * certificate, the dates or the names involved.
 *
 * <pre>{@code
 * ChainVerifier.Result r = ChainVerifier.trusting(caCerts).host("ldap.tinynet.edu").verify(chain);
 * if (!r.ok()) r.failures().forEach(f -> System.err.println(f.message()));
 * }</pre>
 *
 * <p>Revocation: with CRLs given, the leaf needs a current CRL from its issuer (as
 * {@code openssl verify -crl_check}); other certificates in the path are checked when a CRL from
 * their issuer is among those given.
 */
public final class ChainVerifier {

    /** What was checked. */
    public enum Check {
        /** The chain leads to a certificate in the CA file. */
        TRUST,
        /** Every certificate, CA included, is inside its validity window. */
        VALIDITY,
        /** PKIX path validation (signatures, CA flags, key usage, algorithm constraints). */
        PATH,
        /** Not revoked according to the CRLs given. */
        REVOCATION,
        /** The leaf's extended key usage allows the purpose asked for. */
        PURPOSE,
        /** Host name matches a DNS SAN (or the CN when there are none). */
        HOST,
        /** IP address matches an IP SAN. */
        IP,
        /** E-mail address matches an email SAN. */
        EMAIL
    }

    /** One failed check, with a message that names what failed. */
    public record Failure(Check check, String message) {
    }

    /**
     * The outcome.
     *
     * @param path     the certificates from the leaf up to (not including) the anchor
     * @param anchor   the trusted CA certificate the path ends at, or null when untrusted
     * @param failures every failed check, in order; empty when all passed
     * @param passed   one line per check that passed, for reports
     */
    public record Result(List<X509Certificate> path, X509Certificate anchor, List<Failure> failures, List<String> passed) {
        public boolean ok() {
            return failures.isEmpty();
        }

        /** True when some failure is of this kind. */
        public boolean failed(Check check) {
            return failures.stream().anyMatch(f -> f.check() == check);
        }
    }

    private static final int MAX_PATH = 10;

    private final List<X509Certificate> anchors;
    private List<X509CRL> crls = List.of();
    private Instant at;
    private String host;
    private String ip;
    private String email;
    private String purposeOid;

    private ChainVerifier(List<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no trusted CA certificates");
        }
        this.anchors = List.copyOf(anchors);
    }

    /** A verifier that trusts exactly these certificates. */
    public static ChainVerifier trusting(List<X509Certificate> anchors) {
        return new ChainVerifier(anchors);
    }

    /** CRLs to check revocation against (none by default: no revocation check). */
    public ChainVerifier crls(List<X509CRL> list) {
        this.crls = List.copyOf(list);
        return this;
    }

    /** Verify as of this time instead of now. */
    public ChainVerifier at(Instant time) {
        this.at = time;
        return this;
    }

    /** Require the leaf to match this host name (an IP literal is checked against IP SANs). */
    public ChainVerifier host(String name) {
        this.host = name;
        return this;
    }

    /** Require an IP SAN equal to this address. */
    public ChainVerifier ip(String address) {
        this.ip = SubjectAltName.normalizeIp(address);
        return this;
    }

    /** Require an email SAN equal to this address. */
    public ChainVerifier email(String address) {
        this.email = address;
        return this;
    }

    /** Require this extended key usage ({@link Certificates#SERVER_AUTH}, {@link Certificates#CLIENT_AUTH}). */
    public ChainVerifier purpose(String ekuOid) {
        this.purposeOid = ekuOid;
        return this;
    }

    /** Verifies {@code chain}: the leaf first, then any intermediates (their order does not matter). */
    public Result verify(List<X509Certificate> chain) {
        Objects.requireNonNull(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate to verify");
        }
        Instant now = at != null ? at : Instant.now();
        List<Failure> failures = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        X509Certificate leaf = chain.get(0);

        // 1. build the path up to a trust anchor
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate anchor = null;
        if (anchors.contains(leaf)) {
            anchor = leaf; // the certificate itself is trusted (a CA, or a pinned leaf)
        } else {
            path.add(leaf);
            X509Certificate cur = leaf;
            while (path.size() <= MAX_PATH) {
                X509Certificate a = findIssuer(cur, anchors);
                if (a != null) {
                    anchor = a;
                    break;
                }
                X509Certificate next = findIssuer(cur, chain);
                if (next == null || path.contains(next)) {
                    failures.add(new Failure(Check.TRUST, untrusted(cur, leaf)));
                    break;
                }
                path.add(next);
                cur = next;
            }
        }
        if (anchor != null) {
            passed.add("chain: " + describePath(path, anchor));
        }

        // 2. validity of every certificate, the anchor included
        List<X509Certificate> dated = new ArrayList<>(path);
        if (anchor != null && !path.contains(anchor)) {
            dated.add(anchor);
        }
        boolean datesOk = true;
        for (X509Certificate c : dated) {
            String role = c == leaf ? "certificate " : (c == anchor ? "CA certificate " : "intermediate certificate ");
            Instant from = c.getNotBefore().toInstant();
            Instant to = c.getNotAfter().toInstant();
            if (now.isAfter(to)) {
                datesOk = false;
                failures.add(new Failure(Check.VALIDITY, role + Certificates.subject(c) + " has EXPIRED: notAfter "
                        + Certificates.time(to) + " (" + Certificates.span(Duration.between(to, now)) + " ago); valid from "
                        + Certificates.time(from) + " to " + Certificates.time(to)));
            } else if (now.isBefore(from)) {
                datesOk = false;
                failures.add(new Failure(Check.VALIDITY, role + Certificates.subject(c) + " is NOT YET VALID: notBefore "
                        + Certificates.time(from) + " (in " + Certificates.span(Duration.between(now, from))
                        + "); valid from " + Certificates.time(from) + " to " + Certificates.time(to)));
            }
        }
        if (datesOk) {
            passed.add("validity: " + Certificates.subject(leaf) + " valid until " + Certificates.time(
                    leaf.getNotAfter().toInstant()) + " (" + Certificates.validityStatus(leaf, now) + ")");
        }

        // 3. PKIX path validation
        if (anchor != null && !path.isEmpty()) {
            String pkix = pkix(path, anchor, now);
            if (pkix != null) {
                failures.add(new Failure(Check.PATH, pkix));
            }
        }

        // 4. revocation
        if (!crls.isEmpty() && anchor != null) {
            checkRevocation(path, anchor, now, failures, passed);
        }

        // 5. purpose, names
        if (purposeOid != null) {
            if (Certificates.allowsUsage(leaf, purposeOid)) {
                passed.add("purpose: " + purposeName(purposeOid) + " allowed");
            } else {
                failures.add(new Failure(Check.PURPOSE, "certificate " + Certificates.subject(leaf) + " is not for "
                        + purposeName(purposeOid) + ": its extended key usage is "
                        + String.join(", ", Certificates.extendedKeyUsages(leaf))));
            }
        }
        if (host != null) {
            if (Certificates.matchesHost(leaf, host)) {
                passed.add("host: " + host + " matches");
            } else {
                failures.add(new Failure(Check.HOST, "host name mismatch: " + host + " is not among the names in "
                        + Certificates.subject(leaf) + ": " + names(leaf)));
            }
        }
        if (ip != null) {
            if (Certificates.matchesIp(leaf, ip)) {
                passed.add("ip: " + ip + " matches");
            } else {
                failures.add(new Failure(Check.IP, "IP address mismatch: " + ip + " is not among the IP SANs of "
                        + Certificates.subject(leaf) + ": " + names(leaf)));
            }
        }
        if (email != null) {
            if (Certificates.matchesEmail(leaf, email)) {
                passed.add("email: " + email + " matches");
            } else {
                failures.add(new Failure(Check.EMAIL, "e-mail address mismatch: " + email + " is not among the names in "
                        + Certificates.subject(leaf) + ": " + names(leaf)));
            }
        }
        return new Result(List.copyOf(path), anchor, List.copyOf(failures), List.copyOf(passed));
    }

    private static String purposeName(String oid) {
        return switch (oid) {
            case Certificates.SERVER_AUTH -> "TLS server use (serverAuth)";
            case Certificates.CLIENT_AUTH -> "TLS client use (clientAuth)";
            default -> oid;
        };
    }

    private static String names(X509Certificate cert) {
        List<String> sans = Certificates.subjectAltNames(cert);
        return sans.isEmpty() ? "no subjectAltName (subject " + Certificates.subject(cert) + ")" : String.join(", ", sans);
    }

    private static X509Certificate findIssuer(X509Certificate cert, List<X509Certificate> candidates) {
        for (X509Certificate c : candidates) {
            if (c != cert && Certificates.issuedBy(cert, c)) {
                return c;
            }
        }
        return null;
    }

    private String untrusted(X509Certificate cert, X509Certificate leaf) {
        String subject = Certificates.subject(cert);
        String issuer = Certificates.issuer(cert);
        String chained = cert == leaf ? "" : Certificates.subject(leaf) + " chains up to " + subject + ", and ";
        for (X509Certificate a : anchors) {
            if (a.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                String aki = authorityKeyId(cert);
                return "untrusted issuer: " + chained + subject + " names " + issuer + " as its issuer, and the CA file"
                        + " holds a CA of that name, but the signature does not verify with that CA's key (was the CA"
                        + " re-created?" + (aki != null ? " certificate's authority key id " + aki
                                + ", CA's subject key id " + Certificates.subjectKeyId(a) : "") + ")";
            }
        }
        String trusted = " (trusted: " + String.join("; ", anchors.stream().map(Certificates::subject).toList()) + ")";
        if (Certificates.isSelfSigned(cert)) {
            return "untrusted issuer: " + chained + subject + " is self-signed and not in the CA file" + trusted;
        }
        return "untrusted issuer: " + chained + subject + " is issued by " + issuer + ", which is not in the CA file"
                + trusted;
    }

    private static String authorityKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(org.bouncycastle.asn1.x509.Extension.authorityKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        byte[] id = org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifierOctets();
        if (id == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : id) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02X", b));
        }
        return sb.toString();
    }

    private static String describePath(List<X509Certificate> path, X509Certificate anchor) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : path) {
            sb.append(Certificates.subject(c)).append(" <- ");
        }
        sb.append(Certificates.subject(anchor)).append(" (trusted)");
        return sb.toString();
    }

    /** Runs PKIX; returns null when the path is valid, else a message (date failures are reported elsewhere). */
    private static String pkix(List<X509Certificate> path, X509Certificate anchor, Instant now) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
            return null;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
                return null; // reported with dates by the validity check
            }
            int i = e.getIndex();
            String who = i >= 0 && i < path.size() ? Certificates.subject(path.get(i)) : "the chain";
            String detail = e.getMessage();
            if (e.getReason() == PKIXReason.NOT_CA_CERT) {
                return "path: " + who + " is used as an issuer but is not a CA certificate";
            }
            if (e.getReason() == BasicReason.INVALID_SIGNATURE) {
                return "path: the signature on " + who + " does not verify (" + detail + ")";
            }
            if (e.getReason() == BasicReason.ALGORITHM_CONSTRAINED) {
                return "path: " + who + " uses an algorithm the JDK has disabled (" + detail + ")";
            }
            if (e.getReason() == PKIXReason.INVALID_KEY_USAGE) {
                return "path: key usage of " + who + " does not allow this use (" + detail + ")";
            }
            return "path: " + who + ": " + detail;
        } catch (GeneralSecurityException e) {
            return "path: cannot validate: " + e.getMessage();
        }
    }

    private void checkRevocation(List<X509Certificate> path, X509Certificate anchor, Instant now,
            List<Failure> failures, List<String> passed) {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
            X509CRL crl = null;
            X509CRL wrongKey = null;
            for (X509CRL c : crls) {
                if (c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                    if (Crls.issuedBy(c, issuer)) {
                        crl = c;
                        break;
                    }
                    wrongKey = c;
                }
            }
            if (crl == null) {
                if (i == 0) {
                    failures.add(new Failure(Check.REVOCATION, wrongKey != null
                            ? "revocation unknown: the CRL from " + Certificates.subject(issuer)
                                    + " is signed by a different key than that CA's (was the CA re-created?)"
                            : "revocation unknown: no CRL from " + Certificates.subject(issuer)
                                    + " among the CRL files given"));
                }
                continue;
            }
            Instant thisUpdate = crl.getThisUpdate().toInstant();
            Instant nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
            if (now.isBefore(thisUpdate)) {
                failures.add(new Failure(Check.REVOCATION, "revocation unknown: the CRL from " + Certificates.subject(issuer)
                        + " is not yet valid (thisUpdate " + Certificates.time(thisUpdate) + ")"));
                continue;
            }
            if (nextUpdate != null && now.isAfter(nextUpdate)) {
                failures.add(new Failure(Check.REVOCATION, "revocation unknown: the CRL from " + Certificates.subject(issuer)
                        + " has expired (nextUpdate " + Certificates.time(nextUpdate)
                        + "); re-issue it with 'tunnel pki crl'"));
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(cert);
            java.math.BigInteger number = Crls.number(crl);
            String crlName = "CRL" + (number != null ? " #" + number : "") + " from " + Certificates.subject(issuer);
            if (entry != null) {
                failures.add(new Failure(Check.REVOCATION, "certificate " + Certificates.subject(cert) + " (serial "
                        + Certificates.serialHex(cert.getSerialNumber()) + ") is REVOKED since "
                        + Certificates.time(entry.getRevocationDate().toInstant())
                        + (entry.getRevocationReason() != null
                                ? " (reason: " + Crls.Reason.fromCode(entry.getRevocationReason().ordinal()) + ")" : "")
                        + " per " + crlName));
            } else {
                passed.add("revocation: " + Certificates.subject(cert) + " not revoked per " + crlName
                        + (nextUpdate != null ? ", next update " + Certificates.time(nextUpdate) : ""));
            }
        }
    }
}
