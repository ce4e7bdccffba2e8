package edu.tinynet.tunnel.testing;

import edu.tinynet.tunnel.cli.TunnelMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the {@code tunnel} command line in-process (through {@link TunnelMain#newCommandLine()})
 * and captures what it printed.
 *
 * <pre>{@code
 * TunnelCli.Result r = TunnelCli.run("pki", "lab", "--out", dir.toString());
 * assertEquals(0, r.exitCode(), r.err());
 * }</pre>
 */
public final class TunnelCli {

    /** Exit code and captured output of one run. */
    public record Result(int exitCode, String out, String err) {

        /** The non-empty lines printed on stderr. */
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        /** A description for assertion messages. */
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private TunnelCli() {
    }

    /** Runs {@code tunnel ARGS}. */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TunnelMain.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new Result(rc, out.toString(), err.toString());
    }
}
