package io.phonehome.events;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The month partitions of the events table on PostgreSQL (migration V8_7): {@code events_YYYY_MM}
 * holds the events of that calendar month in UTC, {@code events_default} anything outside them.
 * Partitions are created ahead of time (this month and {@link #MONTHS_AHEAD} more), so an event
 * never waits for DDL, and retention drops a month that is wholly past the cutoff in one
 * statement instead of deleting its rows one by one. Several nodes may do both at once: every
 * statement is {@code IF [NOT] EXISTS}.
 */
final class EventPartitions {
    private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);
    static final int MONTHS_AHEAD = 2;
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");
    private static final Pattern MONTH_PARTITION = Pattern.compile("events_(\\d{4})_(\\d{2})");

    private final Jdbc jdbc;

    EventPartitions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    static String nameOf(YearMonth month) {
        return "events_" + month.format(SUFFIX);
    }

    /** Creates the partitions of the month of {@code now} and the {@link #MONTHS_AHEAD} after it that are missing. */
    void createAhead(Instant now) {
        YearMonth first = YearMonth.from(now.atZone(ZoneOffset.UTC));
        createMonths(first, first.plusMonths(MONTHS_AHEAD));
    }

    /** Creates the missing partitions from month {@code first} to {@code last}, both included. */
    void createMonths(YearMonth first, YearMonth last) {
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            try {
                jdbc.execute("CREATE TABLE IF NOT EXISTS " + nameOf(m) + " PARTITION OF events FOR VALUES FROM ('" + start(m) + "') TO ('"
                        + start(m.plusMonths(1)) + "')");
            } catch (RuntimeException e) {
                // events_default already holds rows of that month (a clock that was off): they
                // stay there, found by every query and deleted row by row by retention
                log.warn("cannot create the events partition {}: {}", nameOf(m), e.getMessage());
            }
        }
    }

    /** The month partitions that exist, oldest first. */
    List<YearMonth> months() {
        return jdbc.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'events'::regclass ORDER BY c.relname", rs -> rs.getString(1)).stream()
                .map(MONTH_PARTITION::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))).toList();
    }

    /** Drops every month partition whose whole month lies before {@code cutoff}; returns how many events they held. */
    long dropBefore(Instant cutoff) {
        long dropped = 0;
        for (YearMonth m : months()) {
            if (start(m.plusMonths(1)).isAfter(cutoff)) {
                continue;
            }
            String name = nameOf(m);
            long rows = jdbc.queryLong("SELECT COUNT(*) FROM " + name);
            jdbc.update(Table.EVENTS, "DROP TABLE IF EXISTS " + name);
            dropped += rows;
            log.info("dropped the events partition {} ({} event(s))", name, rows);
        }
        return dropped;
    }

    private static Instant start(YearMonth m) {
        return m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
