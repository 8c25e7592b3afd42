package io.phonehome.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.function.LongSupplier;

/**
 * Counts failed attempts per source address and blocks a source that fails too often. Only
 * real misses count (credentials that do not check out, credentials for a MAC we do not have),
 * never the first unauthenticated request that any phone makes before it answers the challenge:
 * otherwise a site rebooting behind one NAT address would lock itself out.
 *
 * <p>The sources are a Caffeine cache in which each entry expires when it is neither blocked nor
 * inside its counting window (from then on it is no different from an unknown source). There is
 * deliberately no size bound: eviction by size would let a spray of new addresses unblock a
 * blocked one. Expiry replaces a scan of the whole table that every miss paid once more than
 * 100,000 sources were remembered.
 */
public final class ProbeLimiter {
    private final int maxMisses;
    private final long windowMillis;
    private final long blockMillis;
    private final LongSupplier clock;
    private final Cache<String, Window> sources;

    /** A source's state; a change makes a new one, so that the cache recomputes its expiry. */
    private record Window(long start, int misses, long blockedUntil) {
        static final Window NONE = new Window(0, 0, 0);
    }

    public ProbeLimiter(int maxMisses, long windowMillis, long blockMillis, LongSupplier clock) {
        this.maxMisses = maxMisses;
        this.windowMillis = windowMillis;
        this.blockMillis = blockMillis;
        this.clock = clock;
        this.sources = Caffeine.newBuilder()
                .ticker(() -> clock.getAsLong() * 1_000_000L)
                .executor(Runnable::run)   // see RenderCache: bookkeeping on the caller, no pool wake-up
                .expireAfter(new Expiry<String, Window>() {
                    @Override
                    public long expireAfterCreate(String source, Window w, long nowNanos) {
                        return nanosUntilForgettable(w, nowNanos);
                    }

                    @Override
                    public long expireAfterUpdate(String source, Window w, long nowNanos, long currentDuration) {
                        return nanosUntilForgettable(w, nowNanos);
                    }

                    @Override
                    public long expireAfterRead(String source, Window w, long nowNanos, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    public boolean isBlocked(String source) {
        Window w = sources.getIfPresent(source);
        return w != null && w.blockedUntil() > clock.getAsLong();
    }

    /** Seconds until a blocked source may try again (at least 1). */
    public long retryAfterSeconds(String source) {
        Window w = sources.getIfPresent(source);
        if (w == null) {
            return 1;
        }
        return Math.max(1, (w.blockedUntil() - clock.getAsLong() + 999) / 1000);
    }

    /** Records a miss; returns true when this miss is the one that blocks the source. */
    public boolean recordMiss(String source) {
        long now = clock.getAsLong();
        boolean[] blocked = new boolean[1];
        sources.asMap().compute(source, (k, known) -> {
            Window w = known == null ? Window.NONE : known;
            if (w.blockedUntil() > now) {
                return w;
            }
            boolean fresh = now - w.start() > windowMillis;
            long start = fresh ? now : w.start();
            int misses = (fresh ? 0 : w.misses()) + 1;
            if (misses >= maxMisses) {
                blocked[0] = true;
                return new Window(start, 0, now + blockMillis);
            }
            return new Window(start, misses, w.blockedUntil());
        });
        return blocked[0];
    }

    /** Blocks a source at once (it showed itself as a scanner); returns false when it already was blocked. */
    public boolean block(String source) {
        long now = clock.getAsLong();
        boolean[] blocked = new boolean[1];
        sources.asMap().compute(source, (k, known) -> {
            Window w = known == null ? Window.NONE : known;
            if (w.blockedUntil() > now) {
                return w;
            }
            blocked[0] = true;
            return new Window(w.start(), 0, now + blockMillis);
        });
        return blocked[0];
    }

    /** How many sources are remembered (blocked or inside a counting window). */
    public int sources() {
        sources.cleanUp();
        return (int) sources.estimatedSize();
    }

    /** Until the source is neither blocked nor inside its counting window. */
    private long nanosUntilForgettable(Window w, long nowNanos) {
        long until = Math.max(w.blockedUntil(), w.start() + windowMillis + 1);
        return Math.max(0, until * 1_000_000L - nowNanos);
    }
}
