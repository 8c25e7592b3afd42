package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SourceFairQueueTest {
    /** A datagram: its source and a sequence number. */
    record D(String source, int n) {
    }

    static SourceFairQueue<D> queue(int capacity, int perSource, Set<String> blocked) {
        return new SourceFairQueue<>(capacity, perSource, D::source, s -> blocked.contains(s));
    }

    static List<D> takeAll(SourceFairQueue<D> q) {
        List<D> out = new ArrayList<>();
        D d;
        while ((d = q.poll()) != null) {
            out.add(d);
        }
        return out;
    }

    @Test
    void sourcesAreServedInTurnNotInArrivalOrder() {
        SourceFairQueue<D> q = queue(100, 50, Set.of());
        q.offer(new D("flood", 1));
        q.offer(new D("flood", 2));
        q.offer(new D("flood", 3));
        q.offer(new D("phone", 1));
        assertThat(takeAll(q)).containsExactly(new D("flood", 1), new D("phone", 1), new D("flood", 2), new D("flood", 3));
    }

    @Test
    void aFloodingSourceFillsOnlyItsOwnShareAndAPhoneStillGetsInAndOutNext() {
        SourceFairQueue<D> q = queue(2048, 256, Set.of());
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (q.offer(new D("flood", i))) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(256);
        assertThat(q.offer(new D("phone", 1))).isTrue();
        // the flood's first datagram had its turn first; the phone's is next
        assertThat(q.poll()).isEqualTo(new D("flood", 0));
        assertThat(q.poll()).isEqualTo(new D("phone", 1));
    }

    @Test
    void oneSourceMayFillTheWholeQueueAndANewcomerStillGetsInAndOutNext() {
        SourceFairQueue<D> q = queue(2048, 2048, Set.of());
        for (int i = 0; i < 2048; i++) {
            assertThat(q.offer(new D("nat", i))).as("a site behind one address uses the whole queue").isTrue();
        }
        assertThat(q.offer(new D("nat", 2048))).isFalse();
        assertThat(q.offer(new D("phone", 1))).isTrue();
        assertThat(q.size()).isEqualTo(2048);
        assertThat(q.poll()).as("the oldest of the long line was pushed out").isEqualTo(new D("nat", 1));
        assertThat(q.poll()).isEqualTo(new D("phone", 1));
    }

    @Test
    void whenFullANewcomerPushesOutTheOldestOfTheLongestLine() {
        SourceFairQueue<D> q = queue(10, 6, Set.of());
        for (int i = 0; i < 6; i++) {
            assertThat(q.offer(new D("flood-a", i))).isTrue();
        }
        for (int i = 0; i < 4; i++) {
            assertThat(q.offer(new D("flood-b", i))).isTrue();
        }
        assertThat(q.remainingCapacity()).isZero();
        assertThat(q.offer(new D("phone", 1))).as("room is made for a source with nothing queued").isTrue();
        assertThat(q.size()).isEqualTo(10);
        assertThat(q.pushedOut()).isEqualTo(1);
        List<D> out = takeAll(q);
        assertThat(out).contains(new D("phone", 1)).doesNotContain(new D("flood-a", 0)).contains(new D("flood-a", 1));
        assertThat(out).hasSize(10);
    }

    @Test
    void whenFullAndTheLinesAreEvenTheNewcomerIsDropped() {
        SourceFairQueue<D> q = queue(4, 2, Set.of());
        q.offer(new D("a", 1));
        q.offer(new D("a", 2));
        q.offer(new D("b", 1));
        q.offer(new D("b", 2));
        assertThat(q.offer(new D("a", 3))).as("a source at its share").isFalse();
        q.poll(); // a1
        q.offer(new D("c", 1));
        assertThat(q.offer(new D("c", 2))).as("no line is longer than c's (1) by more than one").isFalse();
        assertThat(q.size()).isEqualTo(4);
        assertThat(q.pushedOut()).isZero();
    }

    @Test
    void blockedSourcesAreDroppedOnArrival() {
        SourceFairQueue<D> q = queue(10, 5, Set.of("scanner"));
        assertThat(q.offer(new D("scanner", 1))).isFalse();
        assertThat(q.offer(new D("phone", 1))).isTrue();
        assertThat(takeAll(q)).containsExactly(new D("phone", 1));
    }

    @Test
    void elementsWithoutASourceShareOneLine() {
        SourceFairQueue<D> q = queue(10, 2, Set.of());
        assertThat(q.offer(new D(null, 1))).isTrue();
        assertThat(q.offer(new D(null, 2))).isTrue();
        assertThat(q.offer(new D(null, 3))).isFalse();
    }

    @Test
    void aWorkerWaitingOnAnEmptyQueueGetsTheNextArrival() throws Exception {
        SourceFairQueue<D> q = queue(10, 5, Set.of());
        assertThat(q.poll(10, TimeUnit.MILLISECONDS)).isNull();
        CompletableFuture<D> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return q.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        q.offer(new D("phone", 7));
        assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo(new D("phone", 7));
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void aLineEmptiedAndRefilledKeepsItsTurnOnce() {
        SourceFairQueue<D> q = queue(10, 5, Set.of());
        q.offer(new D("a", 1));
        assertThat(q.poll()).isEqualTo(new D("a", 1));
        q.offer(new D("a", 2));
        q.offer(new D("b", 1));
        q.offer(new D("a", 3));
        assertThat(takeAll(q)).containsExactly(new D("a", 2), new D("b", 1), new D("a", 3));
        assertThat(q.peek()).isNull();
    }
}
