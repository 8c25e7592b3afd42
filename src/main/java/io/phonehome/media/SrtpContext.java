package io.phonehome.media;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of an SRTP session (RFC 3711): the session keys derived from one SDES master
 * key, and per SSRC the rollover counter, the replay window and, for sending, the SRTCP index.
 * Phonehome makes one context for what it sends (keyed by its own {@code a=crypto}) and one for
 * what it receives (keyed by the peer's).
 *
 * <p>Receiving checks in the order section 3.3 gives: index estimate, replay window,
 * authentication tag, and only then decrypts and moves the counter and window, so forged or
 * replayed packets change nothing. A context follows at most {@value #MAX_STREAMS} SSRCs: a call
 * has one, a few when a phone restarts its stream; more is someone spraying SSRCs. Not
 * thread-safe: one call's media runs on one thread.
 */
public final class SrtpContext {
    static final int MAX_STREAMS = 8;
    private static final long MAX_SRTCP_INDEX = (1L << 31) - 1;
    private static final int SRTCP_E_INDEX_BYTES = 4;

    private final SrtpSuite suite;
    private final AesCounterMode rtpCipher;
    private final byte[] rtpSalt;
    private final Mac rtpMac;
    private final AesCounterMode rtcpCipher;
    private final byte[] rtcpSalt;
    private final Mac rtcpMac;
    private final long lifetimePackets;
    private final Map<Long, Stream> streams = new HashMap<>();
    private long rtpPackets;
    private long rtcpPackets;

    private static final class Stream {
        final RolloverCounter roc = new RolloverCounter();
        final ReplayWindow rtpWindow = new ReplayWindow();
        final ReplayWindow rtcpWindow = new ReplayWindow();
        long nextRtcpIndex;
    }

    /** A context whose master key may be used for 2^48 packets (RFC 3711's default lifetime). */
    public SrtpContext(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) {
        this(suite, masterKey, masterSalt, 1L << 48);
    }

    /** A context that stops after {@code lifetimePackets} SRTP (and as many SRTCP) packets, as an SDES lifetime says. */
    public SrtpContext(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, long lifetimePackets) {
        this.suite = suite;
        this.lifetimePackets = lifetimePackets;
        rtpCipher = new AesCounterMode(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16));
        rtpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, 14);
        rtpMac = hmac(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_AUTH, SrtpSuite.AUTH_KEY_BYTES));
        rtcpCipher = new AesCounterMode(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, 16));
        rtcpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_SALT, 14);
        rtcpMac = hmac(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_AUTH, SrtpSuite.AUTH_KEY_BYTES));
    }

    public SrtpSuite suite() {
        return suite;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA1, which every Java 17 runtime has", e);
        }
    }

    /** The counter block of section 4.1.1: session salt, XOR SSRC at bits 64..95, XOR index at bits 16..63. */
    static byte[] counterBlock(byte[] salt, long ssrc, long index) {
        byte[] iv = new byte[16];
        System.arraycopy(salt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        return iv;
    }

    private Stream stream(long ssrc) {
        Stream s = streams.get(ssrc);
        if (s == null && streams.size() < MAX_STREAMS) {
            s = new Stream();
            streams.put(ssrc, s);
        }
        return s;
    }

    private static long ssrcAt(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }

    private byte[] tag(Mac mac, byte[] data, int length, byte[] trailer, int tagBytes) {
        mac.update(data, 0, length);
        if (trailer != null) {
            mac.update(trailer);
        }
        return Arrays.copyOf(mac.doFinal(), tagBytes);
    }

    private static byte[] u32(long v) {
        return ByteBuffer.allocate(4).putInt((int) v).array();
    }

    /** An RTP packet made SRTP: payload encrypted, tag appended. */
    public Outcome<byte[]> protectRtp(byte[] rtp) {
        int header = RtpPacket.wireHeaderLength(rtp, rtp.length);
        if (header < 0) {
            return Outcome.refused("not an RTP packet");
        }
        if (rtpPackets >= lifetimePackets) {
            return Outcome.refused("the master key's lifetime is used up");
        }
        long ssrc = ssrcAt(rtp, 8);
        Stream s = stream(ssrc);
        if (s == null) {
            return Outcome.refused("more than " + MAX_STREAMS + " SSRCs on one key");
        }
        int seq = ((rtp[2] & 0xFF) << 8) | (rtp[3] & 0xFF);
        long index = s.roc.estimate(seq);
        if (index < 0) {
            return Outcome.refused("sequence number goes back before index 0");
        }
        s.roc.commit(index);
        rtpPackets++;
        int tagBytes = suite.rtpTagBytes();
        byte[] out = Arrays.copyOf(rtp, rtp.length + tagBytes);
        rtpCipher.apply(counterBlock(rtpSalt, ssrc, index), out, header, rtp.length - header);
        byte[] t = tag(rtpMac, out, rtp.length, u32(index >>> 16), tagBytes);
        System.arraycopy(t, 0, out, rtp.length, tagBytes);
        return Outcome.ok(out);
    }

    /** An SRTP packet checked and decrypted back into RTP; replays, forgeries and garbage are refused. */
    public Outcome<byte[]> unprotectRtp(byte[] srtp, int length) {
        int tagBytes = suite.rtpTagBytes();
        if (length > srtp.length || length < RtpPacket.FIXED_HEADER + tagBytes) {
            return Outcome.refused("shorter than an SRTP header and tag");
        }
        int plainLength = length - tagBytes;
        int header = RtpPacket.wireHeaderLength(srtp, plainLength);
        if (header < 0) {
            return Outcome.refused("not an RTP header");
        }
        long ssrc = ssrcAt(srtp, 8);
        Stream s = stream(ssrc);
        if (s == null) {
            return Outcome.refused("more than " + MAX_STREAMS + " SSRCs on one key");
        }
        int seq = ((srtp[2] & 0xFF) << 8) | (srtp[3] & 0xFF);
        long index = s.roc.estimate(seq);
        if (index < 0) {
            return Outcome.refused("sequence number before index 0");
        }
        if (!s.rtpWindow.isFresh(index)) {
            return Outcome.refused("replayed or too old (index " + index + ")");
        }
        if (rtpPackets >= lifetimePackets) {
            return Outcome.refused("the master key's lifetime is used up");
        }
        byte[] expected = tag(rtpMac, srtp, plainLength, u32(index >>> 16), tagBytes);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(srtp, plainLength, length))) {
            return Outcome.refused("authentication tag does not match");
        }
        byte[] out = Arrays.copyOf(srtp, plainLength);
        rtpCipher.apply(counterBlock(rtpSalt, ssrc, index), out, header, plainLength - header);
        s.roc.commit(index);
        s.rtpWindow.mark(index);
        rtpPackets++;
        return Outcome.ok(out);
    }

    /** An RTCP compound packet made SRTCP: encrypted after the first 8 bytes, E flag and index, tag. */
    public Outcome<byte[]> protectRtcp(byte[] rtcp) {
        if (rtcp.length < 8 || (rtcp[0] & 0xC0) != 0x80) {
            return Outcome.refused("not an RTCP packet");
        }
        long ssrc = ssrcAt(rtcp, 4);
        Stream s = stream(ssrc);
        if (s == null) {
            return Outcome.refused("more than " + MAX_STREAMS + " SSRCs on one key");
        }
        if (s.nextRtcpIndex > MAX_SRTCP_INDEX || rtcpPackets >= lifetimePackets) {
            return Outcome.refused("the SRTCP index or the master key's lifetime is used up");
        }
        long index = s.nextRtcpIndex++;
        rtcpPackets++;
        byte[] out = Arrays.copyOf(rtcp, rtcp.length + SRTCP_E_INDEX_BYTES + SrtpSuite.RTCP_TAG_BYTES);
        rtcpCipher.apply(counterBlock(rtcpSalt, ssrc, index), out, 8, rtcp.length - 8);
        byte[] eIndex = u32(0x8000_0000L | index);
        System.arraycopy(eIndex, 0, out, rtcp.length, 4);
        int authenticated = rtcp.length + SRTCP_E_INDEX_BYTES;
        byte[] t = tag(rtcpMac, out, authenticated, null, SrtpSuite.RTCP_TAG_BYTES);
        System.arraycopy(t, 0, out, authenticated, t.length);
        return Outcome.ok(out);
    }

    /** An SRTCP packet checked and, when its E flag says so, decrypted back into RTCP. */
    public Outcome<byte[]> unprotectRtcp(byte[] srtcp, int length) {
        int trailer = SRTCP_E_INDEX_BYTES + SrtpSuite.RTCP_TAG_BYTES;
        if (length > srtcp.length || length < 8 + trailer) {
            return Outcome.refused("shorter than an SRTCP header, index and tag");
        }
        if ((srtcp[0] & 0xC0) != 0x80) {
            return Outcome.refused("not an RTCP header");
        }
        int authenticated = length - SrtpSuite.RTCP_TAG_BYTES;
        long eIndex = ssrcAt(srtcp, authenticated - SRTCP_E_INDEX_BYTES);
        boolean encrypted = (eIndex & 0x8000_0000L) != 0;
        long index = eIndex & MAX_SRTCP_INDEX;
        long ssrc = ssrcAt(srtcp, 4);
        Stream s = stream(ssrc);
        if (s == null) {
            return Outcome.refused("more than " + MAX_STREAMS + " SSRCs on one key");
        }
        if (!s.rtcpWindow.isFresh(index)) {
            return Outcome.refused("replayed or too old SRTCP (index " + index + ")");
        }
        if (rtcpPackets >= lifetimePackets) {
            return Outcome.refused("the master key's lifetime is used up");
        }
        byte[] expected = tag(rtcpMac, srtcp, authenticated, null, SrtpSuite.RTCP_TAG_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(srtcp, authenticated, length))) {
            return Outcome.refused("SRTCP authentication tag does not match");
        }
        int plainLength = authenticated - SRTCP_E_INDEX_BYTES;
        byte[] out = Arrays.copyOf(srtcp, plainLength);
        if (encrypted) {
            rtcpCipher.apply(counterBlock(rtcpSalt, ssrc, index), out, 8, plainLength - 8);
        }
        s.rtcpWindow.mark(index);
        rtcpPackets++;
        return Outcome.ok(out);
    }
}
