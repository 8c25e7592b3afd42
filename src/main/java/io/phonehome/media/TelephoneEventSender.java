package io.phonehome.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The packets of one DTMF key (RFC 4733 section 2.5.1): the first with the marker bit, one per
 * packet time with the same timestamp (the event's start) and the duration so far, and the last
 * one sent three times with the end bit so a lost packet does not lose the end. Each packet has
 * its own sequence number, as RTP requires.
 */
public final class TelephoneEventSender {
    /** −10 dBm0, the level of a typical DTMF tone (RFC 4733 section 2.3.4 gives the scale). */
    static final int VOLUME = 10;
    static final int END_REPEATS = 3;

    private final int payloadType;
    private final int clockRate;
    private final int ptimeMillis;

    public TelephoneEventSender(int payloadType, int clockRate, int ptimeMillis) {
        if (payloadType < 96 || payloadType > 127) {
            throw new IllegalArgumentException("telephone-event uses a dynamic payload type, not " + payloadType);
        }
        this.payloadType = payloadType;
        this.clockRate = clockRate;
        this.ptimeMillis = ptimeMillis;
    }

    /**
     * The packets of {@code key} held for {@code durationMillis} (at least one packet time),
     * starting at RTP {@code timestamp} with sequence number {@code firstSeq}. The caller sends them
     * one packet time apart; the three end packets may go together.
     */
    public List<RtpPacket> packets(char key, int durationMillis, int firstSeq, long timestamp, long ssrc) {
        int event = TelephoneEvent.eventOf(key);
        if (event < 0) {
            throw new IllegalArgumentException("not a DTMF key: " + key);
        }
        int step = clockRate * ptimeMillis / 1000;
        int total = Math.min(0xFFFF, Math.max(step, clockRate * durationMillis / 1000));
        List<RtpPacket> out = new ArrayList<>();
        int seq = firstSeq;
        for (int d = step; d < total; d += step) {
            out.add(packet(out.isEmpty(), seq, timestamp, ssrc, new TelephoneEvent(event, false, VOLUME, d)));
            seq = (seq + 1) & 0xFFFF;
        }
        for (int i = 0; i < END_REPEATS; i++) {
            out.add(packet(out.isEmpty(), seq, timestamp, ssrc, new TelephoneEvent(event, true, VOLUME, total)));
            seq = (seq + 1) & 0xFFFF;
        }
        return out;
    }

    private RtpPacket packet(boolean first, int seq, long timestamp, long ssrc, TelephoneEvent e) {
        return RtpPacket.of(first, payloadType, seq, timestamp, ssrc, e.toBytes());
    }
}
