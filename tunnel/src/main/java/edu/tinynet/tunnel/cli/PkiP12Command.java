package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.OutputFiles;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.pki.Pkcs12;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tunnel pki p12}: PKCS#12 export and import. */
@Command(name = "p12",
        synopsisSubcommandLabel = "(export | import)",
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        header = "Convert between PEM and PKCS#12 (.p12) files.",
        description = "export: key + chain (PEM) to a password-protected .p12; import: .p12 to PEM.",
        subcommands = {PkiP12Command.Export.class, PkiP12Command.Import.class})
public final class PkiP12Command implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    /** {@code tunnel pki p12 export}. */
    @Command(name = "export",
            sortOptions = false,
            synopsisHeading = "%nUsage: ",
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n",
            header = "Write a key and its chain as a PKCS#12 file.",
            description = "The key is protected with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and the file "
                    + "with an HMAC-SHA256 integrity check, which OpenSSL 3 and Java read. Mode 0600.")
    public static final class Export extends PkiSupport {

        @Option(names = "--in", paramLabel = "FILE", required = true,
                description = "PEM with the certificate chain (leaf first) and, unless --in-key, the key (Site_Cert.pem).")
        Path in;

        @Option(names = "--in-key", paramLabel = "FILE", description = "Private key file, when not in --in.")
        Path inKey;

        @Option(names = "--in-password", paramLabel = "PASS", description = "Password of an encrypted input key.")
        String inPassword;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The .p12 file to write.")
        Path out;

        @Option(names = "--password", paramLabel = "PASS", required = true,
                description = "Password protecting the .p12 file: " + PASSWORD_FORMS + ".")
        String password;

        @Option(names = "--alias", paramLabel = "NAME",
                description = "Entry name (friendlyName) (default: the certificate's CN).")
        String alias;

        @Option(names = "--force", description = "Overwrite an existing file.")
        boolean force;

        @Option(names = "--allow-insecure-key-file",
                description = "Accept a key file that group or others can read (logged as a warning).")
        boolean allowInsecureKeyFile;

        @Override
        int run() throws PkiException, UserError {
            char[] pw = password(password, "--password");
            if (pw.length == 0) {
                throw new UserError("--password must not be empty");
            }
            KeyMaterial m = Pem.readKeyMaterial(in, inKey, password(inPassword, "--in-password"), allowInsecureKeyFile);
            String name = alias;
            if (name == null) {
                String cn = Certificates.commonName(m.certificate());
                name = cn != null ? cn.toLowerCase(Locale.ROOT) : "key";
            }
            Pkcs12.write(out, m, name, pw, force);
            out().printf("wrote %s (0600): PKCS#12 entry \"%s\" with the key of %s and %d certificate(s)%n", out, name,
                    Certificates.subject(m.certificate()), m.chain().size());
            return ExitCodes.OK;
        }
    }

    /** {@code tunnel pki p12 import}. */
    @Command(name = "import",
            sortOptions = false,
            synopsisHeading = "%nUsage: ",
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n",
            header = "Write the key and chain of a PKCS#12 file as PEM.",
            description = "Writes one combined file (the key, then the chain: stunnel's Site_Cert.pem) or, "
                    + "with --cert and --key, two separate files.")
    public static final class Import extends PkiSupport {

        @Option(names = "--in", paramLabel = "FILE", required = true, description = "The .p12 file to read.")
        Path in;

        @Option(names = "--password", paramLabel = "PASS",
                description = "Password of the .p12 file: " + PASSWORD_FORMS + ".")
        String password;

        @Option(names = "--alias", paramLabel = "NAME", description = "Which key entry, when the file holds several.")
        String alias;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Combined output: key, then the chain (default Site_Cert.pem unless --cert/--key).")
        Path combinedFile;

        @Option(names = "--cert", paramLabel = "FILE", description = "Write the certificate chain here (with --key).")
        Path certFile;

        @Option(names = "--key", paramLabel = "FILE", description = "Write the private key here (with --cert).")
        Path keyFile;

        @Option(names = "--key-password", paramLabel = "PASS",
                description = "Encrypt the written private key (PKCS#8, AES-256) with this password.")
        String keyPassword;

        @Option(names = "--force", description = "Overwrite existing files.")
        boolean force;

        @Override
        int run() throws PkiException, UserError {
            if ((certFile == null) != (keyFile == null)) {
                throw new UserError(certFile == null ? "--key needs --cert" : "--cert needs --key");
            }
            if (combinedFile != null && certFile != null) {
                throw new UserError("--out (combined file) and --cert/--key (separate files) cannot be used together");
            }
            char[] keyPw = password(keyPassword, "--key-password");
            KeyMaterial m = Pkcs12.read(in, password(password, "--password"), alias);
            OutputFiles files = new OutputFiles();
            Path combined = combinedFile != null ? combinedFile : (certFile == null ? Path.of("Site_Cert.pem") : null);
            if (combined != null) {
                files.addPrivate(combined, Pem.privateKey(m.privateKey(), keyPw) + Pem.certificates(m.chain()));
            } else {
                files.addPublic(certFile, Pem.certificates(m.chain()));
                files.addPrivate(keyFile, Pem.privateKey(m.privateKey(), keyPw));
            }
            files.commit(force);
            if (combined != null) {
                out().printf("wrote %s (0600): private key + %d certificate(s) of %s%n", combined, m.chain().size(),
                        Certificates.subject(m.certificate()));
            } else {
                out().printf("wrote %s (0644) and %s (0600): %s%n", certFile, keyFile, Certificates.subject(m.certificate()));
            }
            return ExitCodes.OK;
        }
    }
}
