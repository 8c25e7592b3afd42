package io.phonehome.events;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
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
 * <p>The file is a {@link RollingLogFile} (daily and at 10 MB; by default 30 days and 1 GB at most,
 * {@link LogRetention}; the active file keeps the name fail2ban watches). It stays in this
 * key=value form when the main log is JSON: fail2ban reads it, and its lines are already single
 * tokens. Each line is flushed as it is written, on the caller's
 * thread (nothing queued, so no ban line can be dropped and a reader sees it at once). The appender lives
 * in a logger context of its own: the file's path comes from the data directory, a setting, and
 * several servers in one JVM (the tests) each write their own file.
 */
public final class SecurityLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("phonehome.security");

    private final Path file;
    private final LoggerContext context = new LoggerContext();
    /** Writes the file, or null when it could not be opened (then the main log alone has the lines). */
    private final ch.qos.logback.classic.Logger out;

    public SecurityLog(Path file) {
        this(file, LogRetention.DEFAULT);
    }

    /** @param retention how long and how much of the rolled files is kept (its format is the main log's; this file stays key=value) */
    public SecurityLog(Path file, LogRetention retention) {
        this(file, FileSize.valueOf(RollingLogFile.MAX_FILE_MB + "MB"), retention);
    }

    /** @param maxFile the size at which the file rolls over (tests use a small one) */
    SecurityLog(Path file, FileSize maxFile) {
        this(file, maxFile, LogRetention.DEFAULT);
    }

    private SecurityLog(Path file, FileSize maxFile, LogRetention retention) {
        this.file = file;
        context.setName("phonehome-security");
        context.setMDCAdapter(new LogbackMDCAdapter());
        // the appender reports failures (a full disk...) as status messages: they belong in the main log
        context.getStatusManager().add(status -> {
            if (status.getLevel() == Status.ERROR) {
                log.error("security log {}: {}", file, status.getMessage());
            }
        });
        this.out = open(file, maxFile, retention, context);
    }

    private static ch.qos.logback.classic.Logger open(Path file, FileSize maxFile, LogRetention retention, LoggerContext context) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            log.error("cannot open security log {}: {}; security events go to the main log only", file, e.getMessage());
            return null;
        }
        RollingFileAppender<ILoggingEvent> appender = RollingLogFile.open(context, "security-file", file, "%msg%n", maxFile, retention);
        if (appender == null) {
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
