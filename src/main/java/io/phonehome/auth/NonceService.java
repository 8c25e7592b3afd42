package io.phonehome.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces that need no server-side storage to check: each carries its issue time and an
 * HMAC over it, so a forged or tampered nonce is rejected and an old one is recognised as stale
 * (the client retries without prompting). Replays are refused: for each nonce in use the highest
 * nonce-count seen is remembered (bounded), and a request must present a higher one.
 */
public final class NonceService {
    /** How a presented nonce checks out. */
    public enum Verdict { VALID, STALE, INVALID, REPLAYED }

    private static final int TRACKED_NONCES = 200_000;
    private final byte[] key;
    private final long lifetimeMillis;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> highestCount;

    public NonceService(long lifetimeMillis) {
        this(lifetimeMillis, System::currentTimeMillis);
    }

    public NonceService(long lifetimeMillis, LongSupplier clock) {
        this.key = new byte[32];
        random.nextBytes(key);
        this.lifetimeMillis = lifetimeMillis;
        this.clock = clock;
        this.highestCount = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > TRACKED_NONCES;
            }
        };
    }

    public String issue() {
        byte[] body = new byte[16];
        ByteBuffer.wrap(body).putLong(clock.getAsLong());
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        System.arraycopy(salt, 0, body, 8, 8);
        byte[] mac = hmac(body);
        byte[] all = new byte[32];
        System.arraycopy(body, 0, all, 0, 16);
        System.arraycopy(mac, 0, all, 16, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    }

    /** Authenticity and age only; does not consume a nonce count. */
    public Verdict check(String nonce) {
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (all.length != 32) {
            return Verdict.INVALID;
        }
        byte[] body = new byte[16];
        System.arraycopy(all, 0, body, 0, 16);
        byte[] given = new byte[16];
        System.arraycopy(all, 16, given, 0, 16);
        byte[] expected = hmac(body);
        byte[] expected16 = new byte[16];
        System.arraycopy(expected, 0, expected16, 0, 16);
        if (!java.security.MessageDigest.isEqual(expected16, given)) {
            return Verdict.INVALID;
        }
        long issued = ByteBuffer.wrap(body).getLong();
        long age = clock.getAsLong() - issued;
        if (age < -5_000) {
            return Verdict.INVALID;
        }
        return age > lifetimeMillis ? Verdict.STALE : Verdict.VALID;
    }

    /**
     * Checks a nonce and consumes its nonce count: the same (nonce, nc) twice, or a count that
     * goes backwards, is a replay. Without qop (no nc) a nonce may be used only once.
     *
     * @param nc the hex nonce count, or null when the client used no qop
     */
    public Verdict checkAndCount(String nonce, String nc) {
        Verdict v = check(nonce);
        if (v != Verdict.VALID) {
            return v;
        }
        long count;
        if (nc == null) {
            count = Long.MAX_VALUE;
        } else {
            try {
                count = Long.parseUnsignedLong(nc, 16);
            } catch (NumberFormatException e) {
                return Verdict.INVALID;
            }
        }
        synchronized (highestCount) {
            Long seen = highestCount.get(nonce);
            if (seen != null && (count <= seen || seen == Long.MAX_VALUE)) {
                return Verdict.REPLAYED;
            }
            highestCount.put(nonce, count);
        }
        return Verdict.VALID;
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
