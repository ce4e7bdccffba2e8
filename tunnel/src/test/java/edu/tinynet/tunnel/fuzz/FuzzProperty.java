package edu.tinynet.tunnel.fuzz;

import java.time.Duration;

/**
 * The property every fuzz target checks: the code under test either returns or throws the
 * project's own checked exception for bad input (anything else escaping is a bug: a crash a user
 * would see as a stack trace), and it finishes in bounded time.
 */
final class FuzzProperty {

    /** Far above any real input's cost; a hang or a quadratic blow-up on small input exceeds it. */
    // A hang detector, not a speed test: generous, because an encrypted key costs 600,000 PBKDF2 rounds
    // and CI shares two cores; an endless loop still fails.
    static final Duration BOUND = Duration.ofSeconds(60);

    /** The code under test. */
    @FunctionalInterface
    interface Target {
        void run() throws Exception;
    }

    private FuzzProperty() {
    }

    /** Runs {@code target}; {@code expected} is the only exception type it may throw. */
    static void check(String what, Object input, Class<? extends Exception> expected, Target target) {
        long start = System.nanoTime();
        try {
            target.run();
        } catch (Exception e) {
            if (!expected.isInstance(e)) {
                throw new AssertionError(what + " let " + e.getClass().getName() + " escape for input "
                        + describe(input), e);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError(what + " threw " + e.getClass().getSimpleName()
                        + " without a message for input " + describe(input), e);
            }
        }
        long took = System.nanoTime() - start;
        if (took > BOUND.toNanos()) {
            throw new AssertionError(what + " took " + took / 1_000_000 + " ms for input " + describe(input));
        }
    }

    static String describe(Object input) {
        String s = String.valueOf(input);
        s = s.length() > 300 ? s.substring(0, 300) + "... (" + s.length() + " chars)" : s;
        return "\"" + s.replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
}
