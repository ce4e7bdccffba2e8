package edu.tinynet.tunnel.cli;

/** Process exit codes used by every command. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The command ran and found a problem (bad input, failed verification, bad config). */
    public static final int FAILURE = 1;
    /** The command line itself was wrong. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
