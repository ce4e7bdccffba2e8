package edu.tinynet.tunnel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tunnel}: the root command. Subcommands are registered here. */
@Command(name = "tunnel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "stunnel-compatible TLS tunnel, with a certificate toolkit for the TinyNet lab.",
        subcommands = {PkiCommand.class})
public final class TunnelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
