package edu.tinynet.tunnel.config;

import java.util.List;

/**
 * A configuration that cannot be used. The message is stunnel style and names the file and line:
 * {@code file:line: "raw line": message}. All errors found are kept, not only the first.
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> errors;

    public ConfigException(List<Diagnostic> errors) {
        super(errors.isEmpty() ? "Configuration failed" : errors.get(0).format());
        this.errors = List.copyOf(errors);
    }

    public ConfigException(Diagnostic error) {
        this(List.of(error));
    }

    public ConfigException(String message) {
        this(new Diagnostic(Diagnostic.ERROR, null, null, message));
    }

    /** Every error found, in file order. */
    public List<Diagnostic> errors() {
        return errors;
    }
}
