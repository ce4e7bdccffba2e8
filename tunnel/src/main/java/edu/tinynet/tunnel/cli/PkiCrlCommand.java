package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.Crls;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.RevocationList;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tunnel pki crl}: write (or refresh) the CA's signed CRL. */
@Command(name = "crl",
        sortOptions = false,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Write or refresh the CA's signed CRL.",
        description = "Signs a CRL with the next CRL number, thisUpdate now and nextUpdate in --days. "
                + "Entries already in the CRL file are kept (after checking that this CA signed it): run it "
                + "to create an empty CRL, or to refresh one before its nextUpdate passes, after which "
                + "verifiers reject it.")
public final class PkiCrlCommand extends PkiSupport {

    @Mixin
    CaOptions signer;

    @Option(names = "--crl", paramLabel = "FILE",
            description = "The CRL to write (default: CA's name with .crl next to it, e.g. ca.crl).")
    Path crlFile;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "Days until nextUpdate (default: ${DEFAULT-VALUE}). Verifiers reject a CRL after it.")
    int days;

    @Option(names = "--allow-insecure-key-file",
            description = "Accept a CA key file that group or others can read (logged as a warning).")
    boolean allowInsecureKeyFile;

    @Override
    int run() throws PkiException, UserError {
        if (days <= 0) {
            throw new UserError("--days " + days + ": must be a positive number of days");
        }
        KeyMaterial ca = signer.load(this, allowInsecureKeyFile);
        Path crl = crlFile != null ? crlFile : defaultCrlFile(signer.caFile);
        RevocationList list = RevocationList.load(crl, ca.certificate());
        X509CRL written = list.write(crl, ca, Duration.ofDays(days));
        printSummary(out(), crl, written);
        return ExitCodes.OK;
    }

    /** {@code ca.pem} -> {@code ca.crl} in the same directory. */
    static Path defaultCrlFile(Path caFile) {
        String name = caFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return caFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".crl");
    }

    static void printSummary(PrintWriter out, Path file, X509CRL crl) {
        int n = Crls.entries(crl).size();
        out.printf("wrote %s (0644): CRL #%s from %s, %d revoked, next update %s%n", file, Crls.number(crl),
                Certificates.dn(crl.getIssuerX500Principal()), n,
                Certificates.time(crl.getNextUpdate().toInstant()));
    }
}
