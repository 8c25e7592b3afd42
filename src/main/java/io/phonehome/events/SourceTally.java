package io.phonehome.events;

import io.phonehome.store.WriteBehind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts requests that are worth knowing about in bulk but not one by one (an unknown MAC asking
 * for its file) and writes one event per source, type and outcome per interval, carrying the
 * count and a sample of MACs and files. Counting is an in-memory step as cheap as the lookup
 * that precedes it: a flood costs one row per source and interval, and answering an unknown MAC
 * takes no longer than answering a known one.
 *
 * <p>Memory is bounded: at most {@code maxKeys} tallies per interval; beyond that the requests
 * are counted under source {@code *} (one row for "everyone else").
 */
public final class SourceTally implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SourceTally.class);
    static final int SAMPLE_MACS = 5;
    static final int SAMPLE_FILES = 3;
    static final String OTHER_SOURCES = "*";
    /** Tallies kept per interval: with one per source and outcome, what a spread-out flood can write per interval. */
    public static final int MAX_SOURCES = 1000;
    private volatile java.util.function.BiConsumer<String, String> counted = (type, outcome) -> { };

    /** Told of every single count (type, outcome) before it is summarised (the root counts them for {@code /metrics}). */
    public void onCount(java.util.function.BiConsumer<String, String> listener) {
        this.counted = listener;
    }

    private final EventLog events;
    private final Clock clock;
    private final int maxKeys;
    /** Writes the tallies every interval on the {@code event-tally} thread; null when only {@link #flush()} writes. */
    private final WriteBehind<Void> scheduler;
    private final java.util.concurrent.locks.StampedLock swap = new java.util.concurrent.locks.StampedLock();
    private volatile Map<Key, Count> current = new ConcurrentHashMap<>();

    private record Key(String type, String outcome, String source) {
    }

    private static final class Count {
        final Instant first;
        Instant last;
        long n;
        final Set<String> macs = new LinkedHashSet<>();
        final Set<String> files = new LinkedHashSet<>();
        boolean moreMacs;

        Count(Instant first) {
            this.first = first;
            this.last = first;
        }
    }

    /** A tally that writes what it counted every {@code interval}, once {@link #start() started}. */
    public static SourceTally scheduled(EventLog events, Duration interval, int maxKeys) {
        return new SourceTally(events, Clock.systemUTC(), maxKeys, interval);
    }

    /** @param interval null: written only by {@link #flush()} (tests) */
    SourceTally(EventLog events, Clock clock, int maxKeys, Duration interval) {
        this.events = events;
        this.clock = clock;
        this.maxKeys = maxKeys;
        this.scheduler = interval == null ? null
                : WriteBehind.<Void>named("event-tally", "tallies").alsoEvery(interval, this::flushSafely).build(nothing -> { });
    }

    /** Starts writing the tallies every interval. */
    public void start() {
        if (scheduler != null) {
            scheduler.start();
        }
    }

    /** Counts one request; never blocks. */
    public void count(String type, String outcome, String source, String mac, String file) {
        counted.accept(type, outcome);
        Key k = new Key(type, outcome, source == null ? "unknown" : source);
        // Shared with other counters; only the swap in flush() excludes them, so no count is
        // made in an interval that has already been written out.
        long stamp = swap.readLock();
        try {
            countIn(current, k, mac, file);
        } finally {
            swap.unlockRead(stamp);
        }
    }

    private void countIn(Map<Key, Count> m, Key k, String mac, String file) {
        Count c = m.get(k);
        if (c == null) {
            if (m.size() >= maxKeys) {
                k = new Key(k.type(), k.outcome(), OTHER_SOURCES);
            }
            Instant now = clock.instant();
            c = m.computeIfAbsent(k, x -> new Count(now));
        }
        synchronized (c) {
            c.n++;
            c.last = clock.instant();
            if (mac != null && !c.macs.contains(mac)) {
                if (c.macs.size() < SAMPLE_MACS) {
                    c.macs.add(mac);
                } else {
                    c.moreMacs = true;
                }
            }
            if (file != null && c.files.size() < SAMPLE_FILES) {
                c.files.add(file);
            }
        }
    }

    /** Writes one event per tally counted since the last flush; returns how many. */
    public int flush() {
        Map<Key, Count> done;
        long stamp = swap.writeLock();
        try {
            done = current;
            current = new ConcurrentHashMap<>();
        } finally {
            swap.unlockWrite(stamp);
        }
        List<Event> out = new ArrayList<>(done.size());
        for (Map.Entry<Key, Count> e : done.entrySet()) {
            Count c = e.getValue();
            synchronized (c) {
                // A single MAC keeps the mac column, so a device's own history finds its misses.
                String mac = c.macs.size() == 1 && !c.moreMacs ? c.macs.iterator().next() : null;
                String detail = "count=" + c.n + " first=" + c.first + " last=" + c.last
                        + " macs=" + String.join(",", c.macs) + (c.moreMacs ? ",..." : "")
                        + " files=" + String.join(",", c.files);
                out.add(new Event(0, c.last, e.getKey().type(), e.getKey().outcome(), mac, null, e.getKey().source(), detail));
            }
        }
        for (Event ev : out) {
            events.record(ev);
        }
        return out.size();
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("writing the request tallies failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        flush();
    }
}
