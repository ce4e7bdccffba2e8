package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.Crls;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.RevocationList;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tunnel pki revoke}: put certificates on the CA's CRL. */
@Command(name = "revoke",
        sortOptions = false,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Revoke certificates: add them to the CA's CRL.",
        description = "The CRL file is the only state: its entries and CRL number are read back (after "
                + "checking that this CA signed it), the new entries are added, and a CRL with the next "
                + "number is signed and written over it atomically. A serial number that is already revoked "
                + "is reported and left as it is.")
public final class PkiRevokeCommand extends PkiSupport {

    @Mixin
    CaOptions signer;

    @Option(names = "--crl", paramLabel = "FILE",
            description = "The CRL to update or create (default: CA's name with .crl next to it, e.g. ca.crl).")
    Path crlFile;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Revoke the (first) certificate in this file; it must be issued by the CA. Repeatable.")
    List<Path> certs = new ArrayList<>();

    @Option(names = "--serial", paramLabel = "HEX",
            description = "Revoke this serial number (hex, as 'show' prints it). Repeatable.")
    List<String> serials = new ArrayList<>();

    @Option(names = "--reason", paramLabel = "REASON", defaultValue = "unspecified",
            description = {"unspecified (default), keyCompromise, CACompromise, affiliationChanged,",
                "superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, AACompromise."})
    String reason;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "Days until the CRL's nextUpdate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--allow-insecure-key-file",
            description = "Accept a CA key file that group or others can read (logged as a warning).")
    boolean allowInsecureKeyFile;

    @Override
    int run() throws PkiException, UserError {
        if (certs.isEmpty() && serials.isEmpty()) {
            throw new UserError("nothing to revoke: give --cert FILE or --serial HEX");
        }
        Crls.Reason r = Crls.Reason.fromText(reason);
        if (r == null) {
            throw new UserError("--reason " + reason + ": unknown reason (use keyCompromise, superseded, ...; see --help)");
        }
        if (days <= 0) {
            throw new UserError("--days " + days + ": must be a positive number of days");
        }
        List<BigInteger> serialNumbers = new ArrayList<>();
        for (String s : serials) {
            serialNumbers.add(serial(s));
        }
        List<X509Certificate> revokedCerts = new ArrayList<>();
        for (Path f : certs) {
            revokedCerts.add(Pem.readCertificates(f).get(0));
        }
        KeyMaterial ca = signer.load(this, allowInsecureKeyFile);
        Path crl = crlFile != null ? crlFile : PkiCrlCommand.defaultCrlFile(signer.caFile);
        RevocationList list = RevocationList.load(crl, ca.certificate());
        Instant now = Instant.now();
        List<String> added = new ArrayList<>();
        for (int i = 0; i < revokedCerts.size(); i++) {
            X509Certificate c = revokedCerts.get(i);
            note(list.revoke(c, r, now, certs.get(i).toString()), c.getSerialNumber(),
                    Certificates.subject(c), list, added);
        }
        for (BigInteger s : serialNumbers) {
            note(list.revoke(s, r, now), s, null, list, added);
        }
        if (added.isEmpty()) {
            out().println("nothing new to revoke; " + crl + " left unchanged");
            return ExitCodes.OK;
        }
        X509CRL written = list.write(crl, ca, Duration.ofDays(days));
        for (String a : added) {
            out().println("revoked " + a + ", reason " + r);
        }
        PkiCrlCommand.printSummary(out(), crl, written);
        return ExitCodes.OK;
    }

    private void note(boolean isNew, BigInteger serial, String subject, RevocationList list, List<String> added) {
        String what = "serial " + Certificates.serialHex(serial) + (subject != null ? " (" + subject + ")" : "");
        if (isNew) {
            added.add(what);
        } else {
            out().println("already revoked: " + what + " since "
                    + Certificates.time(list.find(serial).orElseThrow().revokedAt()));
        }
    }
}
