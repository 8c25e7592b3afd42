package io.phonehome.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Tag("quiet") // a flood or a timing measure: run alone, see pom.xml
class WriteBehindTest {
    final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    WriteBehind<Integer> writer;

    @AfterEach
    void tearDown() {
        if (writer != null) {
            writer.close();
        }
    }

    private List<Integer> written() {
        List<Integer> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    @Test
    void itemsAreWrittenInOrderInBatchesOfAtMostTheMaximum() throws Exception {
        CountDownLatch firstBatchHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var b = WriteBehind.<Integer>named("test-writer", "item(s)").maxBatch(3);
        var lane = b.lane("test", 100);
        writer = b.build(batch -> {
            batches.add(List.copyOf(batch));
            if (batches.size() == 1) {
                firstBatchHeld.countDown();
                await(release);
            }
        });
        writer.start();
        lane.offer(0);
        assertThat(firstBatchHeld.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < 10; i++) {
            lane.offer(i);
        }
        release.countDown();
        assertThat(writer.flush(5_000)).isTrue();
        assertThat(written()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(3));
        assertThat(batches.get(1)).containsExactly(1, 2, 3);
    }

    @Test
    void aFullLaneRefusesWithoutBlockingAndCountsWhatItDropped() {
        var b = WriteBehind.<Integer>named("test-writer", "item(s)");
        var lane = b.lane("test", 2);
        writer = b.build(batches::add);
        long start = System.nanoTime();
        List<Boolean> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(lane.offer(i));
        }
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(accepted).containsExactly(true, true, false, false, false);
        assertThat(lane.dropped()).isEqualTo(3);
        assertThat(writer.dropped()).isEqualTo(3);
    }

    @Test
    void theFirstLaneIsEmptiedFirstAndEachLaneCountsItsOwnDrops() {
        var b = WriteBehind.<Integer>named("test-writer", "item(s)");
        var valuable = b.lane("valuable", 10);
        var low = b.lane("low", 2);
        writer = b.build(batch -> batches.add(List.copyOf(batch)));
        low.offer(100);
        low.offer(101);
        low.offer(102);
        valuable.offer(1);
        valuable.offer(2);
        writer.start();
        assertThat(writer.flush(5_000)).isTrue();
        assertThat(written()).containsExactly(1, 2, 100, 101);
        assertThat(low.dropped()).isEqualTo(1);
        assertThat(valuable.dropped()).isZero();
    }

    @Test
    void flushWaitsForTheBatchInFlight() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        var b = WriteBehind.<Integer>named("test-writer", "item(s)");
        var lane = b.lane("test", 10);
        writer = b.build(batch -> {
            inFlight.countDown();
            sleep(300);
            batches.add(List.copyOf(batch));
        });
        writer.start();
        lane.offer(7);
        assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(written()).isEmpty();
        assertThat(writer.flush(5_000)).isTrue();
        assertThat(written()).containsExactly(7);
    }

    @Test
    void closeWritesEverythingQueuedAndThenRefuses() {
        var b = WriteBehind.<Integer>named("test-writer", "item(s)").maxBatch(10);
        var lane = b.lane("test", 1000);
        writer = b.build(batch -> {
            sleep(5);
            batches.add(List.copyOf(batch));
        });
        writer.start();
        for (int i = 0; i < 500; i++) {
            lane.offer(i);
        }
        writer.close();
        assertThat(written()).hasSize(500);
        assertThat(lane.offer(500)).isFalse();
        assertThat(writer.dropped()).isEqualTo(1);
    }

    @Test
    void aFailingBatchIsLoggedAndTheThreadGoesOn() {
        var b = WriteBehind.<Integer>named("test-writer", "item(s)");
        var lane = b.lane("test", 10);
        writer = b.build(batch -> {
            if (batch.contains(1)) {
                throw new IllegalStateException("database gone");
            }
            batches.add(List.copyOf(batch));
        });
        writer.start();
        lane.offer(1);
        assertThat(writer.flush(5_000)).isTrue();
        lane.offer(2);
        assertThat(writer.flush(5_000)).isTrue();
        assertThat(written()).containsExactly(2);
        assertThat(writer.failures()).isEqualTo(1);
    }

    @Test
    void aCoalescingLaneMergesEqualKeysAndRetriesAFailedBatch() {
        AtomicInteger attempts = new AtomicInteger();
        var b = WriteBehind.<Integer>named("test-writer", "key(s)");
        var keys = b.coalescingLane("keys");
        writer = b.build(batch -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("database gone");
            }
            batches.add(List.copyOf(batch));
        });
        keys.offer(5);
        keys.offer(5);
        keys.offer(6);
        writer.start();
        assertThat(writer.flush(5_000)).isTrue();
        assertThat(written()).containsExactlyInAnyOrder(5, 6);
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(keys.dropped()).isZero();
    }

    @Test
    void atAFixedRateBatchesStartEveryPeriodAndRightAfterASlowOne() throws Exception {
        long period = 200;
        List<Long> starts = new CopyOnWriteArrayList<>();
        List<Long> ends = new CopyOnWriteArrayList<>();
        var b = WriteBehind.<Integer>named("test-writer", "item(s)").atFixedRate(Duration.ofMillis(period));
        var lane = b.lane("test", 100);
        writer = b.build(batch -> {
            starts.add(System.nanoTime());
            if (batch.contains(99)) {
                sleep(period * 3 / 2);   // a slow batch: longer than the period
            }
            ends.add(System.nanoTime());
        });
        long t0 = System.nanoTime();
        writer.start();
        for (int i = 0; i < 4; i++) {
            lane.offer(i);
            long before = starts.size();
            while (starts.size() == before) {
                Thread.sleep(2);
            }
        }
        // queued items wait for the tick: four batches took about four periods, not four wake-ups
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(starts.get(3) - t0);
        assertThat(elapsedMillis).isBetween(4 * period - 50, 4 * period + 400);
        lane.offer(99);
        while (ends.size() < 5) {
            Thread.sleep(2);
        }
        lane.offer(100);
        while (starts.size() < 6) {
            Thread.sleep(2);
        }
        // the batch after the slow one starts right after it, not a whole period later
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(starts.get(5) - ends.get(4));
        assertThat(gapMillis).isLessThan(period / 2);
    }

    @Test
    void choresRunOnTheWriterThreadBetweenBatches() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(3);
        writer = WriteBehind.<Integer>named("test-writer", "item(s)").atFixedRate(Duration.ofMillis(100))
                .alsoEvery(Duration.ofMillis(20), () -> {
                    threads.add(Thread.currentThread().getName());
                    ran.countDown();
                }).build(batches::add);
        writer.start();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).containsOnly("test-writer");
    }

    @Test
    void nothingRunsBeforeStartAndAnUnstartedWriterWritesOnClose() {
        var b = WriteBehind.<Integer>named("test-writer", "item(s)");
        var lane = b.lane("test", 10);
        writer = b.build(batch -> batches.add(List.copyOf(batch)));
        lane.offer(1);
        assertThat(writer.flush(300)).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-writer"));
        writer.close();
        assertThat(written()).containsExactly(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBatchTheDatabaseDidNotTakeIsWrittenAgainWholeInOrderBeforeAnythingNewer() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        var b = WriteBehind.<Integer>named("test-writer", "item(s)").maxBatch(3);
        var lane = b.lane("test", 100);
        writer = b.build(batch -> {
            // the database is away for the first two attempts
            if (attempts.incrementAndGet() <= 2) {
                throw new StoreUnavailableException("the database does not answer (57P01)", null);
            }
            batches.add(List.copyOf(batch));
        });
        for (int i = 0; i < 3; i++) {
            lane.offer(i);
        }
        writer.start();
        for (int i = 3; i < 6; i++) {
            lane.offer(i);
        }
        assertThat(writer.flush(10_000)).isTrue();
        assertThat(written()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(batches.get(0)).containsExactly(0, 1, 2);
        assertThat(writer.failures()).isEqualTo(2);
        assertThat(writer.dropped()).isZero();
    }

    @Test
    void aBatchThatFailsForAnotherReasonIsNotWrittenAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        var b = WriteBehind.<Integer>named("test-writer", "item(s)");
        var lane = b.lane("test", 100);
        writer = b.build(batch -> {
            if (attempts.incrementAndGet() == 1) {
                throw new StoreException("database error (23502): null value in column");
            }
            batches.add(List.copyOf(batch));
        });
        writer.start();
        lane.offer(1);
        assertThat(writer.flush(5_000)).isTrue();
        lane.offer(2);
        assertThat(writer.flush(5_000)).isTrue();
        assertThat(written()).containsExactly(2);
    }
}
