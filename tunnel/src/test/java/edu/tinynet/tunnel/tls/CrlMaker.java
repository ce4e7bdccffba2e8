package edu.tinynet.tunnel.tls;

import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.Pem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test-only CRL issuing (the pki package has no CRL builder yet). Certificates still come from
 * {@code CertificateBuilder}; this only signs revocation lists with a CA's key.
 */
final class CrlMaker {

    private final KeyMaterial ca;
    private final List<BigInteger> revoked = new ArrayList<>();
    private Instant thisUpdate = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private Instant nextUpdate = thisUpdate.plus(7, ChronoUnit.DAYS);
    private KeyMaterial signer;

    CrlMaker(KeyMaterial ca) {
        this.ca = ca;
        this.signer = ca;
    }

    CrlMaker revoke(KeyMaterial cert) {
        revoked.add(cert.certificate().getSerialNumber());
        return this;
    }

    CrlMaker window(Instant from, Instant to) {
        thisUpdate = from;
        nextUpdate = to;
        return this;
    }

    /** Signs with another key while keeping the CA's name (a forged or mixed-up CRL). */
    CrlMaker signedBy(KeyMaterial other) {
        signer = other;
        return this;
    }

    X509CRL build() throws Exception {
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger s : revoked) {
            b.addCRLEntry(s, Date.from(thisUpdate), CRLReason.keyCompromise);
        }
        b.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(signer.certificate().getPublicKey()));
        b.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.ONE));
        var contentSigner = new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(signer.privateKey()))
                .build(signer.privateKey());
        return new JcaX509CRLConverter().getCRL(b.build(contentSigner));
    }

    Path writePem(Path file) throws Exception {
        Files.writeString(file, Pem.crl(build()), StandardCharsets.US_ASCII);
        return file;
    }

    Path writeDer(Path file) throws Exception {
        Files.write(file, build().getEncoded());
        return file;
    }
}
