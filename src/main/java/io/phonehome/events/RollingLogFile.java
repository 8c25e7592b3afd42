package io.phonehome.events;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A log file rolled by logback: daily and at {@code maxFile} into {@code <name>.<date>.<n>.log.gz}
 * beside it, keeping {@value #KEEP_DAYS} days and at most {@value #TOTAL_CAP_MB} MB of those, so
 * that no flood can fill the disk. The active file keeps its name (the one fail2ban or an operator
 * watches); each line is flushed as it is written.
 */
final class RollingLogFile {
    static final int MAX_FILE_MB = 10;
    static final int KEEP_DAYS = 30;
    static final int TOTAL_CAP_MB = 1024;

    private RollingLogFile() {
    }

    /** A started appender for {@code file}, or null when the file cannot be opened (the context's status says why). */
    static RollingFileAppender<ILoggingEvent> open(LoggerContext context, String name, Path file, String pattern, FileSize maxFile) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();

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
        policy.setMaxHistory(KEEP_DAYS);
        policy.setTotalSizeCap(FileSize.valueOf(TOTAL_CAP_MB + "MB"));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        return appender.isStarted() ? appender : null;
    }
}
