package edu.tinynet.tunnel.config;

/**
 * A value that an option cannot take. The message is complete (it names the option) and is shown
 * after the stunnel-style {@code file:line: "raw line": } prefix.
 */
final class OptionValueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unsupported;

    OptionValueException(String message) {
        this(message, false);
    }

    private OptionValueException(String message, boolean unsupported) {
        super(message);
        this.unsupported = unsupported;
    }

    /** A valid stunnel value that this implementation does not implement (a warning in lenient mode). */
    static OptionValueException unsupported(String message) {
        return new OptionValueException(message, true);
    }

    /** True for {@link #unsupported(String)}. */
    boolean isUnsupported() {
        return unsupported;
    }
}
