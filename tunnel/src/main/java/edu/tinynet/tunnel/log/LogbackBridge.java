package edu.tinynet.tunnel.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.function.IntSupplier;
import org.slf4j.LoggerFactory;

/**
 * Routes SLF4J (MINA, Bouncy Castle, our own internals) into the {@link StunnelLog}, at WARN and
 * above only: third-party libraries stay quiet. MINA's I/O processor errors (peer resets, broken
 * pipes: routine for a relay, which reports them itself) go to debug. Stack traces appear only at
 * the global {@code debug = 7}. Does nothing when logback is not the SLF4J provider.
 */
public final class LogbackBridge {

    /** MINA logs peer resets and broken pipes at ERROR here; they are routine for a relay. */
    static final String MINA_IO = "org.apache.mina.core.service.IoProcessor";

    private LogbackBridge() {
    }

    /** True when logback backs SLF4J in this process. */
    public static boolean isAvailable() {
        return LoggerFactory.getILoggerFactory().getClass().getName().equals("ch.qos.logback.classic.LoggerContext");
    }

    /** Replaces logback's configuration with one appender writing to {@code log}. */
    public static void install(StunnelLog log, IntSupplier globalLevel) {
        if (!isAvailable()) {
            return;
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                int level = e.getLevel().toInt() >= Level.ERROR_INT ? StunnelLog.ERR
                        : e.getLevel().toInt() >= Level.WARN_INT ? StunnelLog.WARNING
                        : e.getLevel().toInt() >= Level.INFO_INT ? StunnelLog.INFO : StunnelLog.DEBUG;
                if (e.getLoggerName().startsWith(MINA_IO)) {
                    level = StunnelLog.DEBUG; // routine peer resets, reported by the relay itself
                }
                if (level > globalLevel.getAsInt()) {
                    return;
                }
                StringBuilder text = new StringBuilder(shortName(e.getLoggerName())).append(": ")
                        .append(e.getFormattedMessage());
                IThrowableProxy t = e.getThrowableProxy();
                if (t != null) {
                    text.append(" (").append(t.getClassName()).append(": ").append(t.getMessage()).append(')');
                    if (globalLevel.getAsInt() >= StunnelLog.DEBUG) {
                        for (var frame : t.getStackTraceElementProxyArray()) {
                            text.append(" | ").append(frame.getSTEAsString());
                        }
                    }
                }
                log.log(level, StunnelLog.UI, text.toString());
            }
        };
        appender.setContext(ctx);
        appender.setName("stunnel");
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
