package io.phonehome.provisioning;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * What one source may cost the phone listener without proving anything: a token bucket per
 * source address. Every answer that is not an authorised per-MAC fetch takes a token (a digest
 * challenge, a 404, a bad request, a common file, an unknown MAC); an authorised fetch gives
 * {@code refund} tokens back, because it shows that the address has real phones behind it (a
 * site behind one NAT address fetches common files and is challenged before it proves itself).
 * A source whose bucket runs dry is blocked for {@code blockMillis}: it is answered 429 from
 * memory, before anything else is looked at.
 *
 * <p>The table of sources is bounded: a source is forgotten by itself once its bucket has refilled
 * and it is not blocked (it carries nothing worth remembering then); when the table is full of
 * sources that still matter, the new sources share one bucket, so a spread-out attack costs a
 * bounded amount of memory and, at worst, slows down only the sources it cannot tell apart. IPv6
 * sources count per /64, the block a single host is given.
 *
 * <p>The table is a Caffeine cache with a per-entry expiry (the moment the bucket is full again),
 * not a size bound: eviction by size would let a spray of new addresses push out, and so unblock,
 * a blocked source. Expiry replaces a scan of the whole table that every new source paid once
 * the table was full. The hot path (an authorised fetch from an address that never failed) costs
 * one lock-free lookup that finds nothing, and no allocation for IPv4.
 */
public final class RequestBudget {
    private final double capacity;
    private final double tokensPerMilli;
    private final double refund;
    private final long blockMillis;
    private final int maxSources;
    private final LongSupplier clock;
    private final Cache<InetAddress, Bucket> buckets;
    private final Object overflowLock = new Object();
    /** The bucket the sources beyond the table share; replaced under {@link #overflowLock}. */
    private volatile Bucket overflow;

    /** Settings of a budget; see the phone_budget_* settings. */
    public record Limits(int burst, int perMinute, int refund, int blockSeconds, int maxSources) {
    }

    /** A bucket as of {@code updated}; a change makes a new one, so that the table recomputes its expiry. */
    private record Bucket(double tokens, long updated, long blockedUntil) {
    }

    public RequestBudget(Limits limits, LongSupplier clock) {
        this.capacity = limits.burst();
        this.tokensPerMilli = limits.perMinute() / 60_000.0;
        this.refund = limits.refund();
        this.blockMillis = limits.blockSeconds() * 1000L;
        this.maxSources = limits.maxSources();
        this.clock = clock;
        this.overflow = new Bucket(capacity, clock.getAsLong(), 0);
        this.buckets = Caffeine.newBuilder()
                .ticker(() -> clock.getAsLong() * 1_000_000L)
                .executor(Runnable::run)   // see RenderCache: bookkeeping on the caller, no pool wake-up
                .expireAfter(new Expiry<InetAddress, Bucket>() {
                    @Override
                    public long expireAfterCreate(InetAddress key, Bucket b, long nowNanos) {
                        return nanosUntilForgettable(b, nowNanos);
                    }

                    @Override
                    public long expireAfterUpdate(InetAddress key, Bucket b, long nowNanos, long currentDuration) {
                        return nanosUntilForgettable(b, nowNanos);
                    }

                    @Override
                    public long expireAfterRead(InetAddress key, Bucket b, long nowNanos, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** Seconds the source must still wait (at least 1), or 0 when it may be served. */
    public long retryAfterSeconds(InetAddress source) {
        if (source == null) {
            return 0;
        }
        Bucket b = buckets.getIfPresent(key(source));
        if (b == null) {
            if (buckets.estimatedSize() < maxSources) {
                return 0;
            }
            b = overflow;
        }
        long wait = b.blockedUntil() - clock.getAsLong();
        return wait <= 0 ? 0 : Math.max(1, (wait + 999) / 1000);
    }

    /** Takes one token; returns true when this request emptied the bucket and so started a block. */
    public boolean charge(InetAddress source) {
        if (source == null) {
            return false;
        }
        long now = clock.getAsLong();
        InetAddress key = key(source);
        boolean[] blocked = new boolean[1];
        if (buckets.getIfPresent(key) == null && tableFull()) {
            synchronized (overflowLock) {
                overflow = charged(overflow, now, blocked);
            }
            return blocked[0];
        }
        buckets.asMap().compute(key, (k, b) -> charged(b == null ? new Bucket(capacity, now, 0) : b, now, blocked));
        return blocked[0];
    }

    /** An authorised fetch from this source: some of what it was charged comes back. */
    public void credit(InetAddress source) {
        if (source == null || refund <= 0) {
            return;
        }
        InetAddress key = key(source);
        if (buckets.getIfPresent(key) == null) {
            return;
        }
        long now = clock.getAsLong();
        buckets.asMap().computeIfPresent(key, (k, b) -> {
            Bucket r = refilled(b, now);
            return r.blockedUntil() <= now ? new Bucket(Math.min(capacity, r.tokens() + refund), r.updated(), r.blockedUntil()) : r;
        });
    }

    /** How many sources are remembered (for tests and diagnostics). */
    public int sources() {
        buckets.cleanUp();
        return (int) buckets.estimatedSize();
    }

    private boolean tableFull() {
        if (buckets.estimatedSize() < maxSources) {
            return false;
        }
        buckets.cleanUp();   // forget the sources that have refilled by now
        return buckets.estimatedSize() >= maxSources;
    }

    private Bucket charged(Bucket b, long now, boolean[] blocked) {
        Bucket r = refilled(b, now);
        if (r.blockedUntil() > now) {
            return r;
        }
        double tokens = r.tokens() - 1;
        if (tokens < 1) {
            blocked[0] = true;
            // The block is the penalty: afterwards the source starts again from an empty
            // bucket that refills at the sustained rate, not from a new burst.
            return new Bucket(0, now + blockMillis, now + blockMillis);
        }
        return new Bucket(tokens, r.updated(), r.blockedUntil());
    }

    private Bucket refilled(Bucket b, long now) {
        if (now > b.updated()) {
            return new Bucket(Math.min(capacity, b.tokens() + (now - b.updated()) * tokensPerMilli), now, b.blockedUntil());
        }
        return b;
    }

    /** Until the bucket is unblocked and full again: from then on it is no different from a new one. */
    private long nanosUntilForgettable(Bucket b, long nowNanos) {
        if (tokensPerMilli <= 0) {
            return Long.MAX_VALUE;
        }
        long fullAt = b.updated() + (long) Math.ceil((capacity - b.tokens()) / tokensPerMilli);
        long until = Math.max(b.blockedUntil(), fullAt);
        return Math.max(0, until * 1_000_000L - nowNanos);
    }

    /** IPv4 as it is; IPv6 by its /64 (one host's usual allocation, or an attacker could use 2^64 sources). */
    static InetAddress key(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a;
        }
        byte[] b = Arrays.copyOf(a.getAddress(), 16);
        Arrays.fill(b, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
