package edu.tinynet.tunnel.pki;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A CA's revocation list, with the CRL file itself as the only state: {@link #load} reads the
 * entries and the CRL number from the existing CRL (after checking that this CA signed it),
 * {@link #revoke} adds entries, and {@link #write} signs a new CRL with the next number and writes
 * it atomically (mode 0644) over the old one. There is no separate database to lose or get out of
 * step, and the published file is exactly what stunnel's {@code CRLfile} and
 * {@code openssl verify -CRLfile} read.
 *
 * <pre>{@code
 * RevocationList crl = RevocationList.load(dir.resolve("ca.crl"), ca.certificate());
 * crl.revoke(leaf.certificate().getSerialNumber(), Crls.Reason.KEY_COMPROMISE, Instant.now());
 * crl.write(dir.resolve("ca.crl"), ca, Duration.ofDays(30));
 * }</pre>
 */
public final class RevocationList {

    private final X509Certificate ca;
    private final List<Crls.Entry> entries;
    private final BigInteger lastNumber;
    private final X509CRL previous;

    private RevocationList(X509Certificate ca, List<Crls.Entry> entries, BigInteger lastNumber, X509CRL previous) {
        this.ca = ca;
        this.entries = new ArrayList<>(entries);
        this.lastNumber = lastNumber;
        this.previous = previous;
    }

    /** An empty list for {@code ca}. */
    public static RevocationList empty(X509Certificate ca) {
        return new RevocationList(ca, List.of(), BigInteger.ZERO, null);
    }

    /**
     * The list published in {@code crlFile}, or an empty one when the file does not exist.
     *
     * @throws PkiException when the file is not a CRL or was not issued by {@code ca}
     */
    public static RevocationList load(Path crlFile, X509Certificate ca) throws PkiException {
        if (!Files.exists(crlFile)) {
            return empty(ca);
        }
        X509CRL crl = Pem.readCrl(crlFile);
        Crls.requireIssuedBy(crl, ca, crlFile.toString());
        BigInteger n = Crls.number(crl);
        return new RevocationList(ca, Crls.entries(crl), n == null ? BigInteger.ZERO : n, crl);
    }

    /** The CRL this list was loaded from, if any. */
    public Optional<X509CRL> previous() {
        return Optional.ofNullable(previous);
    }

    /** The CRL number of the loaded CRL (0 for a new list). */
    public BigInteger lastNumber() {
        return lastNumber;
    }

    /** The revoked certificates, oldest first. */
    public List<Crls.Entry> entries() {
        return List.copyOf(entries);
    }

    /** The entry for {@code serial}, if revoked. */
    public Optional<Crls.Entry> find(BigInteger serial) {
        return entries.stream().filter(e -> e.serial().equals(serial)).findFirst();
    }

    /**
     * Adds a serial number. Returns false (and changes nothing) when it is already on the list.
     */
    public boolean revoke(BigInteger serial, Crls.Reason reason, Instant when) {
        Objects.requireNonNull(serial, "serial");
        if (find(serial).isPresent()) {
            return false;
        }
        entries.add(new Crls.Entry(serial, when.truncatedTo(ChronoUnit.SECONDS), reason));
        return true;
    }

    /**
     * Adds a certificate this CA issued.
     *
     * @throws PkiException when {@code cert} was not issued by this list's CA
     */
    public boolean revoke(X509Certificate cert, Crls.Reason reason, Instant when, String source) throws PkiException {
        if (!Certificates.issuedBy(cert, ca)) {
            throw new PkiException(source + ": " + Certificates.subject(cert) + " was not issued by the CA "
                    + Certificates.subject(ca) + " (its issuer is " + Certificates.issuer(cert) + ")");
        }
        return revoke(cert.getSerialNumber(), reason, when);
    }

    /**
     * Signs the next CRL: number = last + 1, thisUpdate = now, nextUpdate = now + {@code validFor}.
     */
    public X509CRL sign(KeyMaterial caKey, Duration validFor) {
        if (!caKey.certificate().equals(ca)) {
            throw new IllegalArgumentException("the signing CA " + Certificates.subject(caKey.certificate())
                    + " is not the CA of this list (" + Certificates.subject(ca) + ")");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return Crls.sign(caKey, lastNumber.add(BigInteger.ONE), now, now.plus(validFor), entries);
    }

    /** Signs the next CRL and writes it to {@code crlFile} as PEM, atomically, mode 0644. */
    public X509CRL write(Path crlFile, KeyMaterial caKey, Duration validFor) throws PkiException {
        X509CRL crl = sign(caKey, validFor);
        KeyFiles.writePublic(crlFile, Pem.crl(crl).getBytes(StandardCharsets.US_ASCII), true);
        return crl;
    }
}
