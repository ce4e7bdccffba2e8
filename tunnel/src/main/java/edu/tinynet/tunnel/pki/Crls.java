package edu.tinynet.tunnel.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate revocation lists (X.509 v2 CRLs, RFC 5280 section 5): signing, reading entries,
 * checking the issuer. See {@link RevocationList} for the revoke-then-publish workflow.
 */
public final class Crls {

    /** CRL reason codes (RFC 5280 5.3.1), named as OpenSSL names them. */
    public enum Reason {
        UNSPECIFIED(0, "unspecified"),
        KEY_COMPROMISE(1, "keyCompromise"),
        CA_COMPROMISE(2, "CACompromise"),
        AFFILIATION_CHANGED(3, "affiliationChanged"),
        SUPERSEDED(4, "superseded"),
        CESSATION_OF_OPERATION(5, "cessationOfOperation"),
        CERTIFICATE_HOLD(6, "certificateHold"),
        PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
        AA_COMPROMISE(10, "AACompromise");

        private final int code;
        private final String text;

        Reason(int code, String text) {
            this.code = code;
            this.text = text;
        }

        /** The RFC 5280 reason code. */
        public int code() {
            return code;
        }

        /** OpenSSL's name, e.g. {@code keyCompromise}. */
        public String text() {
            return text;
        }

        /** The reason with this OpenSSL name (case-insensitive, {@code -}/{@code _} ignored), or null. */
        public static Reason fromText(String name) {
            String n = name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
            for (Reason r : values()) {
                if (r.text.toLowerCase(Locale.ROOT).equals(n) || r.name().replace("_", "").toLowerCase(Locale.ROOT).equals(n)) {
                    return r;
                }
            }
            return null;
        }

        static Reason fromCode(int code) {
            for (Reason r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            return UNSPECIFIED;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** One revoked certificate. */
    public record Entry(BigInteger serial, Instant revokedAt, Reason reason) {
        public Entry {
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(revokedAt, "revokedAt");
            reason = reason == null ? Reason.UNSPECIFIED : reason;
        }
    }

    private Crls() {
    }

    /**
     * Signs a CRL with the CA's key: version 2, the CA as issuer, authority key identifier,
     * {@code cRLNumber}, {@code thisUpdate}/{@code nextUpdate}, one entry per revoked certificate
     * (with a reasonCode extension unless unspecified).
     *
     * @throws IllegalArgumentException when {@code ca} is not a CA, or its key does not match
     */
    public static X509CRL sign(KeyMaterial ca, BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate,
            List<Entry> entries) {
        X509Certificate caCert = ca.certificate();
        try {
            Certificates.requireCa(caCert, "CRL issuer");
        } catch (PkiException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        boolean[] ku = caCert.getKeyUsage();
        if (ku != null && !ku[6]) {
            throw new IllegalArgumentException("CRL issuer " + Certificates.subject(caCert)
                    + " lacks the cRLSign key usage, so it cannot sign CRLs");
        }
        if (!ca.keyMatchesCertificate()) {
            throw new IllegalArgumentException("the private key does not belong to the CA certificate "
                    + Certificates.subject(caCert));
        }
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate " + nextUpdate + " is not after thisUpdate " + thisUpdate);
        }
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                    X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(Comparator.comparing(Entry::revokedAt).thenComparing(Entry::serial));
            for (Entry e : sorted) {
                b.addCRLEntry(e.serial(), Date.from(e.revokedAt()), e.reason().code());
            }
            b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(caCert));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            var signer = new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(ca.privateKey()))
                    .build(ca.privateKey());
            return new JcaX509CRLConverter().getCRL(b.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot sign CRL: " + e.getMessage(), e);
        }
    }

    private static AuthorityKeyIdentifier authorityKeyId(X509Certificate caCert) throws GeneralSecurityException {
        byte[] ski = caCert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski != null) {
            return new AuthorityKeyIdentifier(
                    SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier());
        }
        return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert.getPublicKey());
    }

    /** The entries of a CRL, oldest first. */
    public static List<Entry> entries(X509CRL crl) {
        Set<? extends X509CRLEntry> revoked = crl.getRevokedCertificates();
        List<Entry> out = new ArrayList<>();
        if (revoked != null) {
            for (X509CRLEntry e : revoked) {
                Reason r = e.getRevocationReason() == null ? Reason.UNSPECIFIED
                        : Reason.fromCode(e.getRevocationReason().ordinal());
                out.add(new Entry(e.getSerialNumber(), e.getRevocationDate().toInstant(), r));
            }
        }
        out.sort(Comparator.comparing(Entry::revokedAt).thenComparing(Entry::serial));
        return out;
    }

    /** The CRL number extension, or null when the CRL has none. */
    public static BigInteger number(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (ext == null) {
            return null;
        }
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getValue();
    }

    /** True when {@code ca} names the CRL's issuer and its key verifies the CRL's signature. */
    public static boolean issuedBy(X509CRL crl, X509Certificate ca) {
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            crl.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Fails unless {@code ca} issued the CRL.
     *
     * @param source the CRL's file name, for the message
     */
    public static void requireIssuedBy(X509CRL crl, X509Certificate ca, String source) throws PkiException {
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new PkiException(source + ": the CRL was issued by " + Certificates.dn(crl.getIssuerX500Principal())
                    + ", not by the CA " + Certificates.subject(ca));
        }
        if (!issuedBy(crl, ca)) {
            throw new PkiException(source + ": the CRL's signature does not verify with the key of CA "
                    + Certificates.subject(ca) + " (same name, different key: was the CA re-created?)");
        }
    }
}
