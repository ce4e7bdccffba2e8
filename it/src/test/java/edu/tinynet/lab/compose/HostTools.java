package edu.tinynet.lab.compose;

import org.junit.jupiter.api.Assumptions;

/** The Debian tools the host-side tests run (scripts/install-deps.sh installs them). */
final class HostTools {

    private HostTools() {
    }

    /** Aborts the test (fails it with CI=true) when one of the programs is not on the PATH. */
    static void require(String... programs) {
        for (String p : programs) {
            if (!Commands.onPath(p)) {
                String why = p + " is not installed (scripts/install-deps.sh installs it)";
                if (ComposeLab.isCi()) {
                    throw new AssertionError("CI=true and " + why);
                }
                Assumptions.abort(why);
            }
        }
    }
}
