package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 3711 appendix A's index estimate, around the sequence wrap. */
class RolloverCounterTest {

    @Test
    void theFirstPacketStartsAtRocZero() {
        assertThat(new RolloverCounter().estimate(65_000)).isEqualTo(65_000);
    }

    @Test
    void aSmallSequenceAfterAHighOneBelongsToTheNextCycle() {
        RolloverCounter r = new RolloverCounter(0, 65_530);
        assertThat(r.estimate(3)).isEqualTo(65_536 + 3);
        r.commit(65_536 + 3);
        assertThat(r.roc()).isEqualTo(1);
    }

    @Test
    void aLateHighSequenceAfterTheWrapBelongsToThePreviousCycle() {
        RolloverCounter r = new RolloverCounter(1, 3);
        assertThat(r.estimate(65_534)).isEqualTo(65_534);
        r.commit(65_534);
        assertThat(r.roc()).isEqualTo(1); // a late packet never moves the counter back
        assertThat(r.estimate(4)).isEqualTo(65_536 + 4);
    }

    @Test
    void aPacketBeforeIndexZeroHasNoIndex() {
        RolloverCounter r = new RolloverCounter(0, 10);
        assertThat(r.estimate(60_000)).isEqualTo(-1);
    }

    @Test
    void withinAHalfCycleTheCounterStays() {
        RolloverCounter r = new RolloverCounter(5, 40_000);
        assertThat(r.estimate(10_000)).isEqualTo(5L * 65_536 + 10_000); // 30000 back: late, same cycle
        assertThat(r.estimate(7_000)).isEqualTo(6L * 65_536 + 7_000); // 33000 back: the next cycle
    }
}
