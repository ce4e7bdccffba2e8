package edu.tinynet.tunnel.config;

import java.nio.file.Path;

/** Where an option or section came from: file, 1-based line and the raw line text. */
public record SourceLocation(Path file, int line, String text) {

    /** {@code file:line: "raw line"} as stunnel prints it. */
    public String describe() {
        return file + ":" + line + ": \"" + text + "\"";
    }

    @Override
    public String toString() {
        return describe();
    }
}
