package io.phonehome.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Symmetric RTP (RFC 4961) with a guarded latch: where a call's media goes, and which packets are
 * the call's. A phone behind NAT sends from another port than its SDP says, so Phonehome learns
 * the real one from the first packets; but anyone who can reach the port could send first and
 * take the stream over ("RTP bleed"). So a latch is taken only
 * <ul>
 *   <li>from the address the call's signalling came from (the phone's NAT has one public address
 *       for SIP and RTP; an attacker elsewhere does not have it),</li>
 *   <li>within the first {@code windowPackets} packets from that address and the first
 *       {@code windowMillis} of the stream (packets from elsewhere do not count, or a flood from
 *       anywhere could close the window before the phone's first packet and leave it unheard),</li>
 *   <li>once: after it, only the latched source is the call's.</li>
 * </ul>
 * Until a latch, only the SDP's own address and port are accepted. Not thread-safe: one I/O
 * thread reads a call's socket.
 */
public final class LatchGuard {
    private final InetSocketAddress advertised;
    private final InetAddress signallingSource;
    private final int windowPackets;
    private final long windowEndsMillis;
    private InetSocketAddress latched;
    private int seen;
    private long refused;

    /**
     * @param advertised the address and port of the peer's SDP
     * @param signallingSource the address the peer's SIP requests came from
     * @param startMillis when the stream began (the answer went out)
     */
    public LatchGuard(InetSocketAddress advertised, InetAddress signallingSource, int windowPackets, long windowMillis, long startMillis) {
        this.advertised = Objects.requireNonNull(advertised, "advertised");
        this.signallingSource = Objects.requireNonNull(signallingSource, "signallingSource");
        this.windowPackets = windowPackets;
        this.windowEndsMillis = startMillis + windowMillis;
    }

    /** Whether a well-formed packet from {@code source} at {@code nowMillis} belongs to the call; may take the latch. */
    public boolean admit(InetSocketAddress source, long nowMillis) {
        boolean fromSignalling = source.getAddress().equals(signallingSource);
        if (fromSignalling) {
            seen++;
        }
        if (latched != null) {
            return count(latched.equals(source));
        }
        if (source.equals(advertised)) {
            latched = source; // the peer sends from where it said: nothing to learn, nothing to move
            return true;
        }
        boolean early = seen <= windowPackets && nowMillis < windowEndsMillis;
        if (early && fromSignalling) {
            latched = source;
            return true;
        }
        return count(false);
    }

    private boolean count(boolean ok) {
        if (!ok) {
            refused++;
        }
        return ok;
    }

    /** Where the call's RTP goes: the latched source, else the SDP's address. */
    public InetSocketAddress target() {
        return latched != null ? latched : advertised;
    }

    public boolean isLatched() {
        return latched != null;
    }

    /** Packets refused as not the call's: a security signal when it grows. */
    public long refused() {
        return refused;
    }
}
