package io.phonehome.media;

/**
 * What a receiver knows about one RTP source (RFC 3550 appendix A): the extended highest
 * sequence number (A.1, with its probation, dropout and misorder rules), the packets expected and
 * lost (A.3) and the interarrival jitter (A.8), enough for an RTCP report block. One instance per
 * SSRC; not thread-safe, a call's packets arrive on one I/O thread.
 */
public final class RtpReceptionStats {
    static final int SEQ_MOD = 1 << 16;
    /** A jump this far ahead is still the same stream with packets lost (A.1). */
    static final int MAX_DROPOUT = 3000;
    /** Packets this far behind are late or duplicated, not a restart (A.1). */
    static final int MAX_MISORDER = 100;
    /** Sequential packets needed before a new source counts as valid (A.1). */
    static final int MIN_SEQUENTIAL = 2;

    private final long ssrc;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private boolean haveTransit;
    private long transit;
    /** Jitter scaled by 16, the integer form of A.8 that keeps the estimate exact. */
    private long jitter16;
    private long lastSrMiddle;
    private long lastSrArrivalNanos;
    private boolean haveSr;

    public RtpReceptionStats(long ssrc, int firstSeq) {
        this.ssrc = ssrc;
        initSeq(firstSeq);
        this.maxSeq = (firstSeq - 1) & 0xFFFF;
        this.probation = MIN_SEQUENTIAL;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /**
     * Counts a packet's sequence number. False while the source is on probation or when the
     * number jumped so far that it is kept only as a candidate restart: such a packet is not
     * passed on (A.1). Two sequential packets after a jump restart the count.
     */
    public boolean acceptSequence(int seq) {
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                initSeq(seq);
            } else {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
        }
        // else: a duplicate or a late packet, counted but the maximum stays.
        received++;
        return true;
    }

    /**
     * Updates the jitter estimate (A.8) with a packet's RTP timestamp and its arrival time, both
     * in the payload's clock units (8000 per second for G.711).
     */
    public void recordArrival(long rtpTimestamp, long arrivalInClockUnits) {
        long t = (arrivalInClockUnits - rtpTimestamp) & 0xFFFFFFFFL;
        if (haveTransit) {
            int d = Math.abs((int) (t - transit));
            jitter16 += d - ((jitter16 + 8) >> 4);
        }
        transit = t;
        haveTransit = true;
    }

    /** Remembers a sender report of this source for the LSR/DLSR fields of the next block. */
    public void recordSenderReport(long ntpTimestamp, long arrivalNanos) {
        lastSrMiddle = (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
        lastSrArrivalNanos = arrivalNanos;
        haveSr = true;
    }

    /** The source these statistics are about. */
    public long ssrc() {
        return ssrc;
    }

    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    public long received() {
        return received;
    }

    /** Expected minus received since the start; negative when duplicates arrived (A.3). */
    public long cumulativeLost() {
        return expected() - received;
    }

    private long expected() {
        return extendedHighestSequence() - baseSeq + 1;
    }

    /** Interarrival jitter in clock units, as the report block carries it. */
    public long jitter() {
        return jitter16 >> 4;
    }

    /**
     * The report block for an RTCP report sent at {@code nowNanos}; starts the next interval for
     * the fraction lost (A.3).
     */
    public RtcpPacket.ReportBlock reportBlock(long nowNanos) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = Math.max(-0x800000L, Math.min(0x7FFFFFL, cumulativeLost()));
        long dlsr = haveSr ? Math.min(0xFFFFFFFFL, (nowNanos - lastSrArrivalNanos) * 65_536L / 1_000_000_000L) : 0;
        return new RtcpPacket.ReportBlock(ssrc, Math.min(fraction, 255), (int) lost,
                extendedHighestSequence() & 0xFFFFFFFFL, jitter() & 0xFFFFFFFFL, haveSr ? lastSrMiddle : 0, dlsr);
    }
}
