package io.phonehome.sip;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.LineRepository;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory's lines as the SIP core sees them: all of them held in memory and read again in
 * one query every {@code sip_line_cache_seconds}, so a registration storm (every phone of a site
 * after a power cut) costs no database query per REGISTER. A line created since the last reload
 * is looked up once and remembered; a credential check that fails against the held line reads it
 * again ({@link #byAuthUserFresh}), so a changed password works at once. A removed or changed
 * line is noticed at the next reload.
 *
 * <p>What is looked up between reloads (new lines, fresh re-reads, and the unknown users a scanner
 * tries) is held in a Caffeine cache bounded by size, which shadows the loaded set; an entry it
 * evicts is simply read again. The loaded set itself is a snapshot replaced whole, not a cache.
 */
final class LineDirectory {
    private static final Logger log = LoggerFactory.getLogger(LineDirectory.class);
    /** Lookups remembered between reloads (unknown users of a scanner...) at most. */
    private static final int MAX_LOOKUPS = 100_000;

    /** One reload's lines and what was looked up since. */
    private record View(Map<String, Line> loaded, Cache<String, Optional<Line>> lookedUp) {
        static View of(Map<String, Line> loaded) {
            return new View(loaded, Caffeine.newBuilder().maximumSize(MAX_LOOKUPS).build());
        }

        Optional<Line> held(String key) {
            Optional<Line> recent = lookedUp.getIfPresent(key);
            if (recent != null) {
                return recent;
            }
            Line line = loaded.get(key);
            return line == null ? null : Optional.of(line);
        }
    }

    private final LineRepository lines;
    private volatile View byAuthUser = View.of(Map.of());
    private volatile View byExtension = View.of(Map.of());

    LineDirectory(LineRepository lines) {
        this.lines = lines;
    }

    /** Reads every line; the previous set (and every remembered lookup) is replaced. */
    void reload() {
        long t0 = System.nanoTime();
        List<Line> all = lines.all();
        Map<String, Line> auth = new HashMap<>(all.size() * 2);
        Map<String, Line> ext = new HashMap<>(all.size() * 2);
        for (Line l : all) {
            auth.put(l.authUser(), l);
            ext.put(l.extension(), l);
        }
        this.byAuthUser = View.of(auth);
        this.byExtension = View.of(ext);
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

    private Optional<Line> lookup(View view, String key, boolean authUser, boolean fresh) {
        if (key == null || key.isEmpty() || key.length() > 64) {
            return Optional.empty();
        }
        if (!fresh) {
            Optional<Line> held = view.held(key);
            if (held != null) {
                return held;
            }
        }
        Optional<Line> line = authUser ? lines.byAuthUser(key) : lines.byExtension(key);
        view.lookedUp().put(key, line);
        return line;
    }
}
