package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpReceptionStatsTest {

    private static RtpReceptionStats validatedAt(int first) {
        RtpReceptionStats s = new RtpReceptionStats(1, first);
        assertThat(s.acceptSequence(first)).isFalse(); // probation: one packet is not yet a source
        assertThat(s.acceptSequence((first + 1) & 0xFFFF)).isTrue();
        return s;
    }

    @Test
    void aNewSourceIsOnProbationUntilTwoSequentialPackets() {
        RtpReceptionStats s = new RtpReceptionStats(1, 100);
        assertThat(s.acceptSequence(100)).isFalse();
        assertThat(s.acceptSequence(500)).isFalse(); // not sequential: probation restarts
        assertThat(s.acceptSequence(501)).isTrue();
    }

    @Test
    void extendsTheSequenceNumberAcrossTheWrap() {
        RtpReceptionStats s = validatedAt(65_534);
        assertThat(s.acceptSequence(0)).isTrue();
        assertThat(s.acceptSequence(1)).isTrue();
        assertThat(s.extendedHighestSequence()).isEqualTo(65_536 + 1);
        assertThat(s.cumulativeLost()).isZero();
    }

    @Test
    void aLatePacketBeforeTheWrapDoesNotAddACycle() {
        RtpReceptionStats s = validatedAt(65_534);
        s.acceptSequence(1);
        assertThat(s.acceptSequence(65_535)).isTrue(); // late, within MAX_MISORDER
        assertThat(s.extendedHighestSequence()).isEqualTo(65_537);
        assertThat(s.cumulativeLost()).isZero();
    }

    @Test
    void countsLossAndTheFractionLostOfTheInterval() {
        RtpReceptionStats s = validatedAt(10); // probation ends at 11, the base of the count
        for (int seq = 12; seq < 110; seq += 2) {
            s.acceptSequence(seq); // every other packet lost: 11..108 is 98 expected, 50 received
        }
        RtcpPacket.ReportBlock b = s.reportBlock(0);
        assertThat(b.cumulativeLost()).isEqualTo(s.cumulativeLost()).isEqualTo(48);
        assertThat(b.fractionLost()).isBetween(120, 130); // about half of 256
        assertThat(s.reportBlock(0).fractionLost()).isZero(); // the next interval has no packets
    }

    @Test
    void aBigJumpIsARestartOnlyWhenTheNextPacketFollowsIt() {
        RtpReceptionStats s = validatedAt(1000);
        assertThat(s.acceptSequence(40_000)).isFalse();
        assertThat(s.extendedHighestSequence()).isEqualTo(1001);
        assertThat(s.acceptSequence(40_001)).isTrue(); // the source restarted its numbering
        assertThat(s.extendedHighestSequence()).isEqualTo(40_001);
    }

    @Test
    void jitterIsZeroForPerfectPacingAndGrowsTowardsTheDeviation() {
        RtpReceptionStats steady = new RtpReceptionStats(1, 0);
        RtpReceptionStats bumpy = new RtpReceptionStats(1, 0);
        for (int i = 0; i < 500; i++) {
            steady.recordArrival(i * 160L, 1000 + i * 160L);
            // alternately 40 units early and on time: |D| is 40 every packet
            bumpy.recordArrival(i * 160L, 1000 + i * 160L + (i % 2 == 0 ? 0 : 40));
        }
        assertThat(steady.jitter()).isZero();
        // A.8: J converges to the mean |D| = 40 (the integer form stays within a unit of it).
        assertThat(bumpy.jitter()).isBetween(39L, 40L);
    }

    @Test
    void delaySinceLastSenderReportIsInUnitsOf1Over65536Seconds() {
        RtpReceptionStats s = validatedAt(1);
        s.recordSenderReport(0x0001_2345_6789_0000L, 1_000_000_000L);
        RtcpPacket.ReportBlock b = s.reportBlock(1_500_000_000L);
        assertThat(b.lastSr()).isEqualTo(0x2345_6789L);
        assertThat(b.delaySinceLastSr()).isEqualTo(32_768L);
    }
}
