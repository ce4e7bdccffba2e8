package edu.tinynet.tunnel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.testing.TunnelCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tunnel pki --help} lists every command with a one-line summary; each command has its own help. */
class PkiHelpTest {

    @Test
    void pkiHelpListsEveryCommand() {
        TunnelCli.Result r = TunnelCli.run("pki", "--help");
        assertEquals(0, r.exitCode(), r.toString());
        for (String c : new String[] {"lab", "ca", "issue", "show", "verify", "revoke", "crl", "p12"}) {
            assertTrue(r.out().matches("(?s).*\\n  " + c + " +\\S.*"), c + " missing in:\n" + r.out());
        }
        assertTrue(r.out().contains("Examples:"), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 80), "lines longer than 80 columns:\n" + r.out());
    }

    @Test
    void pkiWithoutCommandShowsUsage() {
        TunnelCli.Result r = TunnelCli.run("pki");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.out().contains("Usage: tunnel pki"), r.out());
    }

    @Test
    void rootHelpListsPki() {
        TunnelCli.Result r = TunnelCli.run("--help");
        assertTrue(r.out().contains("pki"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lab", "ca", "issue", "show", "verify", "revoke", "crl", "p12", "p12 export", "p12 import"})
    void everyCommandHasHelpWithinEightyColumns(String command) {
        String[] words = command.split(" ");
        String[] args = new String[words.length + 2];
        args[0] = "pki";
        System.arraycopy(words, 0, args, 1, words.length);
        args[args.length - 1] = "--help";
        TunnelCli.Result r = TunnelCli.run(args);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Usage: tunnel pki " + command), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 80), "lines longer than 80 columns:\n" + r.out());
    }
}
