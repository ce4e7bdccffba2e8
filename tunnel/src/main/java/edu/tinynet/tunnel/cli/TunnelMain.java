package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.tls.TlsDefaults;
import picocli.CommandLine;

/**
 * Entry point of {@code tunnel.jar}. This is the only class that calls {@link System#exit}; all
 * logic lives in {@link #run(String...)}, which returns the exit code so tests can call it.
 */
public final class TunnelMain {

    private TunnelMain() {
    }

    public static void main(String[] args) {
        TlsDefaults.preferServerSessionCache(); // before any TLS context exists
        System.exit(run(args));
    }

    /** Runs the CLI with the given arguments and returns the process exit code. */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    /** The picocli command tree; exposed so tests can capture its output. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new TunnelCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
