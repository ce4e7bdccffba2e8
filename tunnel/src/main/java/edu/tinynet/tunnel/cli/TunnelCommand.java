package edu.tinynet.tunnel.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tunnel}: the root command. Subcommands are registered here. */
@Command(name = "tunnel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "stunnel-compatible TLS tunnel, with a certificate toolkit for the TinyNet lab.",
        subcommands = {RunCommand.class, CheckCommand.class, PkiCommand.class})
public final class TunnelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** {@code tunnel CONF} is {@code tunnel run CONF}. */
    @Mixin
    RunCommand.RunOptions run = new RunCommand.RunOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONF",
            description = "Run this stunnel-style configuration (same as: tunnel run CONF).")
    Path config;

    @Override
    public Integer call() {
        if (config != null) {
            return RunCommand.run(config, run, System.err);
        }
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
