package io.phonehome.media;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Turns a call's RTP stream into DTMF keys (RFC 4733 section 2.5.2): each key once, whatever the
 * network did to its packets.
 *
 * <p>An event is known by its RTP timestamp, which every packet of it repeats. A key is given
 * when its event ends: on the first packet with the end bit (the other two of the three
 * redundant end packets, and duplicates, are then recognised by the timestamp and dropped); when
 * a packet with a new timestamp starts the next event while the previous one never ended; or when
 * no packet of the event came for {@link #timeoutMillis()}, since all its end packets may be
 * lost. Audio packets in between are not events and change nothing. Not thread-safe.
 */
public final class TelephoneEventReceiver {
    /** The default silence after which an event without end is taken as ended: several 50 ms updates missed. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 300;
    /** Finished events remembered, so late duplicates of their end packets are not new keys. */
    private static final int RECENT = 16;

    /** A key as detected: the key, its duration in timestamp units, and whether its end packet came. */
    public record Key(char key, int duration, boolean endSeen) {
    }

    private final int payloadType;
    private final long timeoutMillis;
    private final Deque<Long> recentlyEnded = new ArrayDeque<>();
    private boolean active;
    private long activeTimestamp;
    private int activeEvent;
    private int activeDuration;
    private long lastPacketMillis;

    public TelephoneEventReceiver(int payloadType) {
        this(payloadType, DEFAULT_TIMEOUT_MILLIS);
    }

    public TelephoneEventReceiver(int payloadType, long timeoutMillis) {
        this.payloadType = payloadType;
        this.timeoutMillis = timeoutMillis;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** The keys a packet, arriving at {@code nowMillis}, completes; empty for audio and for repeats. */
    public List<Key> receive(RtpPacket packet, long nowMillis) {
        List<Key> out = new ArrayList<>(1);
        expire(nowMillis, out);
        if (packet.payloadType() != payloadType) {
            return out;
        }
        Outcome<TelephoneEvent> parsed = TelephoneEvent.parse(packet.payload());
        if (!parsed.isOk() || parsed.value().key().isEmpty()) {
            return out;
        }
        TelephoneEvent e = parsed.value();
        long ts = packet.timestamp();
        if (recentlyEnded.contains(ts)) {
            return out; // a redundant end packet or a late duplicate of a finished event
        }
        if (active && (ts != activeTimestamp || e.event() != activeEvent)) {
            finish(false, out); // a new event began: the last one lost all its end packets
        }
        if (!active) {
            active = true;
            activeTimestamp = ts;
            activeEvent = e.event();
            activeDuration = 0;
        }
        activeDuration = Math.max(activeDuration, e.duration());
        lastPacketMillis = nowMillis;
        if (e.end()) {
            finish(true, out);
        }
        return out;
    }

    /** The key whose packets stopped coming without an end, once {@link #timeoutMillis()} passed. */
    public List<Key> poll(long nowMillis) {
        List<Key> out = new ArrayList<>(1);
        expire(nowMillis, out);
        return out;
    }

    private void expire(long nowMillis, List<Key> out) {
        if (active && nowMillis - lastPacketMillis >= timeoutMillis) {
            finish(false, out);
        }
    }

    private void finish(boolean endSeen, List<Key> out) {
        out.add(new Key(TelephoneEvent.keyOf(activeEvent).orElseThrow(), activeDuration, endSeen));
        recentlyEnded.addLast(activeTimestamp);
        if (recentlyEnded.size() > RECENT) {
            recentlyEnded.removeFirst();
        }
        active = false;
    }
}
