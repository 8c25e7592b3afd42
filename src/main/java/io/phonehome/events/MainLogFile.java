package io.phonehome.events;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main log in {@code <data_dir>/logs/phonehome.log} as well as on the console, rolled like the
 * security log ({@link RollingLogFile}). Attached once the settings are known, since the data
 * directory is a setting that logback.xml cannot see; only the {@code serve} command attaches it,
 * so servers that tests start side by side in one JVM keep to the console.
 */
public final class MainLogFile {
    private static final Logger log = LoggerFactory.getLogger(MainLogFile.class);
    /**
     * The console's pattern (logback.xml), with one line per event: line breaks in a message (a
     * peer's text quoted in it) and an exception's stack trace are folded into the line with
     * {@code " | "}, so a line-based reader (grep, a log shipper) sees each event once, whole, and
     * nobody can forge a line.
     */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level [%thread] %logger{24} - %replace(%msg){'[\\r\\n]+', ' | '}"
            // the stack trace: trailing line break dropped, then " | " before it and between its lines
            + "%replace(%replace(%ex{full}){'[\\r\\n\\t]+$', ''}){'^(?=.)|[\\r\\n\\t]+', ' | '}%nopex%n";
    static final String APPENDER = "main-file";

    private MainLogFile() {
    }

    /** As {@link #writeTo(Path, LogRetention)} with the default retention, as text. */
    public static boolean writeTo(Path file) {
        return writeTo(file, LogRetention.DEFAULT);
    }

    /** Adds the file to the root logger; returns false (and says why on the console) when it cannot. */
    public static boolean writeTo(Path file, LogRetention retention) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return false;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) != null) {
            return true;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            log.error("cannot write the log to {}: {}; it goes to the console only", file, e.getMessage());
            return false;
        }
        FileSize maxFile = FileSize.valueOf(RollingLogFile.MAX_FILE_MB + "MB");
        RollingFileAppender<ILoggingEvent> appender = retention.json() ? RollingLogFile.openJson(context, APPENDER, file, maxFile, retention)
                : RollingLogFile.open(context, APPENDER, file, PATTERN, maxFile, retention);
        if (appender == null) {
            log.error("cannot write the log to {}; it goes to the console only", file);
            return false;
        }
        root.addAppender(appender);
        return true;
    }

    /** Detaches and closes the file again (tests that attach it in a shared JVM). */
    public static void stopWriting() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            var appender = root.getAppender(APPENDER);
            if (appender != null) {
                root.detachAppender(appender);
                appender.stop();
            }
        }
    }
}
