package io.phonehome.sip;

import io.phonehome.inventory.Line;
import io.phonehome.inventory.LineRepository;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The inventory's lines as the SIP core sees them, cached for a few seconds: a registration storm
 * must not cost a database query per REGISTER. A credential check that fails against a cached
 * line re-reads it ({@link #byAuthUserFresh}), so a changed password works at once; a removed or
 * changed line is noticed within {@code sip_line_cache_seconds}.
 */
final class LineDirectory {
    /** Above this many cached entries (unknown users of a scanner...) the cache starts over. */
    private static final int MAX_ENTRIES = 200_000;

    private record Entry(Optional<Line> line, long loadedAt) {
    }

    private final LineRepository lines;
    private final long ttlMillis;
    private final LongSupplier clock;
    private final Map<String, Entry> byAuthUser = new ConcurrentHashMap<>();
    private final Map<String, Entry> byExtension = new ConcurrentHashMap<>();

    LineDirectory(LineRepository lines, long ttlMillis, LongSupplier clock) {
        this.lines = lines;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    Optional<Line> byAuthUser(String authUser) {
        return cached(byAuthUser, authUser, false, true);
    }

    /** Bypasses the cache (and refreshes it): after a failed check against a cached line. */
    Optional<Line> byAuthUserFresh(String authUser) {
        return cached(byAuthUser, authUser, true, true);
    }

    Optional<Line> byExtension(String extension) {
        return cached(byExtension, extension, false, false);
    }

    private Optional<Line> cached(Map<String, Entry> map, String key, boolean fresh, boolean authUser) {
        if (key == null || key.isEmpty() || key.length() > 64) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        Entry e = map.get(key);
        if (!fresh && e != null && now - e.loadedAt < ttlMillis) {
            return e.line;
        }
        Optional<Line> line = authUser ? lines.byAuthUser(key) : lines.byExtension(key);
        if (map.size() > MAX_ENTRIES) {
            map.clear();
        }
        if (ttlMillis > 0) {
            map.put(key, new Entry(line, now));
        }
        return line;
    }
}
