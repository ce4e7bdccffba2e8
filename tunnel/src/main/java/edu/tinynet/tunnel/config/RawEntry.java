package edu.tinynet.tunnel.config;

import java.nio.file.Path;

/**
 * One {@code name = value} line as read, before any interpretation.
 *
 * @param file    the file the line is in (an included file for lines read through {@code include})
 * @param lineNo  1-based line number in that file
 * @param rawText the line, trimmed, as written
 * @param key     the text before the first {@code =}, trimmed
 * @param value   the text after the first {@code =}, trimmed
 */
public record RawEntry(Path file, int lineNo, String rawText, String key, String value) {

    /** Where the line is, for messages. */
    public SourceLocation location() {
        return new SourceLocation(file, lineNo, rawText);
    }
}
