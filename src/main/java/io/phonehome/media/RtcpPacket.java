package io.phonehome.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * RTCP sender and receiver reports (RFC 3550 section 6.4) in the compound packets section 6.1
 * requires: a report first, then an SDES item with the CNAME. Reading checks the compound as
 * appendix A.2 does (version 2 everywhere, a report first, no padding on the first packet,
 * lengths that add up to the datagram); SDES other than CNAME, BYE and APP are stepped over.
 */
public final class RtcpPacket {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    private static final int CNAME = 1;

    private RtcpPacket() {
    }

    /** One reception report block (section 6.4.1). */
    public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
            long jitter, long lastSr, long delaySinceLastSr) {
        public ReportBlock {
            RtpPacket.checkU32(ssrc, "ssrc");
            if (fractionLost < 0 || fractionLost > 255) {
                throw new IllegalArgumentException("fraction lost is 8 bits: " + fractionLost);
            }
            if (cumulativeLost < -0x800000 || cumulativeLost > 0x7FFFFF) {
                throw new IllegalArgumentException("cumulative lost is 24 bits signed: " + cumulativeLost);
            }
            RtpPacket.checkU32(extendedHighestSequence, "extended highest sequence");
            RtpPacket.checkU32(jitter, "jitter");
            RtpPacket.checkU32(lastSr, "LSR");
            RtpPacket.checkU32(delaySinceLastSr, "DLSR");
        }
    }

    /** A sender or receiver report. */
    public sealed interface Report permits SenderReport, ReceiverReport {
        long ssrc();

        List<ReportBlock> blocks();
    }

    /** A sender report; {@code ntpTimestamp} is the 64-bit NTP wall clock. */
    public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
            List<ReportBlock> blocks) implements Report {
        public SenderReport {
            RtpPacket.checkU32(ssrc, "ssrc");
            RtpPacket.checkU32(rtpTimestamp, "RTP timestamp");
            RtpPacket.checkU32(packetCount, "packet count");
            RtpPacket.checkU32(octetCount, "octet count");
            blocks = List.copyOf(blocks);
            checkBlocks(blocks);
        }
    }

    public record ReceiverReport(long ssrc, List<ReportBlock> blocks) implements Report {
        public ReceiverReport {
            RtpPacket.checkU32(ssrc, "ssrc");
            blocks = List.copyOf(blocks);
            checkBlocks(blocks);
        }
    }

    /** What a compound packet said: its reports, the sender's CNAME when given, and whether it said BYE. */
    public record Compound(List<Report> reports, Optional<String> cname, boolean bye) {
    }

    private static void checkBlocks(List<ReportBlock> blocks) {
        if (blocks.size() > 31) {
            throw new IllegalArgumentException("at most 31 report blocks in one report");
        }
    }

    /** A compound packet: the report, then SDES with the CNAME (at most 255 UTF-8 bytes). */
    public static byte[] compound(Report report, String cname) {
        Objects.requireNonNull(cname, "cname");
        byte[] name = cname.getBytes(StandardCharsets.UTF_8);
        if (name.length > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes");
        }
        int reportLen = 8 + (report instanceof SenderReport ? 20 : 0) + 24 * report.blocks().size();
        // SDES chunk: SSRC, item type+length+text, a terminating null, padded to 32 bits.
        int chunk = 4 + 2 + name.length + 1;
        chunk = (chunk + 3) & ~3;
        int sdesLen = 4 + chunk;
        ByteBuffer out = ByteBuffer.allocate(reportLen + sdesLen);
        out.put((byte) (0x80 | report.blocks().size()));
        out.put((byte) (report instanceof SenderReport ? SR : RR));
        out.putShort((short) (reportLen / 4 - 1));
        out.putInt((int) report.ssrc());
        if (report instanceof SenderReport sr) {
            out.putLong(sr.ntpTimestamp());
            out.putInt((int) sr.rtpTimestamp());
            out.putInt((int) sr.packetCount());
            out.putInt((int) sr.octetCount());
        }
        for (ReportBlock b : report.blocks()) {
            out.putInt((int) b.ssrc());
            out.putInt(b.fractionLost() << 24 | (b.cumulativeLost() & 0xFFFFFF));
            out.putInt((int) b.extendedHighestSequence());
            out.putInt((int) b.jitter());
            out.putInt((int) b.lastSr());
            out.putInt((int) b.delaySinceLastSr());
        }
        out.put((byte) 0x81);
        out.put((byte) SDES);
        out.putShort((short) (sdesLen / 4 - 1));
        out.putInt((int) report.ssrc());
        out.put((byte) CNAME);
        out.put((byte) name.length);
        out.put(name);
        // the rest is zero already: the end-of-list null and the padding to a word.
        return out.array();
    }

    public static Outcome<Compound> parse(byte[] datagram) {
        return parse(datagram, 0, datagram.length);
    }

    /** Reads a compound RTCP packet, refusing what appendix A.2's validity checks refuse. */
    public static Outcome<Compound> parse(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            return Outcome.refused("length outside the buffer");
        }
        if (length < 8 || length % 4 != 0) {
            return Outcome.refused("RTCP length " + length + " is not a whole number of words of at least 8 bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(buf, offset, length).slice();
        List<Report> reports = new ArrayList<>();
        String cname = null;
        boolean bye = false;
        boolean first = true;
        while (in.hasRemaining()) {
            int start = in.position();
            if (in.remaining() < 4) {
                return Outcome.refused("trailing bytes after the last RTCP packet");
            }
            int b0 = in.get() & 0xFF;
            int pt = in.get() & 0xFF;
            int words = in.getShort() & 0xFFFF;
            int len = 4 * (words + 1);
            if ((b0 >>> 6) != 2) {
                return Outcome.refused("RTCP version " + (b0 >>> 6) + ", not 2");
            }
            if (len > in.remaining() + 4) {
                return Outcome.refused("RTCP packet length " + len + " runs past the datagram");
            }
            boolean padded = (b0 & 0x20) != 0;
            if (first && (pt != SR && pt != RR)) {
                return Outcome.refused("a compound RTCP packet must start with SR or RR, not " + pt);
            }
            if (first && padded) {
                return Outcome.refused("the first RTCP packet of a compound is never padded");
            }
            int end = start + len;
            int bodyEnd = end;
            if (padded) {
                int pad = in.get(end - 1) & 0xFF;
                if (pad == 0 || pad > len - 4) {
                    return Outcome.refused("RTCP padding of " + pad + " does not fit its packet");
                }
                bodyEnd -= pad;
            }
            int count = b0 & 0x1F;
            if (pt == SR || pt == RR) {
                int need = 8 + (pt == SR ? 20 : 0) + 24 * count;
                if (need > bodyEnd - start) {
                    return Outcome.refused("report with " + count + " blocks is longer than its packet");
                }
                long ssrc = in.getInt() & 0xFFFFFFFFL;
                long ntp = 0;
                long rtpTs = 0;
                long packets = 0;
                long octets = 0;
                if (pt == SR) {
                    ntp = in.getLong();
                    rtpTs = in.getInt() & 0xFFFFFFFFL;
                    packets = in.getInt() & 0xFFFFFFFFL;
                    octets = in.getInt() & 0xFFFFFFFFL;
                }
                List<ReportBlock> blocks = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    long s = in.getInt() & 0xFFFFFFFFL;
                    int lostWord = in.getInt();
                    int fraction = lostWord >>> 24;
                    int cumulative = (lostWord << 8) >> 8;
                    blocks.add(new ReportBlock(s, fraction, cumulative, in.getInt() & 0xFFFFFFFFL,
                            in.getInt() & 0xFFFFFFFFL, in.getInt() & 0xFFFFFFFFL, in.getInt() & 0xFFFFFFFFL));
                }
                reports.add(pt == SR ? new SenderReport(ssrc, ntp, rtpTs, packets, octets, blocks)
                        : new ReceiverReport(ssrc, blocks));
            } else if (pt == SDES && cname == null) {
                cname = firstCname(in, start + 4, bodyEnd, count);
            } else if (pt == BYE) {
                bye = true;
            }
            in.position(end);
            first = false;
        }
        return Outcome.ok(new Compound(List.copyOf(reports), Optional.ofNullable(cname), bye));
    }

    /** The first CNAME item of an SDES packet's chunks, or null; malformed items end the search. */
    private static String firstCname(ByteBuffer in, int from, int to, int chunks) {
        int p = from;
        for (int c = 0; c < chunks && p + 4 <= to; c++) {
            p += 4;
            while (p < to) {
                int type = in.get(p) & 0xFF;
                if (type == 0) {
                    p = (p + 4) & ~3;
                    break;
                }
                if (p + 2 > to) {
                    return null;
                }
                int len = in.get(p + 1) & 0xFF;
                if (p + 2 + len > to) {
                    return null;
                }
                if (type == CNAME) {
                    byte[] text = new byte[len];
                    in.get(p + 2, text);
                    return new String(text, StandardCharsets.UTF_8);
                }
                p += 2 + len;
            }
        }
        return null;
    }
}
