package io.phonehome.auth;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed attempts per source address and blocks a source that fails too often. Only
 * real misses count (credentials that do not check out, credentials for a MAC we do not have),
 * never the first unauthenticated request that any phone makes before it answers the challenge:
 * otherwise a site rebooting behind one NAT address would lock itself out.
 */
public final class ProbeLimiter {
    private final int maxMisses;
    private final long windowMillis;
    private final long blockMillis;
    private final LongSupplier clock;
    private final Map<String, Window> sources = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        int misses;
        long blockedUntil;
    }

    public ProbeLimiter(int maxMisses, long windowMillis, long blockMillis, LongSupplier clock) {
        this.maxMisses = maxMisses;
        this.windowMillis = windowMillis;
        this.blockMillis = blockMillis;
        this.clock = clock;
    }

    public boolean isBlocked(String source) {
        Window w = sources.get(source);
        if (w == null) {
            return false;
        }
        synchronized (w) {
            return w.blockedUntil > clock.getAsLong();
        }
    }

    /** Seconds until a blocked source may try again (at least 1). */
    public long retryAfterSeconds(String source) {
        Window w = sources.get(source);
        if (w == null) {
            return 1;
        }
        synchronized (w) {
            return Math.max(1, (w.blockedUntil - clock.getAsLong() + 999) / 1000);
        }
    }

    /** Records a miss; returns true when this miss is the one that blocks the source. */
    public boolean recordMiss(String source) {
        long now = clock.getAsLong();
        if (sources.size() > 100_000) {
            prune(now);
        }
        Window w = sources.computeIfAbsent(source, k -> new Window());
        synchronized (w) {
            if (w.blockedUntil > now) {
                return false;
            }
            if (now - w.start > windowMillis) {
                w.start = now;
                w.misses = 0;
            }
            w.misses++;
            if (w.misses >= maxMisses) {
                w.blockedUntil = now + blockMillis;
                w.misses = 0;
                return true;
            }
            return false;
        }
    }

    /** Blocks a source at once (it showed itself as a scanner); returns false when it already was blocked. */
    public boolean block(String source) {
        long now = clock.getAsLong();
        Window w = sources.computeIfAbsent(source, k -> new Window());
        synchronized (w) {
            if (w.blockedUntil > now) {
                return false;
            }
            w.blockedUntil = now + blockMillis;
            w.misses = 0;
            return true;
        }
    }

    /** Drops entries that are neither blocked nor inside a counting window. */
    public void prune(long now) {
        for (Iterator<Map.Entry<String, Window>> it = sources.entrySet().iterator(); it.hasNext(); ) {
            Window w = it.next().getValue();
            synchronized (w) {
                if (w.blockedUntil <= now && now - w.start > windowMillis) {
                    it.remove();
                }
            }
        }
    }
}
