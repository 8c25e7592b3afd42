package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.store.Table;
import io.phonehome.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The config revision rules on a real (H2) database, with a clock the test moves. */
class ConfigRevisionStoreTest {
    static final long T0 = 1_800_000_000L;
    static final ConfigRevisionStore.Key FILE = new ConfigRevisionStore.Key("0c383e000001", "0c383e000001.cfg https://p.example/");

    /** A clock that only moves when the test or a wait moves it. */
    static final class TestClock extends Clock {
        volatile long millis = T0 * 1000;
        final List<Long> waitedUntil = new ArrayList<>();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        synchronized void waitUntil(Clock c, long second) {
            waitedUntil.add(second);
            millis = Math.max(millis, second * 1000);
        }
    }

    final TestDatabase db = new TestDatabase();
    final TestClock clock = new TestClock();
    final ConfigRevisionStore store = new ConfigRevisionStore(db.database().jdbc(), clock, clock::waitUntil);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void unchangedContentKeepsItsNumberAndEveryChangeRaisesIt() {
        long a = store.assign(FILE, "a".repeat(64));
        assertThat(a).as("a new file: the clock and the lead").isEqualTo(T0 + ConfigRevisionStore.LEAD_SECONDS + 1);
        assertThat(store.assign(FILE, "a".repeat(64))).isEqualTo(a);
        clock.millis += 3_600_000;
        long b = store.assign(FILE, "b".repeat(64));
        assertThat(b).as("an hour later: the clock").isEqualTo(T0 + 3600);
        long back = store.assign(FILE, "a".repeat(64));
        assertThat(back).as("back to the first content, in the same second").isEqualTo(b + 1);
    }

    @Test
    void aPeekShowsTheNextNumberWithoutStoringIt() {
        long a = store.assign(FILE, "a".repeat(64));
        assertThat(store.peek(FILE, "a".repeat(64))).isEqualTo(new ConfigRevisionStore.Revision(a, true));
        ConfigRevisionStore.Revision next = store.peek(FILE, "b".repeat(64));
        assertThat(next.stored()).isFalse();
        assertThat(next.number()).isGreaterThan(a);
        assertThat(store.peek(FILE, "a".repeat(64))).as("nothing was stored").isEqualTo(new ConfigRevisionStore.Revision(a, true));
    }

    @Test
    void changesFasterThanTheClockWaitSoNoNumberRunsMoreThanTheLeadAhead() {
        List<Long> given = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            given.add(store.assign(FILE, Integer.toString(i).repeat(64).substring(0, 64)));
            long lead = given.get(i) - clock.instant().getEpochSecond();
            // a file's first number is one further ahead: above whatever a lost row gave out
            assertThat(lead).as("lead of change " + i).isLessThanOrEqualTo(ConfigRevisionStore.LEAD_SECONDS + (i == 0 ? 1 : 0));
        }
        assertThat(given).isSorted().doesNotHaveDuplicates();
        assertThat(clock.waitedUntil).as("the burst waited for the clock").isNotEmpty();
    }

    @Test
    void aLostRowStartsAboveEverythingItGaveOutEvenInTheSameSecond() {
        long last = 0;
        for (int i = 0; i < 5; i++) {
            last = store.assign(FILE, Integer.toString(i).repeat(64).substring(0, 64));
        }
        db.database().jdbc().update(Table.CONFIG_REVISIONS, "DELETE FROM config_revisions");
        assertThat(store.assign(FILE, "f".repeat(64))).isGreaterThan(last);
    }

    @Test
    void twoNodesNeverGiveOneNumberToTwoContents() throws Exception {
        // Two stores on one database are two nodes; each renders its own contents of the same file.
        ConfigRevisionStore other = new ConfigRevisionStore(db.database().jdbc(), clock, clock::waitUntil);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map.Entry<Long, String>>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ConfigRevisionStore node = i % 2 == 0 ? store : other;
                String hash = String.format("%064d", i % 8);
                Callable<Map.Entry<Long, String>> task = () -> Map.entry(node.assign(FILE, hash), hash);
                results.add(pool.submit(task));
            }
            Map<Long, String> contentOf = new HashMap<>();
            for (Future<Map.Entry<Long, String>> f : results) {
                Map.Entry<Long, String> e = f.get();
                String before = contentOf.putIfAbsent(e.getKey(), e.getValue());
                assertThat(before == null || before.equals(e.getValue())).as("revision " + e.getKey() + " for " + before + " and " + e.getValue())
                        .isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
