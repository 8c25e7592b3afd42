package io.phonehome.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces that need no server-side storage to check: each carries its issue time, a
 * sequence number and an HMAC over both, so a forged or tampered nonce is rejected and an old one
 * is recognised as stale (the client retries without prompting).
 *
 * <p>Replays are refused: the highest nonce-count seen for each nonce is kept in a fixed ring
 * indexed by the nonce's sequence number (the way Kamailio's {@code nonce_count} does it), so
 * memory is bounded and a registration storm cannot grow it. A request must present a higher
 * count than the last one. When more nonces are issued within one lifetime than the ring holds,
 * the oldest ones can no longer be tracked and are answered {@link Verdict#STALE}: the client
 * fetches a fresh nonce, nothing is ever accepted twice.
 */
public final class NonceService {
    /** How a presented nonce checks out. */
    public enum Verdict { VALID, STALE, INVALID, REPLAYED }

    /** The default ring: enough for the HTTP side (a few hundred thousand nonces per lifetime). */
    public static final int DEFAULT_TRACKED_NONCES = 1 << 18;
    private static final int STRIPES = 64;
    /** Marks a nonce used without qop: single use. */
    private static final long NO_QOP = Long.MAX_VALUE;

    private final byte[] key;
    private final long lifetimeMillis;
    private final LongSupplier clock;
    private final AtomicLong sequence = new AtomicLong();
    private final long[] slotSequence;
    private final long[] slotCount;
    private final int mask;
    private final Object[] stripes = new Object[STRIPES];
    private final ThreadLocal<Mac> macs;

    public NonceService(long lifetimeMillis) {
        this(lifetimeMillis, System::currentTimeMillis);
    }

    public NonceService(long lifetimeMillis, LongSupplier clock) {
        this(lifetimeMillis, clock, DEFAULT_TRACKED_NONCES);
    }

    /**
     * @param trackedNonces how many recently issued nonces have their count tracked (rounded up
     *                      to a power of two); 16 bytes each
     */
    public NonceService(long lifetimeMillis, LongSupplier clock, int trackedNonces) {
        this(lifetimeMillis, clock, trackedNonces, null);
    }

    /**
     * @param key the HMAC key, at least 32 bytes: the same on every node of a cluster, so a
     *            nonce one node issued checks out on another; null for a key of this process only
     */
    public NonceService(long lifetimeMillis, LongSupplier clock, int trackedNonces, byte[] key) {
        SecureRandom random = new SecureRandom();
        if (key == null) {
            this.key = new byte[32];
            random.nextBytes(this.key);
        } else if (key.length < 32) {
            throw new IllegalArgumentException("a nonce key needs at least 32 bytes");
        } else {
            this.key = key.clone();
        }
        this.lifetimeMillis = lifetimeMillis;
        this.clock = clock;
        int size = Integer.highestOneBit(Math.max(16, trackedNonces) - 1) << 1;
        this.slotSequence = new long[size];
        this.slotCount = new long[size];
        this.mask = size - 1;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        // sequence numbers start at a random point so nonces of two runs (or two nodes) never look alike
        sequence.set((random.nextLong() >>> 16) + 1);
        SecretKeySpec spec = new SecretKeySpec(this.key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
            }
        });
    }

    public String issue() {
        byte[] all = new byte[32];
        ByteBuffer b = ByteBuffer.wrap(all);
        b.putLong(clock.getAsLong());
        b.putLong(sequence.getAndIncrement());
        Mac m = macs.get();
        m.update(all, 0, 16);
        byte[] mac = m.doFinal();
        System.arraycopy(mac, 0, all, 16, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    }

    /** Authenticity and age only; does not consume a nonce count. */
    public Verdict check(String nonce) {
        return decode(nonce).verdict;
    }

    private record Decoded(Verdict verdict, long sequence) {
    }

    private static final Decoded INVALID = new Decoded(Verdict.INVALID, -1);

    private Decoded decode(String nonce) {
        if (nonce == null || nonce.length() != 43) {
            return INVALID;
        }
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return INVALID;
        }
        if (all.length != 32) {
            return INVALID;
        }
        Mac m = macs.get();
        m.update(all, 0, 16);
        byte[] expected = m.doFinal();
        byte[] expected16 = new byte[16];
        System.arraycopy(expected, 0, expected16, 0, 16);
        byte[] given = new byte[16];
        System.arraycopy(all, 16, given, 0, 16);
        if (!MessageDigest.isEqual(expected16, given)) {
            return INVALID;
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        long issued = b.getLong();
        long seq = b.getLong();
        long age = clock.getAsLong() - issued;
        if (age < -5_000) {
            return INVALID;
        }
        return new Decoded(age > lifetimeMillis ? Verdict.STALE : Verdict.VALID, seq);
    }

    /**
     * Checks a nonce and consumes its nonce count: the same (nonce, nc) twice, or a count that
     * goes backwards, is a replay. Without qop (no nc) a nonce may be used only once.
     *
     * @param nc the hex nonce count, or null when the client used no qop
     */
    public Verdict checkAndCount(String nonce, String nc) {
        Decoded d = decode(nonce);
        if (d.verdict != Verdict.VALID) {
            return d.verdict;
        }
        long count;
        if (nc == null) {
            count = NO_QOP;
        } else {
            if (nc.isEmpty() || nc.length() > 8) {
                return Verdict.INVALID;
            }
            try {
                count = Long.parseLong(nc, 16);
            } catch (NumberFormatException e) {
                return Verdict.INVALID;
            }
            if (count <= 0) {
                return Verdict.INVALID;
            }
        }
        int slot = (int) (d.sequence & mask);
        synchronized (stripes[slot & (STRIPES - 1)]) {
            long held = slotSequence[slot];
            if (held > d.sequence) {
                // a newer nonce took the slot: this one can no longer be tracked, ask for a fresh one
                return Verdict.STALE;
            }
            if (held == d.sequence) {
                long seen = slotCount[slot];
                if (seen == NO_QOP || count == NO_QOP || count <= seen) {
                    return Verdict.REPLAYED;
                }
            }
            slotSequence[slot] = d.sequence;
            slotCount[slot] = count;
        }
        return Verdict.VALID;
    }
}
