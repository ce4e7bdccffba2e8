package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.PkiException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The signing CA's options, shared (as a picocli mixin) by {@code pki issue}, {@code revoke} and {@code crl}. */
final class CaOptions {

    @Option(names = "--ca", paramLabel = "FILE", required = true,
            description = "CA certificate (e.g. ca.pem), or a combined CA key+certificate file.")
    Path caFile;

    @Option(names = "--ca-key", paramLabel = "FILE",
            description = "CA private key (default: the key in --ca, else CA's name with -key, e.g. ca-key.pem).")
    Path caKeyFile;

    @Option(names = "--ca-password", paramLabel = "PASS", description = "Password of an encrypted CA key.")
    String caPassword;

    /** Loads the CA certificate and key these options name (see {@link PkiSupport#loadCa}). */
    KeyMaterial load(PkiSupport command, boolean allowInsecureKeyFile) throws PkiException, PkiSupport.UserError {
        return command.loadCa(caFile, caKeyFile, PkiSupport.password(caPassword, "--ca-password"),
                allowInsecureKeyFile);
    }
}
