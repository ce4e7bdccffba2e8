package edu.tinynet.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line as printed for users, with /bin/sh, and checks the tools it needs exist. */
final class Shell {

    record Result(int exit, String output) {
    }

    private Shell() {
    }

    static Result run(String commandLine) throws IOException, InterruptedException {
        for (String tool : List.of("ldapsearch", "curl", "openssl")) {
            if (commandLine.startsWith(tool + " ") || commandLine.contains("| " + tool + " ")) {
                requireTool(tool);
            }
        }
        Process p = new ProcessBuilder("/bin/sh", "-c", commandLine).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 60 s: " + commandLine);
        }
        return new Result(p.exitValue(), "$ " + commandLine + "\n" + new String(out, StandardCharsets.UTF_8));
    }

    static void requireTool(String tool) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "command -v " + tool).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new AssertionError(tool + " is not installed: run scripts/install-deps.sh"
                    + " (Debian packages ldap-utils, curl, openssl)");
        }
    }
}
