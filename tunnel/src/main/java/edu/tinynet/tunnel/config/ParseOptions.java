package edu.tinynet.tunnel.config;

/**
 * How strictly a configuration is read.
 *
 * @param lenient when true, known stunnel options (and values) this implementation does not support are
 *                reported as warnings and ignored, so old configurations still load; when false (stunnel's
 *                own stance on options it doesn't know) they are errors
 */
public record ParseOptions(boolean lenient) {

    /** Unsupported options are errors. */
    public static final ParseOptions STRICT = new ParseOptions(false);

    /** Unsupported options are warnings and are ignored. */
    public static final ParseOptions LENIENT = new ParseOptions(true);
}
