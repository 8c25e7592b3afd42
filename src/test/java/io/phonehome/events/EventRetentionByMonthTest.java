package io.phonehome.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.store.StoreException;
import io.phonehome.store.Table;
import io.phonehome.testing.TestDatabase;
import io.phonehome.testing.TestStore;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention deletes exactly the events before the cutoff on both databases; on PostgreSQL it does
 * so by dropping the month partitions wholly before it, and the table refuses updates.
 */
class EventRetentionByMonthTest {
    TestDatabase db;
    EventLog events;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        events = new EventLog(db.database().jdbc(), 1000);
        events.start();
    }

    @AfterEach
    void tearDown() {
        events.close();
        db.close();
    }

    void insert(int n, Instant from) {
        List<Event> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Event(0, from.plusSeconds(i * 60L), EventTypes.CONFIG_FETCH, "ok", null, null, "192.0.2.1", "n=" + i));
        }
        events.insertNow(rows);
    }

    long count(String where, Object... args) {
        return db.database().jdbc().queryLong("SELECT COUNT(*) FROM events WHERE " + where, args);
    }

    @Test
    void pruneDeletesWholeMonthsAndThePartOfTheCutoffMonthBeforeIt() {
        boolean pg = TestStore.current() == TestStore.POSTGRESQL;
        if (pg) {
            // months in the past get partitions as if the server had run then
            events.partitions().createAhead(Instant.parse("2025-01-15T00:00:00Z"));
            assertThat(events.partitions().months()).contains(YearMonth.of(2025, 1), YearMonth.of(2025, 2), YearMonth.of(2025, 3));
        }
        insert(100, Instant.parse("2025-01-10T00:00:00Z"));
        insert(100, Instant.parse("2025-02-01T00:00:00Z"));   // the first 50 before the cutoff
        insert(100, Instant.parse("2025-03-05T00:00:00Z"));
        insert(10, Instant.now());
        Instant cutoff = Instant.parse("2025-02-01T00:50:00Z");

        assertThat(events.prune(cutoff)).isEqualTo(150);

        assertThat(count("at < ?", cutoff)).isZero();
        assertThat(count("1=1")).isEqualTo(160);
        assertThat(count("at >= ? AND at < ?", Instant.parse("2025-02-01T00:00:00Z"), Instant.parse("2025-03-01T00:00:00Z"))).isEqualTo(50);
        if (pg) {
            List<YearMonth> months = events.partitions().months();
            assertThat(months).doesNotContain(YearMonth.of(2025, 1)).contains(YearMonth.of(2025, 2), YearMonth.of(2025, 3),
                    YearMonth.now(java.time.ZoneOffset.UTC), YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(EventPartitions.MONTHS_AHEAD));
            assertThat(db.database().jdbc().queryOne("SELECT to_regclass('events_2025_01') IS NULL", rs -> rs.getBoolean(1))).hasValue(true);
            // the month partitions really hold their months: nothing of them fell into the default
            assertThat(db.database().jdbc().queryLong("SELECT COUNT(*) FROM events_default")).isZero();
        }
    }

    @Test
    void eventsAreAppendOnlyOnPostgresql() {
        insert(1, Instant.now());
        if (TestStore.current() == TestStore.POSTGRESQL) {
            assertThatThrownBy(() -> db.database().jdbc().update(Table.EVENTS, "UPDATE events SET detail = 'changed'"))
                    .isInstanceOf(StoreException.class).hasMessageContaining("append-only");
        }
        assertThat(count("detail = 'n=0'")).isEqualTo(1);
    }

    @Test
    void newEventsTakeIdsAboveTheOldOnes() {
        insert(3, Instant.now());
        List<Long> ids = db.database().jdbc().query("SELECT id FROM events ORDER BY id", rs -> rs.getLong(1));
        assertThat(ids).hasSize(3).doesNotHaveDuplicates().isSorted();
        assertThat(ids.get(0)).isPositive();
    }
}
