package io.phonehome.events;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log, stored in the database. {@link #record} never blocks the caller: events go
 * through a bounded queue to one writer thread that inserts them in batches; when the queue is
 * full the event is dropped and counted (a boot storm must not wait for the log).
 *
 * <p>Two queues, by {@link EventTypes.Value}: low-value events (what anyone on the network can
 * cause) wait in their own small lane, so however many of them arrive, a failed login or a
 * firmware download still finds room; the writer empties the other lane first.
 */
public final class EventLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);
    private static final int BATCH = 500;

    private final Jdbc jdbc;
    private final BlockingQueue<Event> queue;
    private final BlockingQueue<Event> lowQueue;
    private final AtomicLong droppedLow = new AtomicLong();
    private final AtomicLong trimmed = new AtomicLong();
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private volatile boolean running = true;

    public EventLog(Jdbc jdbc, int queueSize) {
        this.jdbc = jdbc;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.lowQueue = new ArrayBlockingQueue<>(Math.max(100, queueSize / 10));
        this.writer = new Thread(this::drainLoop, "event-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues an event; returns false (and counts it) when the queue is full. */
    public boolean record(Event e) {
        boolean low = EventTypes.Value.of(e.type()) == EventTypes.Value.LOW;
        if ((low ? lowQueue : queue).offer(e)) {
            enqueued.incrementAndGet();
            return true;
        }
        long n = (low ? droppedLow : dropped).incrementAndGet();
        if (n == 1 || n % 10_000 == 0) {
            log.warn("{} event queue full: {} event(s) dropped so far", low ? "low-value" : "main", n);
        }
        return false;
    }

    /** Writes events at once, on the caller's thread (and transaction, if any). */
    public void insertNow(List<Event> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Event e : events) {
            rows.add(new Object[] {e.at(), e.type(), e.outcome(), e.mac(), e.siteId(), e.source(), e.detail()});
        }
        jdbc.batch(Table.EVENTS, "INSERT INTO events (at, type, outcome, mac, site_id, source, detail) VALUES (?,?,?,?,?,?,?)", rows);
    }

    private void drainLoop() {
        List<Event> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty() || !lowQueue.isEmpty()) {
            try {
                queue.drainTo(batch, BATCH);
                lowQueue.drainTo(batch, BATCH - batch.size());
                if (batch.isEmpty()) {
                    Event first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                insertNow(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                log.error("could not write {} event(s): {}", batch.size(), e.getMessage());
            } finally {
                processed.addAndGet(batch.size());
                batch.clear();
                synchronized (this) {
                    notifyAll();
                }
            }
        }
    }

    /** Waits until everything queued so far is written (tests, shutdown). */
    public void flush(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long target = enqueued.get();
        synchronized (this) {
            while (processed.get() < target && System.currentTimeMillis() < deadline) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
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

    /** Deletes events older than {@code before}; returns how many. */
    public int prune(Instant before) {
        return jdbc.update(Table.EVENTS, "DELETE FROM events WHERE at < ?", before);
    }

    /** Events dropped because their queue was full (both lanes). */
    public long dropped() {
        return dropped.get() + droppedLow.get();
    }

    /** Events other than low-value ones dropped because the queue was full. */
    public long droppedValuable() {
        return dropped.get();
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
     * Deletes the oldest events of the lowest value class until at most {@code maxRows} are
     * left (then of the next class; see {@link EventTypes.Value}), in bounded chunks so that no
     * transaction holds the table for long; returns how many went.
     */
    public long trimTo(long maxRows) {
        long over = count() - maxRows;
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
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
