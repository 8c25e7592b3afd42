package io.phonehome.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 */
public final class SecurityLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("phonehome.security");

    private final Path file;
    private BufferedWriter out;

    public SecurityLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.error("cannot open security log {}: {}; security events go to the main log only", file, e.getMessage());
            this.out = null;
        }
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
        synchronized (this) {
            if (out != null) {
                try {
                    out.write(line);
                    out.newLine();
                    out.flush();
                } catch (IOException e) {
                    log.error("cannot write security log {}: {}", file, e.getMessage());
                }
            }
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

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // closing on shutdown: nothing to do
            }
            out = null;
        }
    }
}
