package io.phonehome.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pace every mass action shares: one item per tick, round-robin between works, never more
 * than {@code atOnce} under way (an item holds its place until it says it is over), and a work
 * with nothing left is forgotten. Ticked by hand: no ticker thread.
 */
class PacerTest {
    /** A work of named items; started ones wait in {@code underWay} until the test ends them. */
    static final class Items implements Pacer.Work {
        final Deque<String> left = new ArrayDeque<>();
        final List<String> started;
        final List<Runnable> underWay = new ArrayList<>();

        Items(List<String> started, String... items) {
            this.started = started;
            left.addAll(List.of(items));
        }

        @Override
        public boolean startNext(Runnable over) {
            String next = left.poll();
            if (next == null) {
                return false;
            }
            started.add(next);
            underWay.add(over);
            return true;
        }

        @Override
        public boolean finished() {
            return left.isEmpty();
        }
    }

    @Test
    void ticksStartOneItemEachRoundRobinAndNeverMoreThanAtOnceUnderWay() {
        Pacer pacer = new Pacer((java.util.concurrent.ScheduledExecutorService) null, 10, 3);
        List<String> started = new ArrayList<>();
        Items a = new Items(started, "a1", "a2", "a3");
        Items b = new Items(started, "b1");
        pacer.add(a);
        pacer.add(b);
        for (int i = 0; i < 5; i++) {
            pacer.tick();
        }
        assertThat(started).containsExactly("a1", "b1", "a2");
        a.underWay.get(0).run();
        a.underWay.get(0).run(); // over twice frees one place only
        pacer.tick();
        pacer.tick();
        assertThat(started).containsExactly("a1", "b1", "a2", "a3");
    }

    @Test
    void aWorkWithNothingLeftGivesItsTickToTheNext() {
        Pacer pacer = new Pacer((java.util.concurrent.ScheduledExecutorService) null, 10, 5);
        List<String> started = new ArrayList<>();
        pacer.add(new Items(started));
        pacer.add(new Items(started, "x"));
        pacer.tick();
        assertThat(started).containsExactly("x");
        pacer.tick();
        assertThat(started).containsExactly("x");
    }
}
