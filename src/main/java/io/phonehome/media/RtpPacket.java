package io.phonehome.media;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One RTP packet (RFC 3550 section 5.1), read from the wire with every header field checked and
 * written back the same way. Padding is removed when read; a header extension (section 5.3.1) is
 * kept as its profile word and its data, so SRTP authenticates and relays it unchanged.
 *
 * @param timestamp and {@code ssrc} are unsigned 32-bit values held in a long
 * @param extension null when the X bit is clear
 */
public record RtpPacket(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc,
        long[] csrcs, HeaderExtension extension, byte[] payload) {

    public static final int VERSION = 2;
    public static final int FIXED_HEADER = 12;
    /** The largest packet read: a UDP payload over IPv4; anything larger is not a datagram we were sent. */
    public static final int MAX_PACKET = 65_507;

    /** The header extension: a 16-bit profile-defined word and data in 32-bit words. */
    public record HeaderExtension(int profile, byte[] data) {
        public HeaderExtension {
            if (profile < 0 || profile > 0xFFFF) {
                throw new IllegalArgumentException("extension profile out of range: " + profile);
            }
            if (data.length % 4 != 0 || data.length / 4 > 0xFFFF) {
                throw new IllegalArgumentException("extension data must be whole 32-bit words, at most 65535");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    public RtpPacket {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException("sequence number out of range: " + sequenceNumber);
        }
        checkU32(timestamp, "timestamp");
        checkU32(ssrc, "ssrc");
        Objects.requireNonNull(payload, "payload");
        csrcs = csrcs == null ? new long[0] : csrcs.clone();
        if (csrcs.length > 15) {
            throw new IllegalArgumentException("at most 15 CSRCs, got " + csrcs.length);
        }
        for (long c : csrcs) {
            checkU32(c, "csrc");
        }
        payload = payload.clone();
    }

    /** A packet with no CSRC and no extension: what Phonehome sends. */
    public static RtpPacket of(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc, byte[] payload) {
        return new RtpPacket(marker, payloadType, sequenceNumber, timestamp, ssrc, null, null, payload);
    }

    @Override
    public long[] csrcs() {
        return csrcs.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    /** Reads a whole datagram. */
    public static Outcome<RtpPacket> parse(byte[] datagram) {
        return parse(datagram, 0, datagram.length);
    }

    /**
     * Reads {@code length} bytes at {@code offset}. Refuses, with the reason, a wrong version, a
     * header (CSRC list, extension) or padding that claims more than the datagram holds, a zero
     * padding count, and anything outside 12..{@value #MAX_PACKET} bytes.
     */
    public static Outcome<RtpPacket> parse(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            return Outcome.refused("length outside the buffer");
        }
        if (length < FIXED_HEADER) {
            return Outcome.refused("shorter than the 12-byte RTP header: " + length);
        }
        if (length > MAX_PACKET) {
            return Outcome.refused("longer than a UDP datagram: " + length);
        }
        int b0 = buf[offset] & 0xFF;
        int version = b0 >>> 6;
        if (version != VERSION) {
            return Outcome.refused("RTP version " + version + ", not 2");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean hasExtension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int b1 = buf[offset + 1] & 0xFF;
        int header = FIXED_HEADER + 4 * csrcCount;
        if (header > length) {
            return Outcome.refused("CSRC count " + csrcCount + " runs past the packet");
        }
        ByteBuffer in = ByteBuffer.wrap(buf, offset, length);
        in.position(offset + 2);
        int seq = in.getShort() & 0xFFFF;
        long ts = in.getInt() & 0xFFFFFFFFL;
        long ssrc = in.getInt() & 0xFFFFFFFFL;
        long[] csrcs = new long[csrcCount];
        for (int i = 0; i < csrcCount; i++) {
            csrcs[i] = in.getInt() & 0xFFFFFFFFL;
        }
        HeaderExtension extension = null;
        if (hasExtension) {
            if (header + 4 > length) {
                return Outcome.refused("extension header runs past the packet");
            }
            int profile = in.getShort() & 0xFFFF;
            int words = in.getShort() & 0xFFFF;
            header += 4 + 4 * words;
            if (header > length) {
                return Outcome.refused("extension of " + words + " words runs past the packet");
            }
            byte[] data = new byte[4 * words];
            in.get(data);
            extension = new HeaderExtension(profile, data);
        }
        int end = length;
        if (padding) {
            int pad = buf[offset + length - 1] & 0xFF;
            if (pad == 0) {
                return Outcome.refused("padding bit set with a padding count of 0");
            }
            if (pad > length - header) {
                return Outcome.refused("padding of " + pad + " bytes runs into the header");
            }
            end -= pad;
        }
        byte[] payload = Arrays.copyOfRange(buf, offset + header, offset + end);
        return Outcome.ok(new RtpPacket((b1 & 0x80) != 0, b1 & 0x7F, seq, ts, ssrc, csrcs, extension, payload));
    }

    /**
     * The length of the header (CSRCs and extension included) of the packet in {@code buf[0, length)},
     * or -1 when the version is not 2 or the header does not fit: what SRTP needs to know before the
     * payload is decrypted, and without reading the padding, which is encrypted.
     */
    static int wireHeaderLength(byte[] buf, int length) {
        if (length < FIXED_HEADER || (buf[0] & 0xC0) != VERSION << 6) {
            return -1;
        }
        int header = FIXED_HEADER + 4 * (buf[0] & 0x0F);
        if ((buf[0] & 0x10) != 0) {
            if (header + 4 > length) {
                return -1;
            }
            header += 4 + 4 * (((buf[header + 2] & 0xFF) << 8) | (buf[header + 3] & 0xFF));
        }
        return header <= length ? header : -1;
    }

    /** The header's length in bytes, extension included. */
    public int headerLength() {
        return FIXED_HEADER + 4 * csrcs.length + (extension == null ? 0 : 4 + extension.data.length);
    }

    /** The packet on the wire, without padding. */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(headerLength() + payload.length);
        out.put((byte) (VERSION << 6 | (extension != null ? 0x10 : 0) | csrcs.length));
        out.put((byte) ((marker ? 0x80 : 0) | payloadType));
        out.putShort((short) sequenceNumber);
        out.putInt((int) timestamp);
        out.putInt((int) ssrc);
        for (long c : csrcs) {
            out.putInt((int) c);
        }
        if (extension != null) {
            out.putShort((short) extension.profile);
            out.putShort((short) (extension.data.length / 4));
            out.put(extension.data);
        }
        out.put(payload);
        return out.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket p && Arrays.equals(toBytes(), p.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp + ", ssrc="
                + Long.toHexString(ssrc) + ", m=" + marker + ", payload=" + payload.length + "]";
    }

    static void checkU32(long v, String what) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " is not an unsigned 32-bit value: " + v);
        }
    }
}
