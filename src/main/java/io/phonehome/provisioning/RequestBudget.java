package io.phonehome.provisioning;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>The table of sources is bounded: when full, sources whose bucket has refilled (they carry
 * nothing worth remembering) are dropped; when it is still full, the new sources share one
 * bucket, so a spread-out attack costs a bounded amount of memory and, at worst, slows down only
 * the sources it cannot tell apart. IPv6 sources count per /64, the block a single host is given.
 *
 * <p>The hot path (an authorised fetch from an address that never failed) costs one map lookup
 * that finds nothing: no lock, no allocation for IPv4.
 */
public final class RequestBudget {
    private final double capacity;
    private final double tokensPerMilli;
    private final double refund;
    private final long blockMillis;
    private final int maxSources;
    private final LongSupplier clock;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;

    /** Settings of a budget; see the phone_budget_* settings. */
    public record Limits(int burst, int perMinute, int refund, int blockSeconds, int maxSources) {
    }

    private static final class Bucket {
        double tokens;
        long updated;
        volatile long blockedUntil;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }
    }

    public RequestBudget(Limits limits, LongSupplier clock) {
        this.capacity = limits.burst();
        this.tokensPerMilli = limits.perMinute() / 60_000.0;
        this.refund = limits.refund();
        this.blockMillis = limits.blockSeconds() * 1000L;
        this.maxSources = limits.maxSources();
        this.clock = clock;
        this.overflow = new Bucket(capacity, clock.getAsLong());
    }

    /** Seconds the source must still wait (at least 1), or 0 when it may be served. */
    public long retryAfterSeconds(InetAddress source) {
        if (source == null) {
            return 0;
        }
        Bucket b = buckets.get(key(source));
        if (b == null) {
            if (buckets.size() < maxSources) {
                return 0;
            }
            b = overflow;
        }
        long wait = b.blockedUntil - clock.getAsLong();
        return wait <= 0 ? 0 : Math.max(1, (wait + 999) / 1000);
    }

    /** Takes one token; returns true when this request emptied the bucket and so started a block. */
    public boolean charge(InetAddress source) {
        if (source == null) {
            return false;
        }
        long now = clock.getAsLong();
        Bucket b = bucketFor(key(source), now);
        synchronized (b) {
            refill(b, now);
            if (b.blockedUntil > now) {
                return false;
            }
            b.tokens -= 1;
            if (b.tokens < 1) {
                b.blockedUntil = now + blockMillis;
                // The block is the penalty: afterwards the source starts again from an empty
                // bucket that refills at the sustained rate, not from a new burst.
                b.tokens = 0;
                b.updated = now + blockMillis;
                return true;
            }
            return false;
        }
    }

    /** An authorised fetch from this source: some of what it was charged comes back. */
    public void credit(InetAddress source) {
        if (source == null || refund <= 0) {
            return;
        }
        Bucket b = buckets.get(key(source));
        if (b == null) {
            return;
        }
        long now = clock.getAsLong();
        synchronized (b) {
            refill(b, now);
            if (b.blockedUntil <= now) {
                b.tokens = Math.min(capacity, b.tokens + refund);
            }
        }
    }

    /** How many sources are remembered (for tests and diagnostics). */
    public int sources() {
        return buckets.size();
    }

    private void refill(Bucket b, long now) {
        if (now > b.updated) {
            b.tokens = Math.min(capacity, b.tokens + (now - b.updated) * tokensPerMilli);
            b.updated = now;
        }
    }

    private Bucket bucketFor(InetAddress key, long now) {
        Bucket b = buckets.get(key);
        if (b != null) {
            return b;
        }
        if (buckets.size() >= maxSources) {
            prune(now);
            if (buckets.size() >= maxSources) {
                return overflow;
            }
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
    }

    /** Forgets sources that are not blocked and whose bucket is full again by now. */
    private void prune(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            synchronized (b) {
                refill(b, now);
                if (b.blockedUntil <= now && b.tokens >= capacity) {
                    it.remove();
                }
            }
        }
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
