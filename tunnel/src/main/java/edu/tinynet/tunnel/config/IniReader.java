package edu.tinynet.tunnel.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * First parsing stage: stunnel.conf lines to {@link RawSection}s, without interpreting options.
 *
 * <p>Syntax: empty lines; {@code ;} or {@code #} comment lines; {@code [name]} section headers;
 * {@code name = value} (split at the first {@code =}, both sides trimmed). A UTF-8 byte order mark is
 * skipped. {@code include = DIR} is expanded in place: the regular files in DIR (relative to the
 * including file's directory) are read in alphabetical order of their names, and their lines keep
 * their own file name and line numbers. Problems are collected, never thrown.
 */
public final class IniReader {

    /** Deepest include nesting before "Include stack overflow". */
    public static final int MAX_INCLUDE_DEPTH = 10;

    /** What was read: sections (the global one first, possibly empty) and every problem found. */
    public record Result(List<RawSection> sections, List<Diagnostic> diagnostics) {
        public Result {
            sections = List.copyOf(sections);
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private final List<RawSection> sections = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private String sectionName;
    private SourceLocation sectionHeader;
    private List<RawEntry> entries = new ArrayList<>();

    private IniReader() {
    }

    /** Reads {@code file} (UTF-8). An unreadable file gives an error diagnostic and no sections. */
    public static Result read(Path file) {
        IniReader reader = new IniReader();
        try {
            reader.lines(readText(file), file, 0);
        } catch (IOException e) {
            reader.diagnostics.add(new Diagnostic(Diagnostic.ERROR, null, null,
                    "Cannot open configuration file " + file + ": " + describe(e)));
        }
        return reader.finish();
    }

    /** Reads {@code text} as if it were the content of {@code pretendFile} (used in messages and for includes). */
    public static Result read(String text, Path pretendFile) {
        IniReader reader = new IniReader();
        reader.lines(text, pretendFile, 0);
        return reader.finish();
    }

    private static String readText(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private Result finish() {
        closeSection();
        return new Result(sections, diagnostics);
    }

    private void lines(String text, Path file, int depth) {
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = content.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            line(lines[i].strip(), file, i + 1, depth);
        }
    }

    private void line(String line, Path file, int lineNo, int depth) {
        if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
            return;
        }
        SourceLocation where = new SourceLocation(file, lineNo, line);
        if (line.startsWith("[") && line.endsWith("]")) {
            String name = line.substring(1, line.length() - 1).strip();
            if (name.isEmpty()) {
                diagnostics.add(new Diagnostic(Diagnostic.ERROR, where, null, "Empty service name"));
                return;
            }
            closeSection();
            sectionName = name;
            sectionHeader = where;
            return;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            diagnostics.add(new Diagnostic(Diagnostic.ERROR, where, null, "No '=' found"));
            return;
        }
        RawEntry entry = new RawEntry(file, lineNo, line, line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        if (entry.key().equalsIgnoreCase(Options.INCLUDE.name())) {
            include(entry, depth);
        } else {
            entries.add(entry);
        }
    }

    private void include(RawEntry entry, int depth) {
        SourceLocation where = entry.location();
        if (depth >= MAX_INCLUDE_DEPTH) {
            diagnostics.add(new Diagnostic(Diagnostic.ERROR, where, null,
                    "Include stack overflow: recursive includes suspected"));
            return;
        }
        if (entry.value().isEmpty()) {
            diagnostics.add(new Diagnostic(Diagnostic.ERROR, where, null, "Illegal path \"\" for include: a directory is expected"));
            return;
        }
        Path base = entry.file().toAbsolutePath().getParent();
        Path dir;
        try {
            dir = base == null ? Path.of(entry.value()) : base.resolve(entry.value()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            diagnostics.add(new Diagnostic(Diagnostic.ERROR, where, null, "Illegal path \""
                    + entry.value().replace("\0", "\\0") + "\" for include: not a valid file name (" + e.getReason() + ")"));
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            diagnostics.add(new Diagnostic(Diagnostic.ERROR, where, null,
                    "Cannot read include directory " + dir + ": " + describe(e)));
            return;
        }
        if (files.isEmpty()) {
            diagnostics.add(new Diagnostic(Diagnostic.WARNING, where, null, "Include directory " + dir + " has no files"));
        }
        for (Path file : files) {
            try {
                lines(readText(file), file, depth + 1);
            } catch (IOException e) {
                diagnostics.add(new Diagnostic(Diagnostic.ERROR, where, null,
                        "Cannot open included file " + file + ": " + describe(e)));
            }
        }
    }

    private void closeSection() {
        if (sectionName != null || sections.isEmpty()) {
            sections.add(new RawSection(sectionName, sectionHeader, entries));
        }
        entries = new ArrayList<>();
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            return "Permission denied";
        } else if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
