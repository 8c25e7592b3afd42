package io.phonehome.sip;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The nonce each recently challenged request got, so that a retransmission of it (same branch,
 * Call-ID and CSeq) is answered with the identical challenge, as a transaction would answer it.
 *
 * <p>A direct-mapped table of slots, one small entry each, overwritten by the next request that
 * hashes to the slot. Why not a map with an eviction queue: in a registration storm every
 * challenge stored there lived for tens of seconds (the whole queue), so each one was copied by
 * several young collections and then promoted; those copies made the collector's pauses, and the
 * pauses made the registrar's p99 latency. Here an entry costs one small object plus the nonce,
 * and lives about {@code slots / challenge rate} seconds: at 5,000 challenges/s with 16,384
 * slots, a retransmission 0.5 s later still finds its nonce 85 % of the time, and at an ordinary
 * rate nearly always. When it does not, the retransmission gets a fresh, equally valid nonce: a
 * client matches responses to its transaction by branch and CSeq, not by content, so a copy is a
 * courtesy, never a condition. A 64-bit hash collision has the same harmless effect.
 *
 * <p>Hand-written, not a cache library: any map with eviction keeps each challenge alive until it
 * is evicted, which is exactly the young-collection copying this table exists to avoid.
 */
final class RecentChallenges {
    private record Entry(long key, String nonce) { }

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;

    /** @param slots rounded up to a power of two */
    RecentChallenges(int slots) {
        int size = Integer.highestOneBit(Math.max(2, slots) - 1) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** The nonce this request got before, or a new one from {@code issue}. */
    String nonceFor(Request request, Supplier<String> issue) {
        long key = key(request);
        int slot = (int) (key ^ (key >>> 32)) & mask;
        Entry known = slots.get(slot);
        if (known != null && known.key() == key) {
            return known.nonce();
        }
        String fresh = issue.get();
        Entry mine = new Entry(key, fresh);
        if (slots.compareAndSet(slot, known, mine)) {
            return fresh;
        }
        // a copy of the same request got here first on another thread (the stack delivered the
        // original and its retransmission together after a stall): answer with its nonce, or the
        // client sees two different challenges and takes the second for a new, unexpected one
        Entry now = slots.get(slot);
        if (now != null && now.key() == key) {
            return now.nonce();
        }
        slots.set(slot, mine);
        return fresh;
    }

    /** A 64-bit hash of what identifies a request's transaction, built without new strings. */
    static long key(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        long h = 0x9E3779B97F4A7C15L;
        if (via != null) {
            h = mix(h, hash(via.getBranch()));
            h = mix(h, hash(via.getHost()));
            h = mix(h, via.getPort());
        }
        h = mix(h, callId == null ? 0 : hash(callId.getCallId()));
        if (cseq != null) {
            h = mix(h, cseq.getSeqNumber());
            h = mix(h, hash(cseq.getMethod()));
        }
        return h;
    }

    /** 64 bits of a string: its cached 32-bit hash and its length, spread out. */
    private static long hash(String s) {
        return s == null ? 0 : ((long) s.hashCode() << 32) ^ s.length();
    }

    private static long mix(long h, long v) {
        long x = (h ^ v) * 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 31);
    }
}
