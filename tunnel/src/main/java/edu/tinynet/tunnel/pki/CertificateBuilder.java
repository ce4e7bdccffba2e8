package edu.tinynet.tunnel.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds X.509 certificates with Bouncy Castle: CAs, server leaves and client leaves. This is the
 * only place in the project that creates certificates; the CLI, tests, fixtures and the lab all
 * use it.
 *
 * <pre>{@code
 * KeyMaterial ca = CertificateBuilder.ca("CN=TinyNetCA,O=tinynet.edu").build();
 * KeyMaterial ldap = CertificateBuilder.server("CN=ldap.tinynet.edu")
 *         .san(SubjectAltName.dns("ldap.tinynet.edu"))
 *         .issuedBy(ca)
 *         .build();
 * }</pre>
 *
 * <p>Serial numbers are random and 128 bits long; subject and authority key identifiers are always
 * present. The validity window is yours to choose, so tests can make expired and not-yet-valid
 * certificates.
 */
public final class CertificateBuilder {

    /** What the certificate is for. */
    public enum Profile { CA, SERVER, CLIENT }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Profile profile;
    private String subject;
    private KeyType keyType = KeyType.DEFAULT;
    private KeyPair keyPair;
    private Instant notBefore;
    private Instant notAfter;
    private Duration validity;
    private KeyMaterial issuer;
    private final List<SubjectAltName> sans = new ArrayList<>();
    private Integer pathLength;
    private boolean alsoClientAuth;

    private CertificateBuilder(Profile profile, String subject) {
        this.profile = Objects.requireNonNull(profile);
        this.subject = Objects.requireNonNull(subject, "subject");
        this.validity = profile == Profile.CA ? Duration.ofDays(3650) : Duration.ofDays(825);
    }

    /** A self-signed root CA (basicConstraints CA critical; keyCertSign and cRLSign). */
    public static CertificateBuilder ca(String subjectDn) {
        return new CertificateBuilder(Profile.CA, subjectDn);
    }

    /** A server leaf (serverAuth EKU). Add SANs with {@link #san}. */
    public static CertificateBuilder server(String subjectDn) {
        return new CertificateBuilder(Profile.SERVER, subjectDn);
    }

    /** A client leaf (clientAuth EKU). */
    public static CertificateBuilder client(String subjectDn) {
        return new CertificateBuilder(Profile.CLIENT, subjectDn);
    }

    /** A builder for the given profile. */
    public static CertificateBuilder of(Profile profile, String subjectDn) {
        return new CertificateBuilder(profile, subjectDn);
    }

    public CertificateBuilder subject(String dn) {
        this.subject = Objects.requireNonNull(dn);
        return this;
    }

    /** Key type of the new key (ignored when {@link #keyPair} is given). Default EC P-256. */
    public CertificateBuilder keyType(KeyType type) {
        this.keyType = Objects.requireNonNull(type);
        return this;
    }

    /** Certify an existing key pair instead of generating one. */
    public CertificateBuilder keyPair(KeyPair pair) {
        this.keyPair = pair;
        return this;
    }

    /** Valid from now (minus one minute of clock skew) for {@code d}. */
    public CertificateBuilder validFor(Duration d) {
        this.validity = Objects.requireNonNull(d);
        this.notBefore = null;
        this.notAfter = null;
        return this;
    }

    /** An explicit validity window; may lie in the past or the future. */
    public CertificateBuilder validity(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("notAfter " + to + " is not after notBefore " + from);
        }
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    public CertificateBuilder san(SubjectAltName... names) {
        sans.addAll(List.of(names));
        return this;
    }

    public CertificateBuilder sans(List<SubjectAltName> names) {
        sans.addAll(names);
        return this;
    }

    /** Adds {@code DNS:} SANs. */
    public CertificateBuilder dns(String... names) {
        for (String n : names) {
            sans.add(SubjectAltName.dns(n));
        }
        return this;
    }

    /** Adds {@code IP:} SANs. */
    public CertificateBuilder ip(String... addresses) {
        for (String a : addresses) {
            sans.add(SubjectAltName.ip(a));
        }
        return this;
    }

    /** Adds {@code email:} SANs. */
    public CertificateBuilder email(String... addresses) {
        for (String a : addresses) {
            sans.add(SubjectAltName.email(a));
        }
        return this;
    }

    /** CA only: pathLenConstraint. */
    public CertificateBuilder pathLength(int length) {
        this.pathLength = length;
        return this;
    }

    /** Server only: also add the clientAuth EKU (for a host that is both a server and a client). */
    public CertificateBuilder alsoClientAuth() {
        this.alsoClientAuth = true;
        return this;
    }

    /** Signed by {@code issuer} (a CA's key and chain). Without it a certificate is self-signed. */
    public CertificateBuilder issuedBy(KeyMaterial issuer) {
        this.issuer = issuer;
        return this;
    }

    /**
     * Creates the key (unless given) and the certificate. The chain of the result is the new
     * certificate followed by the issuer's chain.
     */
    public KeyMaterial build() {
        KeyPair pair = keyPair != null ? keyPair : keyType.generate();
        Instant from = notBefore != null ? notBefore : Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Instant to = notAfter != null ? notAfter : from.plus(validity);
        X500Name subjectName = parseDn(subject);
        X500Name issuerName;
        PrivateKey signingKey;
        PublicKey issuerPublicKey;
        X509Certificate issuerCert = null;
        if (issuer != null) {
            issuerCert = issuer.certificate();
            try {
                Certificates.requireCa(issuerCert, "issuer");
            } catch (PkiException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (!issuer.keyMatchesCertificate()) {
                throw new IllegalArgumentException("issuer: the private key does not belong to the CA certificate "
                        + Certificates.subject(issuerCert));
            }
            issuerName = X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded());
            signingKey = issuer.privateKey();
            issuerPublicKey = issuerCert.getPublicKey();
        } else {
            issuerName = subjectName;
            signingKey = pair.getPrivate();
            issuerPublicKey = pair.getPublic();
        }
        try {
            BigInteger serial = new BigInteger(128, RANDOM).setBit(127); // always 16 bytes, positive
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial,
                    Date.from(from), Date.from(to), subjectName, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            // key identifier only (as openssl's authorityKeyIdentifier=keyid): copied from the issuer's
            // SKI so it matches even when the issuer computed its SKI another way
            b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(ext, issuerCert, issuerPublicKey));
            switch (profile) {
                case CA -> {
                    b.addExtension(Extension.basicConstraints, true,
                            pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
                    b.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                }
                case SERVER, CLIENT -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    int usage = KeyUsage.digitalSignature;
                    if ("RSA".equals(pair.getPublic().getAlgorithm())) {
                        usage |= KeyUsage.keyEncipherment;
                    }
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                    List<KeyPurposeId> ekus = new ArrayList<>();
                    if (profile == Profile.SERVER) {
                        ekus.add(KeyPurposeId.id_kp_serverAuth);
                        if (alsoClientAuth) {
                            ekus.add(KeyPurposeId.id_kp_clientAuth);
                        }
                    } else {
                        ekus.add(KeyPurposeId.id_kp_clientAuth);
                    }
                    b.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(ekus.toArray(new KeyPurposeId[0])));
                }
                default -> throw new IllegalStateException();
            }
            if (!sans.isEmpty()) {
                GeneralName[] names = sans.stream().map(SubjectAltName::toGeneralName).toArray(GeneralName[]::new);
                // critical only when the subject is empty (RFC 5280 4.2.1.6)
                b.addExtension(Extension.subjectAlternativeName, subjectName.getRDNs().length == 0,
                        new GeneralNames(names));
            }
            var signer = new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(signingKey)).build(signingKey);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            if (issuer != null) {
                chain.addAll(issuer.chain());
            }
            return new KeyMaterial(pair.getPrivate(), chain);
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static AuthorityKeyIdentifier authorityKeyId(JcaX509ExtensionUtils ext, X509Certificate issuerCert,
            PublicKey issuerPublicKey) {
        if (issuerCert != null) {
            byte[] ski = issuerCert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            if (ski != null) {
                byte[] id = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ski).getOctets())
                        .getKeyIdentifier();
                return new AuthorityKeyIdentifier(id);
            }
        }
        return new AuthorityKeyIdentifier(ext.createSubjectKeyIdentifier(issuerPublicKey).getKeyIdentifier());
    }

    /**
     * Parses an RFC 4514 DN such as {@code CN=TinyNetCA,O=tinynet.edu}; names the DN when malformed.
     * As in RFC 4514 the left-most RDN is the most specific one, so it is encoded last: the result
     * prints back as the same text in {@link Certificates#dn} and
     * {@link javax.security.auth.x500.X500Principal#getName()}, and openssl shows it as
     * {@code O = tinynet.edu, CN = TinyNetCA}.
     */
    public static X500Name parseDn(String dn) {
        X500Name written;
        try {
            written = new X500Name(BCStyle.INSTANCE, dn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed subject \"" + dn + "\": " + e.getMessage(), e);
        }
        RDN[] rdns = written.getRDNs();
        if (rdns.length == 0 && !dn.isBlank()) {
            throw new IllegalArgumentException("malformed subject \"" + dn + "\": no attribute=value pairs");
        }
        RDN[] encoded = new RDN[rdns.length];
        for (int i = 0; i < rdns.length; i++) {
            encoded[i] = rdns[rdns.length - 1 - i];
        }
        return new X500Name(BCStyle.INSTANCE, encoded);
    }
}
