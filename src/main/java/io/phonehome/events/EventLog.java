package io.phonehome.events;

import io.phonehome.store.Dialect;
import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import io.phonehome.store.WriteBehind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event log, stored in the database. {@link #record} never blocks the caller: events go
 * through a bounded queue to one writer thread ({@code event-writer}, a {@link WriteBehind})
 * that inserts them in batches; when the queue is full the event is dropped and counted (a boot
 * storm must not wait for the log).
 *
 * <p>Two queues, by {@link EventTypes.Value}: low-value events (what anyone on the network can
 * cause) wait in their own small lane, so however many of them arrive, a failed login or a
 * firmware download still finds room; the writer empties the other lane first.
 */
public final class EventLog implements AutoCloseable {
    private static final int BATCH = 500;

    private final Jdbc jdbc;
    private final WriteBehind<Event> writer;
    private final WriteBehind.Lane<Event> valuable;
    private final WriteBehind.Lane<Event> low;
    private final AtomicLong trimmed = new AtomicLong();
    /** Rows the store held at most when the cap last counted them, and the largest id then; -1: not counted yet (see {@link #rowsAtMost}). */
    private volatile long countedRows = -1;
    private volatile long countedMaxId;
    private final AtomicLong exactCounts = new AtomicLong();
    /** On PostgreSQL: the month partitions; null on H2, where events is a plain table. */
    private final EventPartitions partitions;
    private volatile java.util.function.Consumer<Event> written = e -> { };

    /** Builds the log; events queue up until {@link #start()} starts the {@code event-writer} thread. */
    public EventLog(Jdbc jdbc, int queueSize) {
        this.jdbc = jdbc;
        WriteBehind.Builder<Event> b = WriteBehind.<Event>named("event-writer", "event(s)").maxBatch(BATCH);
        this.valuable = b.lane("main event", queueSize);
        this.low = b.lane("low-value event", Math.max(100, queueSize / 10));
        // one transaction per batch: a batch the database did not take (it did not answer) is
        // written again whole, so none of its rows may have been committed on its own
        this.writer = b.build(batch -> {
            jdbc.inTransaction(() -> insertRows(batch));
            tell(batch);
        });
        this.partitions = jdbc.dialect() == Dialect.POSTGRESQL ? new EventPartitions(jdbc) : null;
    }

    /** Starts writing queued events (on PostgreSQL after making sure the coming months have their partitions). */
    public void start() {
        if (partitions != null) {
            partitions.createAhead(Instant.now());
        }
        writer.start();
    }

    /**
     * Before events from {@code oldest} on are copied into this database (migrate-store): on
     * PostgreSQL, the month partitions from that month to the months ahead, so copied events
     * land in their months (and retention can drop them by month); nothing on H2.
     */
    public static void preparePartitionsFrom(Jdbc jdbc, Instant oldest) {
        if (jdbc.dialect() == Dialect.POSTGRESQL) {
            java.time.YearMonth now = java.time.YearMonth.now(java.time.ZoneOffset.UTC);
            new EventPartitions(jdbc).createMonths(java.time.YearMonth.from(oldest.atZone(java.time.ZoneOffset.UTC)), now.plusMonths(EventPartitions.MONTHS_AHEAD));
        }
    }

    /** The month partitions on PostgreSQL; null on H2. */
    EventPartitions partitions() {
        return partitions;
    }

    /** Queues an event; returns false (and counts it) when the queue is full. */
    public boolean record(Event e) {
        return (EventTypes.Value.of(e.type()) == EventTypes.Value.LOW ? low : valuable).offer(e);
    }

    /** Writes events at once, on the caller's thread (and transaction, if any). */
    public void insertNow(List<Event> events) {
        insertRows(events);
        tell(events);
    }

    private void insertRows(List<Event> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Event e : events) {
            rows.add(new Object[] {e.at(), e.type(), e.outcome(), e.mac(), e.siteId(), e.source(), e.detail()});
        }
        jdbc.batch(Table.EVENTS, "INSERT INTO events (at, type, outcome, mac, site_id, source, detail) VALUES (?,?,?,?,?,?,?)", rows);
    }

    private void tell(List<Event> events) {
        java.util.function.Consumer<Event> tap = written;
        for (Event e : events) {
            tap.accept(e);
        }
    }

    /**
     * Told of every event once it is written (the root counts them for {@code /metrics}); called on
     * the writing thread, so it must be quick and must not throw.
     */
    public void onWritten(java.util.function.Consumer<Event> listener) {
        this.written = listener;
    }

    /** Waits until everything queued so far is written (tests, shutdown). */
    public void flush(long timeoutMillis) {
        writer.flush(timeoutMillis);
    }

    /** Events, newest first, matching every non-null filter. */
    public List<Event> query(EventQuery q) {
        StringBuilder sql = new StringBuilder("SELECT id, at, type, outcome, mac, site_id, source, detail FROM events WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (q.mac() != null) {
            sql.append(" AND mac = ?");
            args.add(q.mac());
        }
        if (q.siteId() != null) {
            sql.append(" AND site_id = ?");
            args.add(q.siteId());
        }
        if (q.customerId() != null) {
            sql.append(" AND site_id IN (SELECT id FROM sites WHERE customer_id = ?)");
            args.add(q.customerId());
        }
        if (q.type() != null) {
            sql.append(" AND type = ?");
            args.add(q.type());
        }
        if (q.since() != null) {
            sql.append(" AND at >= ?");
            args.add(q.since());
        }
        if (q.until() != null) {
            sql.append(" AND at < ?");
            args.add(q.until());
        }
        if (q.beforeId() != null) {
            sql.append(" AND id < ?");
            args.add(q.beforeId());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        args.add(q.limit());
        return jdbc.query(sql.toString(), rs -> new Event(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("type"),
                rs.getString("outcome"), rs.getString("mac"), (Long) rs.getObject("site_id", Long.class), rs.getString("source"),
                rs.getString("detail")), args.toArray());
    }

    /**
     * Deletes events older than {@code before}; returns how many. On PostgreSQL, months wholly
     * before it go as whole partitions, and only the month the cutoff falls in (and the default
     * partition) are deleted row by row; the months ahead are created on the way (this runs
     * every hour, so a new month always finds its partition).
     */
    public int prune(Instant before) {
        long n = 0;
        if (partitions != null) {
            partitions.createAhead(Instant.now());
            n += partitions.dropBefore(before);
        }
        n += jdbc.update(Table.EVENTS, "DELETE FROM events WHERE at < ?", before);
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** Events dropped because their queue was full (both lanes). */
    public long dropped() {
        return writer.dropped();
    }

    /** Events other than low-value ones dropped because the queue was full. */
    public long droppedValuable() {
        return valuable.dropped();
    }

    /** How many events the size cap has deleted since the start. */
    public long trimmed() {
        return trimmed.get();
    }

    /** Rows in the event store. */
    public long count() {
        return jdbc.queryOne("SELECT COUNT(*) FROM events", rs -> rs.getLong(1)).orElse(0L);
    }

    /**
     * At most how many rows the event store holds, without counting them. H2 counts a table that
     * other sessions are writing to by reading every row (its kept row count is exact only when no
     * write is in flight, which under the fetch recorder is never): 1.6-4.5 s of CPU for 0.6-1.5
     * million events, against 0.3 ms for the two ends of the primary key (bench/results/events.md).
     * Ids are distinct, so the rows never outnumber the span from the smallest to the largest; and
     * every row written since the cap last counted has an id above the largest one it saw then.
     */
    long rowsAtMost() {
        return rowsAtMost(idRange());
    }

    /** The smallest and largest id in the store; null when it is empty. */
    private long[] idRange() {
        return jdbc.queryOne("SELECT MIN(id), MAX(id) FROM events", rs -> {
            long min = rs.getLong(1);
            return rs.wasNull() ? new long[0] : new long[] {min, rs.getLong(2)};
        }).filter(ends -> ends.length == 2).orElse(null);
    }

    private long rowsAtMost(long[] ids) {
        if (ids == null) {
            return 0;
        }
        long span = ids[1] - ids[0] + 1;
        long counted = countedRows;
        return counted < 0 ? span : Math.min(span, counted + Math.max(0, ids[1] - countedMaxId));
    }

    /** How many times the cap has had to count the rows one by one (a test reads it). */
    long exactCounts() {
        return exactCounts.get();
    }

    /**
     * Holds the store to {@code maxRows}: deletes the oldest events of the lowest value class
     * (then of the next class; see {@link EventTypes.Value}), in bounded chunks so that no
     * transaction holds the table for long, down to 1 % below the cap, so that a store living at
     * its cap is counted once per 1 % of new events rather than at every check; returns how many
     * went. A store that {@link #rowsAtMost} shows to be under the cap is not counted at all.
     */
    public long trimTo(long maxRows) {
        // read before the count: whatever the count misses arrives with a larger id than this
        long[] ids = idRange();
        if (rowsAtMost(ids) <= maxRows) {
            return 0;
        }
        long rows = count();
        exactCounts.incrementAndGet();
        long over = rows - maxRows;
        if (over > 0) {
            over += maxRows / 100;
        }
        long deleted = 0;
        for (EventTypes.Value v : EventTypes.Value.values()) {
            while (over > 0) {
                int chunk = (int) Math.min(over, 10_000);
                int n = deleteOldest(v, chunk);
                deleted += n;
                over -= n;
                if (n < chunk) {
                    break;
                }
            }
        }
        countedMaxId = ids[1];
        countedRows = rows - deleted;
        trimmed.addAndGet(deleted);
        return deleted;
    }

    private int deleteOldest(EventTypes.Value v, int limit) {
        if (v == EventTypes.Value.HIGH) {
            return jdbc.update(Table.EVENTS, "DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY at, id FETCH FIRST ? ROWS ONLY)", limit);
        }
        List<String> types = v.types();
        String in = String.join(",", java.util.Collections.nCopies(types.size(), "?"));
        List<Object> args = new ArrayList<>(types);
        args.add(limit);
        return jdbc.update(Table.EVENTS, "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE type IN (" + in + ") ORDER BY at, id FETCH FIRST ? ROWS ONLY)",
                args.toArray());
    }

    @Override
    public void close() {
        writer.close();
    }
}
