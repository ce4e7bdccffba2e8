package edu.tinynet.tunnel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tunnel pki}: the certificate toolkit. */
@Command(name = "pki",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        synopsisHeading = "%nUsage: ",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        header = "Certificate toolkit for the TinyNet lab.",
        description = "Make a CA, issue server and client certificates, inspect and verify them, "
                + "revoke them, and convert to and from PKCS#12. Keys are EC P-256 unless --key-type says "
                + "otherwise (ec-p384, rsa2048, rsa3072, ed25519).",
        commandListHeading = "%nCommands:%n",
        subcommands = {
            PkiLabCommand.class,
            PkiCaCommand.class,
            PkiIssueCommand.class,
            PkiShowCommand.class,
            PkiVerifyCommand.class,
            PkiRevokeCommand.class,
            PkiCrlCommand.class,
            PkiP12Command.class
        },
        footerHeading = "%n",
        footer = {
            "Files: private keys, and Site_Cert.pem which holds one, are written with mode 0600; "
                + "certificates and CRLs with 0644; each through a temporary file and a rename. Existing "
                + "files are never overwritten without --force, and a command that fails writes nothing. "
                + "Loading a private key file that group or others can read fails unless "
                + "--allow-insecure-key-file is given.",
            "",
            "Passwords (--password, --ca-password, ...): pass:TEXT, env:VAR, file:PATH (first line), "
                + "or the password itself.",
            "Times (--not-before, --not-after, --at): 2025-01-31, 2025-01-31T12:00:00Z, now, or relative "
                + "to now: -30d, +12h, -5m.",
            "",
            "Examples:",
            "  tunnel pki lab --out lab-certs",
            "  tunnel pki ca --subject \"CN=TinyNetCA,O=tinynet.edu\"",
            "  tunnel pki issue --ca ca.pem --san DNS:ldap.tinynet.edu,IP:127.0.0.1 \\",
            "      --out ldap/Site_Cert.pem",
            "  tunnel pki issue --ca ca.pem --client --subject \"CN=webserver client\" \\",
            "      --out client/Site_Cert.pem",
            "  tunnel pki show ldap/Site_Cert.pem",
            "  tunnel pki verify --ca-file ca.pem --host ldap.tinynet.edu ldap/Site_Cert.pem",
            "  tunnel pki revoke --ca ca.pem --cert client/Site_Cert.pem",
            "  tunnel pki p12 export --in client/Site_Cert.pem --out client.p12 \\",
            "      --password env:P12_PASSWORD",
            "",
            "Run 'tunnel pki COMMAND --help' for the options of one command."
        })
public final class PkiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
