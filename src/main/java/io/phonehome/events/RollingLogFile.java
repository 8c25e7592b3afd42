package io.phonehome.events;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A log file rolled by logback: daily and at {@code maxFile} into {@code <name>.<date>.<n>.log.gz}
 * beside it, keeping {@link LogRetention#keepDays()} days and at most
 * {@link LogRetention#totalCapMb()} MB of those, so that no flood can fill the disk. The active
 * file keeps its name (the one fail2ban or an operator watches); each line is flushed as it is
 * written.
 */
final class RollingLogFile {
    static final int MAX_FILE_MB = 10;

    private RollingLogFile() {
    }

    /** A started appender for {@code file} writing lines of {@code pattern}, or null when the file cannot be opened. */
    static RollingFileAppender<ILoggingEvent> open(LoggerContext context, String name, Path file, String pattern, FileSize maxFile,
                                                   LogRetention retention) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return open(context, name, file, encoder, maxFile, retention);
    }

    /** As above, with one JSON object per line (logback's own {@link JsonEncoder}: message, level, logger, thread, exception). */
    static RollingFileAppender<ILoggingEvent> openJson(LoggerContext context, String name, Path file, FileSize maxFile, LogRetention retention) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.start();
        return open(context, name, file, encoder, maxFile, retention);
    }

    private static RollingFileAppender<ILoggingEvent> open(LoggerContext context, String name, Path file, Encoder<ILoggingEvent> encoder,
                                                           FileSize maxFile, LogRetention retention) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setImmediateFlush(true);
        appender.setEncoder(encoder);

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        String fileName = file.getFileName().toString();
        String stem = fileName.endsWith(".log") ? fileName.substring(0, fileName.length() - 4) : fileName;
        policy.setFileNamePattern(file.resolveSibling(stem + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(maxFile);
        policy.setMaxHistory(retention.keepDays());
        policy.setTotalSizeCap(FileSize.valueOf(retention.totalCapMb() + "MB"));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        return appender.isStarted() ? appender : null;
    }
}
