package io.phonehome.sip;

import io.phonehome.inventory.Line;
import io.phonehome.inventory.LineRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory's lines as the SIP core sees them: all of them held in memory and read again in
 * one query every {@code sip_line_cache_seconds}, so a registration storm (every phone of a site
 * after a power cut) costs no database query per REGISTER. A line created since the last reload
 * is looked up once and remembered; a credential check that fails against the held line reads it
 * again ({@link #byAuthUserFresh}), so a changed password works at once. A removed or changed
 * line is noticed at the next reload.
 */
final class LineDirectory {
    private static final Logger log = LoggerFactory.getLogger(LineDirectory.class);
    /** Above this many remembered misses (unknown users of a scanner...) they are forgotten. */
    private static final int MAX_MISSES = 100_000;

    private final LineRepository lines;
    private volatile Map<String, Optional<Line>> byAuthUser = new ConcurrentHashMap<>();
    private volatile Map<String, Optional<Line>> byExtension = new ConcurrentHashMap<>();

    LineDirectory(LineRepository lines) {
        this.lines = lines;
    }

    /** Reads every line; the previous set (and every remembered miss) is replaced. */
    void reload() {
        long t0 = System.nanoTime();
        List<Line> all = lines.all();
        Map<String, Optional<Line>> auth = new ConcurrentHashMap<>(all.size() * 2);
        Map<String, Optional<Line>> ext = new ConcurrentHashMap<>(all.size() * 2);
        for (Line l : all) {
            auth.put(l.authUser(), Optional.of(l));
            ext.put(l.extension(), Optional.of(l));
        }
        this.byAuthUser = auth;
        this.byExtension = ext;
        log.debug("line directory: {} lines in {} ms", all.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    Optional<Line> byAuthUser(String authUser) {
        return lookup(byAuthUser, authUser, true, false);
    }

    /** Reads the line from the inventory (and remembers it): after a failed check against the held one. */
    Optional<Line> byAuthUserFresh(String authUser) {
        return lookup(byAuthUser, authUser, true, true);
    }

    Optional<Line> byExtension(String extension) {
        return lookup(byExtension, extension, false, false);
    }

    private Optional<Line> lookup(Map<String, Optional<Line>> map, String key, boolean authUser, boolean fresh) {
        if (key == null || key.isEmpty() || key.length() > 64) {
            return Optional.empty();
        }
        if (!fresh) {
            Optional<Line> held = map.get(key);
            if (held != null) {
                return held;
            }
        }
        Optional<Line> line = authUser ? lines.byAuthUser(key) : lines.byExtension(key);
        if (map.size() > MAX_MISSES * 4) {
            map.values().removeIf(Optional::isEmpty);
        }
        map.put(key, line);
        return line;
    }
}
