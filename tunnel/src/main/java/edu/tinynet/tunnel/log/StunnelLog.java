package edu.tinynet.tunnel.log;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The log sink, in stunnel's format: {@code YYYY.MM.DD HH:MM:SS LOG<level>[<id>]: text}, where the
 * id is {@code ui} for the main thread and the connection number for connection lines. Writes to
 * a file ({@code output}, appended or overwritten, reopened on SIGUSR1) and/or stderr.
 *
 * <p>No filtering here: callers decide by level (global or per service). Control characters in the
 * text are replaced, so a peer cannot forge log lines through a certificate subject or a message.
 * Thread-safe.
 */
public final class StunnelLog implements Closeable {

    public static final int EMERG = 0;
    public static final int ALERT = 1;
    public static final int CRIT = 2;
    public static final int ERR = 3;
    public static final int WARNING = 4;
    public static final int NOTICE = 5;
    public static final int INFO = 6;
    public static final int DEBUG = 7;

    /** The id of lines that belong to no connection. */
    public static final String UI = "ui";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss");

    private final Path file;
    private final PrintStream stderr;
    private Writer out;
    private boolean append;

    private StunnelLog(Path file, boolean append, PrintStream stderr) throws IOException {
        this.file = file;
        this.append = append;
        this.stderr = stderr;
        if (file != null) {
            open();
        }
    }

    /** Lines go to {@code err} only. */
    public static StunnelLog toStream(PrintStream err) {
        try {
            return new StunnelLog(null, true, err);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Lines go to {@code file} (appended, or truncated once when {@code append} is false) and, when
     * {@code alsoTo} is not null, there too.
     */
    public static StunnelLog toFile(Path file, boolean append, PrintStream alsoTo) throws IOException {
        return new StunnelLog(file, append, alsoTo);
    }

    private void open() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING));
        append = true; // a reopen (log rotation) never truncates
    }

    /** Writes one line. */
    public void log(int level, String id, String text) {
        String line = format(LocalDateTime.now(), level, id, text);
        synchronized (this) {
            if (out != null) {
                try {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                } catch (IOException e) {
                    if (stderr != null) {
                        stderr.println(format(LocalDateTime.now(), ERR, UI, "cannot write log file " + file + ": "
                                + e.getMessage()));
                    }
                }
            }
            if (stderr != null) {
                stderr.println(line);
            }
        }
    }

    /** {@link #log} with the {@code ui} id. */
    public void log(int level, String text) {
        log(level, UI, text);
    }

    /** Closes and opens the file again (after log rotation moved it). No-op without a file. */
    public synchronized void reopen() throws IOException {
        if (file == null) {
            return;
        }
        if (out != null) {
            out.close();
        }
        open();
    }

    /** The log file, or null. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** One line in stunnel's format. */
    public static String format(LocalDateTime time, int level, String id, String text) {
        return TIME.format(time) + " LOG" + level + "[" + id + "]: " + sanitize(text);
    }

    static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(text.length());
                    sb.append(text, 0, i);
                }
                sb.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : '?');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
