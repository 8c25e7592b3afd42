package io.phonehome.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;

/**
 * One call's RTCP (RFC 3550 section 6) on the odd port above its RTP port: what Phonehome tells
 * the peer about the stream it receives (a receiver report block from {@link RtpReceptionStats}:
 * loss, jitter, LSR/DLSR) and sends (a sender report while it sends), and what it accepts from the
 * peer. Reports go out every {@value #INTERVAL_MILLIS} ms on average, randomised between half and
 * one and a half times that (section 6.3.1, the fixed minimum of two parties being far below any
 * bandwidth share), and once the call uses SDES keys they are SRTCP with the call's keys (RFC 3711
 * section 3.4).
 *
 * <p>What arrives is held to the RTP stream's peer: only datagrams from the address the call's RTP
 * is latched to (any port: a NAT moves the RTCP port too) are read as RTCP, only a well-formed,
 * authenticated compound is used, and nothing but the last sender report's time is kept from it,
 * so a flood of reports costs reading and nothing else. Not thread-safe: the stream calls it under
 * its own lock.
 */
final class RtcpSession {
    static final long INTERVAL_MILLIS = 5000;
    /** The largest RTCP datagram read; larger ones are dropped (a compound of 31 blocks and a CNAME is far smaller). */
    static final int MAX_DATAGRAM = 1500;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Seconds from 1900 (NTP's era) to 1970 (the JDK's). */
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    private final DatagramChannel channel;
    private final long ssrc;
    private final String cname;
    private final ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM + 1);
    private RtpReceptionStats stats;
    private long packetsSent;
    private long octetsSent;
    private long lastRtpTimestamp;
    /** Whether RTP went out since the last report, and in the interval before it (section 6.4: a sender of either interval sends SR). */
    private boolean sentThisInterval;
    private boolean sentLastInterval;
    private long nextReportMillis;
    private long reportsSent;
    private long reportsReceived;
    private long refused;
    private RtcpPacket.Report lastPeerReport;

    RtcpSession(DatagramChannel channel, long ssrc, long nowMillis) {
        this.channel = channel;
        this.ssrc = ssrc;
        this.cname = "phonehome-" + Long.toHexString(ssrc);
        this.nextReportMillis = nowMillis + nextInterval();
    }

    private static long nextInterval() {
        return INTERVAL_MILLIS / 2 + (long) (RANDOM.nextDouble() * INTERVAL_MILLIS);
    }

    /** An RTP packet of the call's peer, admitted and (with SRTP) authenticated: counted for the report block. */
    void received(RtpPacket p, long nowNanos) {
        if (stats == null || stats.ssrc() != p.ssrc()) {
            stats = new RtpReceptionStats(p.ssrc(), p.sequenceNumber()); // a new source (a restart of the peer's stream)
        }
        if (stats.acceptSequence(p.sequenceNumber())) {
            // arrival in the 8 kHz RTP clock of every codec Phonehome answers with (G.722's RTP clock is 8000 too)
            stats.recordArrival(p.timestamp(), nowNanos / 125_000L);
        }
    }

    /** An RTP packet Phonehome sent: counted for the sender report. */
    void sent(int payloadBytes, long rtpTimestamp) {
        packetsSent++;
        octetsSent += payloadBytes;
        lastRtpTimestamp = rtpTimestamp;
        sentThisInterval = true;
    }

    /**
     * Sends a report when one is due: a sender report when Phonehome sent RTP in this or the last
     * interval, else a receiver report; with a report block when the peer's stream was heard.
     *
     * @param to the peer's RTCP address (its RTP address with the port above), null when unknown
     * @param protect SRTCP for the call's sending key, null without SRTP
     */
    void tick(long nowMillis, long nowNanos, InetSocketAddress to, SrtpContext protect) throws IOException {
        if (nowMillis < nextReportMillis || to == null) {
            return;
        }
        nextReportMillis = nowMillis + nextInterval();
        boolean sender = sentThisInterval || sentLastInterval;
        sentLastInterval = sentThisInterval;
        sentThisInterval = false;
        List<RtcpPacket.ReportBlock> blocks = stats == null ? List.of() : List.of(stats.reportBlock(nowNanos));
        RtcpPacket.Report report = sender
                ? new RtcpPacket.SenderReport(ssrc, ntp(nowMillis), lastRtpTimestamp & 0xFFFF_FFFFL, packetsSent & 0xFFFF_FFFFL,
                        octetsSent & 0xFFFF_FFFFL, blocks)
                : new RtcpPacket.ReceiverReport(ssrc, blocks);
        byte[] out = RtcpPacket.compound(report, cname);
        if (protect != null) {
            Outcome<byte[]> p = protect.protectRtcp(out);
            if (!p.isOk()) {
                return;
            }
            out = p.value();
        }
        channel.send(ByteBuffer.wrap(out), to);
        reportsSent++;
    }

    /** The 64-bit NTP timestamp of a wall-clock time. */
    static long ntp(long epochMillis) {
        long seconds = epochMillis / 1000 + NTP_EPOCH_OFFSET;
        long fraction = (epochMillis % 1000) * 0x1_0000_0000L / 1000;
        return seconds << 32 | fraction;
    }

    /**
     * Reads every waiting datagram: RTCP from the peer's address is checked (SRTCP first when
     * {@code unprotect} is set) and, when it holds a sender report, remembered for LSR/DLSR.
     * Anything else is counted as refused and dropped; nothing here throws on what a peer sends.
     *
     * @param peer where the call's RTP comes from (the latched source or the SDP's address)
     */
    void readable(InetSocketAddress peer, SrtpContext unprotect, long nowNanos) throws IOException {
        while (true) {
            in.clear();
            SocketAddress from = channel.receive(in);
            if (from == null) {
                return;
            }
            int length = in.position();
            if (peer == null || length > MAX_DATAGRAM || !(from instanceof InetSocketAddress a) || !a.getAddress().equals(peer.getAddress())) {
                refused++;
                continue;
            }
            byte[] packet = in.array();
            if (unprotect != null) {
                Outcome<byte[]> clear = unprotect.unprotectRtcp(packet, length);
                if (!clear.isOk()) {
                    refused++;
                    continue;
                }
                packet = clear.value();
                length = packet.length;
            }
            Outcome<RtcpPacket.Compound> parsed = RtcpPacket.parse(packet, 0, length);
            if (!parsed.isOk() || parsed.value().reports().isEmpty()) {
                refused++;
                continue;
            }
            RtcpPacket.Report r = parsed.value().reports().get(0);
            if (r instanceof RtcpPacket.SenderReport sr && stats != null && sr.ssrc() == stats.ssrc()) {
                stats.recordSenderReport(sr.ntpTimestamp(), nowNanos);
            }
            lastPeerReport = r;
            reportsReceived++;
        }
    }

    long reportsSent() {
        return reportsSent;
    }

    long reportsReceived() {
        return reportsReceived;
    }

    long refused() {
        return refused;
    }

    RtcpPacket.Report lastPeerReport() {
        return lastPeerReport;
    }

    void close() throws IOException {
        channel.close();
    }
}
