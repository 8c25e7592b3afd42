package io.phonehome.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes events older than the retention period ({@code event_retention_days}): once shortly
 * after start, then every hour. Several nodes on one database may all prune; the delete is
 * idempotent, so that costs nothing but a query.
 *
 * <p>It also holds the event store to {@code event_max_rows}, checked every minute: over it, the
 * oldest events of the lowest value class go first ({@link EventTypes.Value}), and the trim is
 * itself recorded as an {@code event_store} event with the count, and counted in
 * {@link EventLog#trimmed()}.
 */
public final class EventRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
    public static final Duration INTERVAL = Duration.ofHours(1);
    public static final Duration CAP_INTERVAL = Duration.ofMinutes(1);
    private static final Duration FIRST_RUN_DELAY = Duration.ofSeconds(30);

    private final EventLog events;
    private final Duration keep;
    private final Clock clock;
    private final long maxRows;
    private final ScheduledExecutorService scheduler;

    /** A pruner that runs on its own schedule. */
    public static EventRetention scheduled(EventLog events, int retentionDays, long maxRows) {
        return new EventRetention(events, Duration.ofDays(retentionDays), maxRows, Clock.systemUTC(), true);
    }

    EventRetention(EventLog events, Duration keep, long maxRows, Clock clock, boolean schedule) {
        this.events = events;
        this.keep = keep;
        this.maxRows = maxRows;
        this.clock = clock;
        if (schedule) {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "event-retention");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::runSafely, FIRST_RUN_DELAY.toSeconds(), INTERVAL.toSeconds(), TimeUnit.SECONDS);
            scheduler.scheduleWithFixedDelay(this::capSafely, CAP_INTERVAL.toSeconds(), CAP_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        } else {
            this.scheduler = null;
        }
    }

    /** Deletes what is older than the retention period now; returns how many events went. */
    public int pruneNow() {
        Instant cutoff = clock.instant().minus(keep);
        int n = events.prune(cutoff);
        if (n > 0) {
            log.info("deleted {} event(s) older than {} ({} days retention)", n, cutoff, keep.toDays());
        }
        return n;
    }

    /**
     * Deletes the oldest, least valuable events while the store holds more than
     * {@code event_max_rows}; returns how many went (and records that as an event when any did).
     */
    public long capNow() {
        long n = events.trimTo(maxRows);
        if (n > 0) {
            log.warn("the event store was over event_max_rows={}: deleted its {} oldest, least valuable event(s) ({} since the start)",
                    maxRows, n, events.trimmed());
            events.record(Event.of(EventTypes.EVENT_STORE, "trimmed", null, null, "phonehome",
                    "deleted=" + n + " max_rows=" + maxRows + " deleted_since_start=" + events.trimmed()));
        }
        return n;
    }

    public long maxRows() {
        return maxRows;
    }

    private void capSafely() {
        try {
            capNow();
        } catch (RuntimeException e) {
            log.warn("holding the event store to its size failed: {}", e.getMessage());
        }
    }

    /** The oldest instant an event may have and still be kept. */
    public Instant cutoff() {
        return clock.instant().minus(keep);
    }

    public Duration keep() {
        return keep;
    }

    private void runSafely() {
        try {
            pruneNow();
        } catch (RuntimeException e) {
            log.warn("pruning old events failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
