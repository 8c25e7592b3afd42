package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpPacketTest {
    private static final RtcpPacket.ReportBlock BLOCK = new RtcpPacket.ReportBlock(0x11223344L, 25, -3, 70_000, 12, 0x23456789L, 32_768);

    @Test
    void aSenderReportWithItsCnameReadsBackAsWritten() {
        var sr = new RtcpPacket.SenderReport(0xCAFEBABEL, 0xE1234567_89ABCDEFL, 160_000, 1000, 160_000, List.of(BLOCK));
        byte[] wire = RtcpPacket.compound(sr, "phonehome@example.test");
        assertThat(wire.length % 4).isZero();
        var c = RtcpPacket.parse(wire).value();
        assertThat(c.reports()).containsExactly(sr);
        assertThat(c.cname()).contains("phonehome@example.test");
        assertThat(c.bye()).isFalse();
    }

    @Test
    void aReceiverReportKeepsANegativeCumulativeLoss() {
        var rr = new RtcpPacket.ReceiverReport(7, List.of(BLOCK));
        var c = RtcpPacket.parse(RtcpPacket.compound(rr, "x")).value();
        assertThat(((RtcpPacket.ReceiverReport) c.reports().get(0)).blocks().get(0).cumulativeLost()).isEqualTo(-3);
    }

    @Test
    void writesTheHeaderWordsRfc3550Defines() {
        byte[] wire = RtcpPacket.compound(new RtcpPacket.ReceiverReport(1, List.of()), "ab");
        // RR: V=2 RC=0, PT 201, length 1 (8 bytes); SDES: V=2 SC=1, PT 202, length 3 (16 bytes):
        // SSRC, CNAME "ab", and a whole word of nulls since the item list must end with one.
        assertThat(Hex.of(wire)).isEqualTo("80C9000100000001" + "81CA000300000001" + "01026162" + "00000000");
    }

    @Test
    void refusesACompoundThatDoesNotStartWithAReport() {
        byte[] wire = RtcpPacket.compound(new RtcpPacket.ReceiverReport(1, List.of()), "ab");
        byte[] sdesOnly = java.util.Arrays.copyOfRange(wire, 8, wire.length);
        assertThat(RtcpPacket.parse(sdesOnly).why()).contains("start with SR or RR");
    }

    @Test
    void refusesALengthThatRunsPastTheDatagram() {
        assertThat(RtcpPacket.parse(Hex.bytes("80C9 0005 00000001")).why()).contains("runs past");
    }

    @Test
    void refusesAReportCountLongerThanItsPacket() {
        assertThat(RtcpPacket.parse(Hex.bytes("81C9 0001 00000001")).why()).contains("blocks");
    }

    @Test
    void refusesAWrongVersionInALaterPacket() {
        assertThat(RtcpPacket.parse(Hex.bytes("80C9 0001 00000001 41CA 0000")).why()).contains("version 1");
    }

    @Test
    void refusesAPaddedFirstPacket() {
        assertThat(RtcpPacket.parse(Hex.bytes("A0C9 0001 00000004")).why()).contains("padded");
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(3551);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[4 * r.nextInt(20)];
            r.nextBytes(b);
            if (b.length > 1) {
                b[0] = (byte) (0x80 | (b[0] & 0x1F));
                b[1] = (byte) (200 + r.nextInt(4));
            }
            RtcpPacket.parse(b);
        }
    }
}
