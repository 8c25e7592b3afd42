package io.phonehome.events;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log: one line per event, fail2ban-friendly, in {@code <data_dir>/logs/security.log}:
 * <pre>2026-11-25T16:14:55.123Z phonehome-security event=auth_failure service=provisioning src=192.0.2.7 mac=001565aabbcc reason=bad_credentials</pre>
 * A fail2ban filter only needs {@code failregex = ^\S+ phonehome-security event=\S+ service=\S+ src=<HOST>}; one that
 * acts on bans alone, {@code ^\S+ phonehome-security event=blocked service=\S+ src=<HOST> reason=\S+ seconds=\d+$}, holds
 * for every service because every ban is written by {@link #banned}.
 * Values are single tokens (spaces and quotes replaced), so a hostile User-Agent or path cannot
 * forge a second entry. Never given a password.
 *
 * <p>The file is written by logback's rolling appender: it rolls over daily and at
 * {@value #MAX_FILE_MB} MB into {@code security.<date>.<n>.log.gz}, keeping {@value #KEEP_DAYS} days and at most
 * {@value #TOTAL_CAP_MB} MB, so a long flood cannot fill the disk; the active file keeps its name,
 * which is the one fail2ban watches. Each line is flushed as it is written, on the caller's thread
 * (nothing queued, so no ban line can be dropped and a reader sees it at once). The appender lives
 * in a logger context of its own: the file's path comes from the data directory, a setting, and
 * several servers in one JVM (the tests) each write their own file.
 */
public final class SecurityLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("phonehome.security");
    static final int MAX_FILE_MB = 10;
    static final int KEEP_DAYS = 30;
    static final int TOTAL_CAP_MB = 1024;

    private final Path file;
    private final LoggerContext context = new LoggerContext();
    /** Writes the file, or null when it could not be opened (then the main log alone has the lines). */
    private final ch.qos.logback.classic.Logger out;

    public SecurityLog(Path file) {
        this(file, FileSize.valueOf(MAX_FILE_MB + "MB"));
    }

    /** @param maxFile the size at which the file rolls over (tests use a small one) */
    SecurityLog(Path file, FileSize maxFile) {
        this.file = file;
        context.setName("phonehome-security");
        context.setMDCAdapter(new LogbackMDCAdapter());
        // the appender reports failures (a full disk...) as status messages: they belong in the main log
        context.getStatusManager().add(status -> {
            if (status.getLevel() == Status.ERROR) {
                log.error("security log {}: {}", file, status.getMessage());
            }
        });
        this.out = open(file, maxFile, context);
    }

    private static ch.qos.logback.classic.Logger open(Path file, FileSize maxFile, LoggerContext context) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            log.error("cannot open security log {}: {}; security events go to the main log only", file, e.getMessage());
            return null;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("security-file");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setImmediateFlush(true);
        appender.setEncoder(encoder);

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        String name = file.getFileName().toString();
        String stem = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
        policy.setFileNamePattern(file.resolveSibling(stem + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(maxFile);
        policy.setMaxHistory(KEEP_DAYS);
        policy.setTotalSizeCap(FileSize.valueOf(TOTAL_CAP_MB + "MB"));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        if (!appender.isStarted()) {
            log.error("cannot open security log {}; security events go to the main log only", file);
            context.stop();
            return null;
        }
        ch.qos.logback.classic.Logger out = context.getLogger("phonehome.security");
        out.setAdditive(false);
        out.setLevel(Level.INFO);
        out.addAppender(appender);
        return out;
    }

    /**
     * @param event   e.g. {@code auth_failure}, {@code unknown_mac}, {@code blocked}
     * @param service {@code provisioning}, {@code sip}, {@code admin}
     * @param source  the remote address
     * @param fields  further key/value pairs (insertion order kept)
     */
    public void write(String event, String service, String source, Map<String, String> fields) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(Instant.now().truncatedTo(ChronoUnit.MILLIS)).append(" phonehome-security event=").append(token(event))
                .append(" service=").append(token(service)).append(" src=").append(token(source));
        for (Map.Entry<String, String> e : fields.entrySet()) {
            sb.append(' ').append(token(e.getKey())).append('=').append(token(e.getValue()));
        }
        String line = sb.toString();
        log.warn(line);
        if (out != null) {
            out.info(line);
        }
    }

    public void write(String event, String service, String source, String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        write(event, service, source, m);
    }

    /**
     * The one line every ban writes, whichever service blocked the address, so that a single
     * fail2ban filter (see the class comment) covers provisioning, firmware, admin and SIP alike.
     *
     * @param reason  why, e.g. {@code too_many_failures}, {@code scanner}
     * @param seconds how long the address stays blocked
     */
    public void banned(String service, String source, String reason, long seconds) {
        write("blocked", service, source, "reason", reason, "seconds", Long.toString(seconds));
    }

    static String token(String v) {
        if (v == null || v.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(v.length(), 128));
        for (int i = 0; i < v.length() && sb.length() < 128; i++) {
            char c = v.charAt(i);
            sb.append(c <= 0x20 || c == '"' || c == '\'' || c == '=' || c >= 0x7f ? '_' : c);
        }
        return sb.toString();
    }

    public Path file() {
        return file;
    }

    /** Flushes and closes the file; later lines go to the main log only. */
    @Override
    public void close() {
        context.stop();
    }
}
