package edu.tinynet.tunnel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an option's value parser may need besides the text: the option name (for messages), the
 * directory relative paths are resolved against, and a place to put warnings.
 */
final class ValueContext {

    private final String option;
    private final Path baseDir;
    private final boolean defaultValue;
    private final List<String> warnings = new ArrayList<>();

    private ValueContext(String option, Path baseDir, boolean defaultValue) {
        this.option = option;
        this.baseDir = baseDir;
        this.defaultValue = defaultValue;
    }

    /** Context for a value written in a file whose directory is {@code baseDir} (may be null). */
    static ValueContext forFile(String option, Path baseDir) {
        return new ValueContext(option, baseDir, false);
    }

    /** Context for parsing an option's built-in default: no warnings, no base directory. */
    static ValueContext forDefault(String option) {
        return new ValueContext(option, null, true);
    }

    String option() {
        return option;
    }

    /** Resolves a path as written against the configuration file's directory. */
    Path resolve(String path) {
        Path p = Path.of(path);
        return baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    /** Records a warning about the value (ignored while parsing built-in defaults). */
    void warn(String message) {
        if (!defaultValue) {
            warnings.add(message);
        }
    }

    List<String> warnings() {
        return warnings;
    }

    /** {@code Illegal <what> "<value>" for <option>: <hint>}. */
    OptionValueException illegal(String what, String value, String hint) {
        return new OptionValueException("Illegal " + what + " \"" + value + "\" for " + option
                + (hint == null ? "" : ": " + hint));
    }

    /** A stunnel value this implementation does not implement. */
    OptionValueException unsupported(String message) {
        return OptionValueException.unsupported(message);
    }
}
