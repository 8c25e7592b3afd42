package io.phonehome.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStoreCapTest {
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

    void insert(String type, int n, Instant from) {
        List<Event> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Event(0, from.plusSeconds(i), type, "x", null, null, "192.0.2.1", ""));
        }
        events.insertNow(rows);
    }

    long count(String type) {
        return db.database().jdbc().queryOne("SELECT COUNT(*) FROM events WHERE type = ?", rs -> rs.getLong(1), type).orElseThrow();
    }

    @Test
    void overTheCapTheOldestLowValueEventsGoFirstThenRoutineOnesAndTheTrimIsRecorded() {
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        insert(EventTypes.AUTH_FAILURE, 300, t0);                       // oldest of all, but valuable
        insert(EventTypes.CONFIG_FETCH, 400, t0.plusSeconds(1000));
        insert(EventTypes.UNKNOWN_MAC, 500, t0.plusSeconds(2000));      // newest, least valuable
        EventRetention retention = new EventRetention(events, Duration.ofDays(36500), 1000, Clock.systemUTC(), false);

        // 200 over the cap, and 1 % of it more: a store at its cap is not counted at every check
        assertThat(retention.capNow()).isEqualTo(210);
        assertThat(count(EventTypes.UNKNOWN_MAC)).isEqualTo(290);
        assertThat(count(EventTypes.CONFIG_FETCH)).isEqualTo(400);
        assertThat(count(EventTypes.AUTH_FAILURE)).isEqualTo(300);
        // the unknown-MAC events that stayed are the newest ones
        Instant oldestLeft = db.database().jdbc().queryOne("SELECT MIN(at) FROM events WHERE type = ?",
                rs -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), EventTypes.UNKNOWN_MAC).orElseThrow();
        assertThat(oldestLeft).isEqualTo(t0.plusSeconds(2210));

        events.flush(5000);   // the first trim's own event_store row counts too (and is kept: it is not low-value)
        insert(EventTypes.FIRMWARE_DOWNLOAD, 600, t0.plusSeconds(5000));
        long deleted = retention.capNow();
        assertThat(deleted).isEqualTo(601);
        assertThat(count(EventTypes.UNKNOWN_MAC)).isZero();
        assertThat(count(EventTypes.CONFIG_FETCH)).as("routine events go after the low-value ones").isEqualTo(89);
        assertThat(count(EventTypes.AUTH_FAILURE)).isEqualTo(300);
        assertThat(count(EventTypes.FIRMWARE_DOWNLOAD)).isEqualTo(600);
        assertThat(events.trimmed()).isEqualTo(811);

        events.flush(5000);
        List<Event> notes = events.query(EventQuery.ofType(EventTypes.EVENT_STORE));
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0).detail()).contains("deleted=601").contains("max_rows=1000").contains("deleted_since_start=811");
    }

    @Test
    void theCapCountsRowsOneByOneOnlyWhenTheirIdsCouldHoldMoreThanItAllows() {
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        EventRetention retention = new EventRetention(events, Duration.ofDays(36500), 1000, Clock.systemUTC(), false);
        insert(EventTypes.CONFIG_FETCH, 900, t0);
        assertThat(events.rowsAtMost()).isEqualTo(900);
        assertThat(retention.capNow()).isZero();
        assertThat(events.exactCounts()).as("900 ids cannot hold 1,001 rows").isZero();

        // holes in the ids: the span overstates the rows, never understates them
        db.database().jdbc().update(io.phonehome.store.Table.EVENTS, "DELETE FROM events WHERE MOD(id, 2) = 0");
        insert(EventTypes.CONFIG_FETCH, 500, t0.plusSeconds(1000));
        assertThat(events.count()).isEqualTo(950);
        assertThat(events.rowsAtMost()).isGreaterThanOrEqualTo(950).isEqualTo(1400);
        assertThat(retention.capNow()).as("950 rows are within the cap").isZero();
        assertThat(events.exactCounts()).isEqualTo(1);

        // counted once: the bound is now what was counted plus the ids written since
        insert(EventTypes.CONFIG_FETCH, 40, t0.plusSeconds(2000));
        assertThat(events.rowsAtMost()).isEqualTo(990);
        assertThat(retention.capNow()).isZero();
        assertThat(events.exactCounts()).as("990 rows at most: no count needed").isEqualTo(1);

        insert(EventTypes.CONFIG_FETCH, 20, t0.plusSeconds(3000));
        assertThat(retention.capNow()).as("10 over the cap and 1 % below it").isEqualTo(20);
        assertThat(events.exactCounts()).isEqualTo(2);
        events.flush(5000);   // the trim's own event_store row
        assertThat(events.count()).isEqualTo(991);
        assertThat(events.rowsAtMost()).isEqualTo(991);
        assertThat(retention.capNow()).as("after the trim, the next 9 events need no count").isZero();
        assertThat(events.exactCounts()).isEqualTo(2);
    }

    @Test
    void aFullLowValueLaneDropsOnlyLowValueEvents() {
        EventLog small = new EventLog(db.database().jdbc(), 100);   // lanes: 100 and 100
        small.start();
        try {
            int lowAccepted = 0;
            for (int i = 0; i < 50_000; i++) {
                lowAccepted += small.record(Event.of(EventTypes.UNKNOWN_MAC, "challenged", null, null, "192.0.2.9", "")) ? 1 : 0;
            }
            boolean valuable = small.record(Event.of(EventTypes.AUTH_FAILURE, "bad_credentials", "001565aa0001", null, "192.0.2.9", ""));
            assertThat(valuable).isTrue();
            assertThat(small.droppedValuable()).isZero();
            assertThat(small.dropped()).isEqualTo(50_000 - lowAccepted);
        } finally {
            small.close();
        }
    }
}
