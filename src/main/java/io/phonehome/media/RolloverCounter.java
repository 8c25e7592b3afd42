package io.phonehome.media;

/**
 * The receiver's estimate of an SRTP packet's 48-bit index from its 16-bit sequence number
 * (RFC 3711 section 3.3.1 and appendix A): the rollover counter and the highest sequence number
 * seen, and a guess for each new packet of whether it belongs to the previous, the current or the
 * next cycle. The estimate is committed only once the packet authenticated, so a forged packet
 * cannot advance the counter and make every later packet fail.
 */
public final class RolloverCounter {
    private long roc;
    private int highestSeq = -1;

    public RolloverCounter() {
    }

    /** A receiver that starts from a known counter (SDES gives none; kept for re-keying). */
    public RolloverCounter(long roc, int highestSeq) {
        this.roc = roc;
        this.highestSeq = highestSeq;
    }

    /** The estimated index of a packet with {@code seq}, or -1 when it would lie before index 0. */
    public long estimate(int seq) {
        if (highestSeq < 0) {
            return seq; // the first packet starts the count (ROC 0)
        }
        long v;
        if (highestSeq < 32_768) {
            v = seq - highestSeq > 32_768 ? roc - 1 : roc;
        } else {
            v = highestSeq - 32_768 > seq ? roc + 1 : roc;
        }
        if (v < 0 || v > 0xFFFFFFFFL) {
            return -1;
        }
        return v << 16 | seq;
    }

    /** Commits an authenticated packet's index (appendix A's update of ROC and s_l). */
    public void commit(long index) {
        long v = index >>> 16;
        int seq = (int) (index & 0xFFFF);
        if (highestSeq < 0 || v > roc) {
            roc = v;
            highestSeq = seq;
        } else if (v == roc && seq > highestSeq) {
            highestSeq = seq;
        }
    }

    public long roc() {
        return roc;
    }
}
