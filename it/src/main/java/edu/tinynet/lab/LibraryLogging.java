package edu.tinynet.lab;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Where the libraries' own logging goes when the lab runs from the command line: warnings and
 * errors of ApacheDS, GreenMail, MINA and the fixtures go to a file ({@code WORK/logs/lab.log}),
 * so the console keeps the lab's table, commands and events. The tunnels' own logs are separate
 * ({@code WORK/logs/HOST.log}); a connection problem they report may also show up here as a
 * library's line.
 */
final class LibraryLogging {

    private LibraryLogging() {
    }

    /** Sends WARN and above to {@code file} (appended); false when logback is not the SLF4J provider. */
    static boolean toFile(Path file) throws IOException {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return false;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ctx.reset();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%d{yyyy.MM.dd HH:mm:ss} %-5level %logger{30}: %msg%n");
        enc.start();
        FileAppender<ILoggingEvent> app = new FileAppender<>();
        app.setContext(ctx);
        app.setName("lab-file");
        app.setFile(file.toAbsolutePath().toString());
        app.setAppend(true);
        app.setEncoder(enc);
        app.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(app);
        return true;
    }
}
