package io.phonehome.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies of packet captures for SIPp's {@code play_pcap_audio}, which sends a capture's RTP
 * headers unchanged: a copy with its RTP sequence numbers and timestamps moved on plays as a later
 * part of a stream, so one shipped capture can be played twice in a call.
 */
public final class Pcaps {
    private Pcaps() {
    }

    /**
     * Writes {@code source} (classic little-endian pcap of Ethernet/IPv4/UDP/RTP, as SIPp ships) to
     * {@code target} with {@code seqOffset} added to every RTP sequence number and {@code tsOffset}
     * to every RTP timestamp. The UDP checksum is cleared (none, for IPv4), since it no longer fits.
     */
    public static Path shifted(Path source, Path target, int seqOffset, long tsOffset) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(source));
            b.order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != 0xa1b2c3d4 || b.getInt(20) != 1) {
                throw new IllegalArgumentException(source + " is not a little-endian Ethernet pcap");
            }
            int at = 24;
            while (at + 16 <= b.limit()) {
                int length = b.getInt(at + 8);
                int packet = at + 16;
                int ip = packet + 14;
                int udp = ip + (b.get(ip) & 0x0f) * 4;
                int rtp = udp + 8;
                ByteBuffer big = ByteBuffer.wrap(b.array()).order(ByteOrder.BIG_ENDIAN);
                big.putShort(udp + 6, (short) 0);
                big.putShort(rtp + 2, (short) ((big.getShort(rtp + 2) & 0xffff) + seqOffset));
                big.putInt(rtp + 4, (int) ((big.getInt(rtp + 4) & 0xffffffffL) + tsOffset));
                at = packet + length;
            }
            Files.write(target, b.array());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
