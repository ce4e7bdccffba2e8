package edu.tinynet.tunnel.config;

/** How far this implementation follows stunnel for one option. */
public enum Support {
    /** Implemented with stunnel's meaning. */
    SUPPORTED,
    /** Accepted and used, but the behaviour differs from stunnel in a documented way. */
    APPROXIMATED,
    /**
     * A known stunnel option that is not implemented: an error, or a warning (and the option is ignored)
     * when parsing in lenient mode.
     */
    UNSUPPORTED;

    /** Lower-case label used in {@code --help} and in the check report. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
