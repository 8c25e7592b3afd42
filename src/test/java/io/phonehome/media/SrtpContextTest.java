package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SrtpContextTest {
    private static final byte[] KEY = Hex.bytes("000102030405060708090A0B0C0D0E0F");
    private static final byte[] SALT = Hex.bytes("101112131415161718191A1B1C1D");

    private static SrtpContext context(SrtpSuite suite) {
        return new SrtpContext(suite, KEY, SALT);
    }

    private static byte[] rtp(int seq) {
        return RtpPacket.of(false, 0, seq & 0xFFFF, seq * 160L & 0xFFFFFFFFL, 0x1234, new byte[160]).toBytes();
    }

    @Test
    void theShortTagSuiteAppendsFourBytesAndTheLongTen() {
        assertThat(context(SrtpSuite.AES_CM_128_HMAC_SHA1_32).protectRtp(rtp(1)).value()).hasSize(172 + 4);
        assertThat(context(SrtpSuite.AES_CM_128_HMAC_SHA1_80).protectRtp(rtp(1)).value()).hasSize(172 + 10);
        assertThat(context(SrtpSuite.AES_CM_128_HMAC_SHA1_32).protectRtcp(new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 9})
                .value()).hasSize(8 + 4 + 10);
    }

    @Test
    void aReceiverFollowsTheSenderAcrossTheSequenceWrap() {
        for (SrtpSuite suite : SrtpSuite.values()) {
            SrtpContext tx = context(suite);
            SrtpContext rx = context(suite);
            for (int n = 65_500; n < 65_536 + 200; n++) {
                byte[] plain = rtp(n);
                byte[] wire = tx.protectRtp(plain).value();
                assertThat(rx.unprotectRtp(wire, wire.length).value()).as("packet %d", n).isEqualTo(plain);
            }
        }
    }

    @Test
    void packetsReorderedAroundTheWrapStillDecrypt() {
        SrtpContext tx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        List<byte[]> wire = new ArrayList<>();
        for (int n = 65_530; n < 65_536 + 6; n++) {
            wire.add(tx.protectRtp(rtp(n)).value());
        }
        SrtpContext rx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        int[] order = {0, 1, 2, 3, 6, 7, 4, 5, 8, 9, 10, 11}; // 65534 and 65535 arrive after 0 and 1
        for (int i : order) {
            byte[] w = wire.get(i);
            assertThat(rx.unprotectRtp(w, w.length).value()).isEqualTo(rtp(65_530 + i));
        }
    }

    @Test
    void aReplayedPacketIsRefused() {
        SrtpContext tx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpContext rx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] w = tx.protectRtp(rtp(7)).value();
        assertThat(rx.unprotectRtp(w, w.length).isOk()).isTrue();
        assertThat(rx.unprotectRtp(w, w.length).why()).contains("replayed");
    }

    @Test
    void aFlippedBitAnywhereFailsAuthenticationAndMovesNothing() {
        SrtpContext tx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        SrtpContext rx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        byte[] first = tx.protectRtp(rtp(10)).value();
        assertThat(rx.unprotectRtp(first, first.length).isOk()).isTrue();
        byte[] next = tx.protectRtp(rtp(11)).value();
        for (int bit = 0; bit < next.length * 8; bit += 7) {
            byte[] bad = next.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(rx.unprotectRtp(bad, bad.length).isOk()).as("bit %d", bit).isFalse();
        }
        assertThat(rx.unprotectRtp(next, next.length).isOk()).isTrue();
    }

    @Test
    void aForgedPacketFromTheNextCycleDoesNotAdvanceTheRolloverCounter() {
        SrtpContext tx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpContext rx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        byte[] w = tx.protectRtp(rtp(40_000)).value();
        rx.unprotectRtp(w, w.length);
        byte[] forged = tx.protectRtp(rtp(40_001)).value();
        forged[2] = 0; // sequence 0x0041: looks like the next cycle to the estimate
        forged[forged.length - 1] ^= 1;
        assertThat(rx.unprotectRtp(forged, forged.length).isOk()).isFalse();
        byte[] genuine = tx.protectRtp(rtp(40_002)).value();
        assertThat(rx.unprotectRtp(genuine, genuine.length).isOk()).isTrue();
    }

    @Test
    void theWrongKeyIsRefusedNotDecryptedIntoNoise() {
        byte[] w = context(SrtpSuite.AES_CM_128_HMAC_SHA1_80).protectRtp(rtp(1)).value();
        var other = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, new byte[16], SALT);
        assertThat(other.unprotectRtp(w, w.length).why()).contains("authentication");
    }

    @Test
    void truncatedOrGarbagePacketsAreRefusedWithoutThrowing() {
        SrtpContext rx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(rx.unprotectRtp(new byte[5], 5).isOk()).isFalse();
        assertThat(rx.unprotectRtp(new byte[30], 30).why()).contains("not an RTP header");
        assertThat(rx.unprotectRtcp(new byte[10], 10).isOk()).isFalse();
        assertThat(rx.unprotectRtp(new byte[30], 40).isOk()).isFalse();
        var random = new java.util.Random(3711);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[random.nextInt(60)];
            random.nextBytes(b);
            rx.unprotectRtp(b, b.length);
            rx.unprotectRtcp(b, b.length);
        }
    }

    @Test
    void srtcpRoundTripsAndRefusesReplays() {
        SrtpContext tx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        SrtpContext rx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        byte[] rtcp = RtcpPacket.compound(new RtcpPacket.ReceiverReport(0x1234, List.of()), "a@b");
        byte[] w = tx.protectRtcp(rtcp).value();
        assertThat(w).hasSize(rtcp.length + 14);
        assertThat(rx.unprotectRtcp(w, w.length).value()).isEqualTo(rtcp);
        assertThat(rx.unprotectRtcp(w, w.length).why()).contains("replayed");
    }

    @Test
    void aKeyLifetimeStopsProtectionOnceUsedUp() {
        SrtpContext tx = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY, SALT, 2);
        assertThat(tx.protectRtp(rtp(1)).isOk()).isTrue();
        assertThat(tx.protectRtp(rtp(2)).isOk()).isTrue();
        assertThat(tx.protectRtp(rtp(3)).why()).contains("lifetime");
    }

    @Test
    void aContextFollowsABoundedNumberOfSsrcs() {
        SrtpContext tx = context(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        for (int s = 0; s < SrtpContext.MAX_STREAMS; s++) {
            assertThat(tx.protectRtp(RtpPacket.of(false, 0, 1, 0, s, new byte[4]).toBytes()).isOk()).isTrue();
        }
        assertThat(tx.protectRtp(RtpPacket.of(false, 0, 1, 0, 999, new byte[4]).toBytes()).why()).contains("SSRCs");
    }
}
