package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.CertificateBuilder;
import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.OutputFiles;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tunnel pki ca}: a self-signed root CA. */
@Command(name = "ca",
        sortOptions = false,
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Create a self-signed root CA.",
        description = "The CA certificate has basicConstraints CA:TRUE (critical) and the key usages "
                + "keyCertSign and cRLSign. Writes the certificate (0644) and the private key (0600) to "
                + "separate files, or both to one file with --out.")
public final class PkiCaCommand extends PkiSupport {

    @Option(names = "--subject", paramLabel = "DN", defaultValue = "CN=TinyNetCA,O=tinynet.edu",
            description = "Subject, most specific first (default: ${DEFAULT-VALUE}).")
    String subject;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec",
            description = "ec (P-256, default), ec-p384, rsa2048, rsa3072 or ed25519.")
    String keyType;

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default 3650).")
    Integer days;

    @Option(names = "--not-before", paramLabel = "TIME", description = "Start of validity (default: now).")
    String notBefore;

    @Option(names = "--not-after", paramLabel = "TIME", description = "End of validity (instead of --days).")
    String notAfter;

    @Option(names = "--path-length", paramLabel = "N",
            description = "pathLenConstraint: how many intermediate CAs may follow (default: no limit).")
    Integer pathLength;

    @Option(names = "--cert", paramLabel = "FILE", defaultValue = "ca.pem",
            description = "Where to write the CA certificate (default: ${DEFAULT-VALUE}).")
    Path certFile;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Where to write the CA private key (default: CERT's name with -key, e.g. ca-key.pem).")
    Path keyFile;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write key and certificate to this one file instead of --cert and --key.")
    Path combinedFile;

    @Option(names = "--key-password", paramLabel = "PASS",
            description = "Encrypt the written private key (PKCS#8, AES-256) with this password.")
    String keyPassword;

    @Option(names = "--force", description = "Overwrite existing files.")
    boolean force;

    @Override
    int run() throws PkiException, UserError {
        KeyType type = keyType(keyType);
        Instant[] window = validity(days, notBefore, notAfter, 3650);
        char[] pw = password(keyPassword, "--key-password");
        if (subject.isBlank()) {
            throw new UserError("--subject must not be empty");
        }
        if (pathLength != null && pathLength < 0) {
            throw new UserError("--path-length " + pathLength + ": must be 0 or more");
        }
        CertificateBuilder.parseDn(subject); // reports a malformed DN before any key is generated
        CertificateBuilder b = CertificateBuilder.ca(subject).keyType(type).validity(window[0], window[1]);
        if (pathLength != null) {
            b.pathLength(pathLength);
        }
        OutputFiles files = new OutputFiles();
        KeyMaterial ca = b.build();
        if (combinedFile != null) {
            files.addPrivate(combinedFile, Pem.privateKey(ca.privateKey(), pw) + Pem.certificates(ca.chain()));
        } else {
            Path kf = keyFile != null ? keyFile : siblingKeyFile(certFile);
            files.addPublic(certFile, Pem.certificates(ca.chain()));
            files.addPrivate(kf, Pem.privateKey(ca.privateKey(), pw));
        }
        files.commit(force);
        var cert = ca.certificate();
        out().printf("CA %s (%s), valid %s to %s%n", Certificates.subject(cert),
                KeyType.describe(cert.getPublicKey()), Certificates.time(cert.getNotBefore().toInstant()),
                Certificates.time(cert.getNotAfter().toInstant()));
        if (combinedFile != null) {
            out().printf("  %s  key and certificate (0600)%n", combinedFile);
        } else {
            out().printf("  %s  certificate (0644): give it to clients and servers as CAfile%n", certFile);
            out().printf("  %s  private key (0600): keep it secret%n", keyFile != null ? keyFile : siblingKeyFile(certFile));
        }
        return ExitCodes.OK;
    }
}
