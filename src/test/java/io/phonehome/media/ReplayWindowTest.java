package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void acceptsEachIndexOnce() {
        ReplayWindow w = new ReplayWindow();
        assertThat(w.isFresh(100)).isTrue();
        w.mark(100);
        assertThat(w.isFresh(100)).isFalse();
        assertThat(w.isFresh(101)).isTrue();
    }

    @Test
    void acceptsLatePacketsInsideTheSixtyFourPacketWindowOnce() {
        ReplayWindow w = new ReplayWindow();
        w.mark(1000);
        assertThat(w.isFresh(1000 - 63)).isTrue();
        w.mark(1000 - 63);
        assertThat(w.isFresh(1000 - 63)).isFalse();
        assertThat(w.isFresh(1000 - 64)).isFalse(); // behind the window: cannot tell, so refused
    }

    @Test
    void slidingForwardForgetsWhatFellOutAndKeepsWhatIsInside() {
        ReplayWindow w = new ReplayWindow();
        w.mark(10);
        w.mark(12);
        w.mark(40);
        assertThat(w.isFresh(12)).isFalse();
        assertThat(w.isFresh(11)).isTrue();
        w.mark(200); // a jump beyond the window empties it
        assertThat(w.isFresh(199)).isTrue();
        assertThat(w.isFresh(200 - 64)).isFalse();
    }
}
