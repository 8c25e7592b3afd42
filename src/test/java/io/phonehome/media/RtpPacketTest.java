package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void readsEveryFieldOfAHandWrittenPacket() {
        // V=2 P=0 X=0 CC=1, M=1 PT=0, seq 0x1234, ts 0xDEADBEEF, ssrc 0xCAFEBABE, one CSRC, 3 bytes.
        byte[] wire = Hex.bytes("81 80 1234 DEADBEEF CAFEBABE 01020304 AABBCC");
        RtpPacket p = RtpPacket.parse(wire).value();
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isZero();
        assertThat(p.sequenceNumber()).isEqualTo(0x1234);
        assertThat(p.timestamp()).isEqualTo(0xDEADBEEFL);
        assertThat(p.ssrc()).isEqualTo(0xCAFEBABEL);
        assertThat(p.csrcs()).containsExactly(0x01020304L);
        assertThat(p.payload()).containsExactly(0xAA, 0xBB, 0xCC);
        assertThat(p.toBytes()).isEqualTo(wire);
    }

    @Test
    void keepsTheHeaderExtensionAndStripsPadding() {
        // X=1 P=1: extension profile 0xBEDE, 1 word; payload 2 bytes, then 2 bytes of padding.
        byte[] wire = Hex.bytes("B0 08 0001 00000010 00000020 BEDE0001 11223344 5566 0002");
        RtpPacket p = RtpPacket.parse(wire).value();
        assertThat(p.extension().profile()).isEqualTo(0xBEDE);
        assertThat(p.extension().data()).containsExactly(0x11, 0x22, 0x33, 0x44);
        assertThat(p.payload()).containsExactly(0x55, 0x66);
        assertThat(RtpPacket.parse(p.toBytes()).value()).isEqualTo(p);
    }

    @Test
    void refusesAWrongVersion() {
        assertThat(RtpPacket.parse(Hex.bytes("40 00 0001 00000000 00000000")).why()).contains("version 1");
    }

    @Test
    void refusesAPacketShorterThanTheFixedHeader() {
        assertThat(RtpPacket.parse(Hex.bytes("80 00 0001 00000000 000000")).why()).contains("shorter");
    }

    @Test
    void refusesACsrcCountThatRunsPastThePacket() {
        assertThat(RtpPacket.parse(Hex.bytes("82 00 0001 00000000 00000000 00000001")).why()).contains("CSRC");
    }

    @Test
    void refusesAnExtensionLongerThanThePacket() {
        assertThat(RtpPacket.parse(Hex.bytes("90 00 0001 00000000 00000000 BEDE0002 11223344")).why()).contains("extension");
        assertThat(RtpPacket.parse(Hex.bytes("90 00 0001 00000000 00000000 BEDE")).why()).contains("extension");
    }

    @Test
    void refusesPaddingOfZeroOrIntoTheHeader() {
        assertThat(RtpPacket.parse(Hex.bytes("A0 00 0001 00000000 00000000 AA00")).why()).contains("padding count of 0");
        assertThat(RtpPacket.parse(Hex.bytes("A0 00 0001 00000000 00000000 AA05")).why()).contains("padding");
    }

    @Test
    void refusesAnOffsetAndLengthOutsideTheBuffer() {
        assertThat(RtpPacket.parse(new byte[20], 10, 12).isOk()).isFalse();
        assertThat(RtpPacket.parse(new byte[20], -1, 12).isOk()).isFalse();
    }

    @Test
    void readsAPacketAtAnOffsetInsideALargerBuffer() {
        byte[] wire = RtpPacket.of(false, 8, 7, 160, 99, new byte[] {1, 2}).toBytes();
        byte[] buf = new byte[wire.length + 10];
        System.arraycopy(wire, 0, buf, 5, wire.length);
        assertThat(RtpPacket.parse(buf, 5, wire.length).value().payload()).containsExactly(1, 2);
    }

    @Test
    void randomBytesNeverThrowOnlyGetRefusedOrRead() {
        Random r = new Random(3550);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(80)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F));
            }
            Outcome<RtpPacket> o = RtpPacket.parse(b);
            if (o.isOk()) {
                assertThat(o.value().headerLength() + o.value().payloadLength()).isLessThanOrEqualTo(b.length);
            }
        }
    }
}
