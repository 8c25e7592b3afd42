package io.phonehome.phones;

import io.phonehome.store.Jdbc;
import io.phonehome.store.StoreException;
import io.phonehome.store.Table;
import io.phonehome.store.UniqueViolationException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The config revision of files whose phones compare one (a plug-in says so with
 * {@link PhonePlugin#carriesConfigRevision}): a number that rises with every change of a file's
 * content and stays put while the content stays the same, kept in {@code config_revisions}.
 *
 * <p>Why a stored number and not one derived from the content: such a phone applies a file only
 * when its number is higher than the one it runs, so a number that is a function of the content
 * goes down again for about half of all changes, and always when a change is undone.
 *
 * <p>The rules, each for a reason:
 * <ul>
 * <li>Unchanged content (the same SHA-256 as stored) keeps its number, so a phone that fetches
 *     again does not apply the same file again, before and after a restart.</li>
 * <li>Changed content gets {@code max(stored + 1, now)}, counted in seconds of the clock, and a
 *     file without a row {@code now + 3}. The clock makes a number that rises even when the row is
 *     gone (a table emptied, a device's rows removed by hand): a phone keeps the high number it was
 *     given, and the next must be above it. That holds because no later number of a file is more
 *     than {@value #LEAD_SECONDS} seconds ahead of the clock when it is given out: a file changed
 *     and fetched again faster than the clock runs waits (on the worker rendering it, a second or
 *     two) until its next number is within that lead. Phones re-fetch minutes apart, so only
 *     scripts and tests meet the wait. The one case left: a row created, lost and created again
 *     within the same second. Nodes sharing a database need clocks in step (NTP).</li>
 * <li>The new number is written with a compare-and-set on the old one (or an insert that the
 *     primary key lets only one node win), so two nodes sharing the database never hand out one
 *     number for two different contents: the loser reads again and either finds its own content
 *     (and its number) or goes above the winner's.</li>
 * </ul>
 *
 * <p>A new number is written before the file goes out, on the worker that renders it, not
 * behind ({@code WriteBehind}): a number a phone was given and a crash then lost from a queue
 * would be given again, to other content, which that phone would ignore. It costs one read per
 * render (renders happen once per change and per restart, the render cache answers the rest) and
 * one write per change.
 *
 * <p>A backup restored with its rows serves its old numbers for unchanged files, which phones that
 * ran later numbers ignore; the next change of each file gets a clock number above them again.
 */
public final class ConfigRevisionStore {
    /**
     * Attempts before a file's revision is given up as contended (each loses only to another
     * node's write of the same file). Between attempts a writer that lost waits a random moment,
     * longer after each loss, so writers racing for one row do not keep colliding in step.
     */
    private static final int ATTEMPTS = 24;
    /** How far ahead of the clock a number may be when it is given out. */
    static final long LEAD_SECONDS = 2;

    /** Waits until the clock shows a given epoch second (a test's clock advances itself instead). */
    @FunctionalInterface
    public interface Waiter {
        void waitUntil(Clock clock, long epochSecond) throws InterruptedException;

        Waiter SLEEP = (clock, second) -> {
            long millis;
            while ((millis = second * 1000 - clock.millis()) > 0) {
                Thread.sleep(millis);
            }
        };
    }

    /** Which file: {@code mac} is the device's (12 hex digits) or {@code ""} for a common file. */
    public record Key(String mac, String file) {
    }

    /** A revision and whether it is the stored one (false: what the next change would be given). */
    public record Revision(long number, boolean stored) {
    }

    private record Row(String hash, long revision) {
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final Waiter waiter;

    public ConfigRevisionStore(Jdbc jdbc) {
        this(jdbc, Clock.systemUTC(), Waiter.SLEEP);
    }

    public ConfigRevisionStore(Jdbc jdbc, Clock clock, Waiter waiter) {
        // Nothing in memory depends on these rows, so their writes tell no watcher.
        this.jdbc = jdbc.untracked();
        this.clock = clock;
        this.waiter = waiter;
    }

    /**
     * The revision of content with this hash, stored: the stored number when the content is
     * unchanged, else a new, higher one. For the files a phone is served.
     *
     * @throws StoreException when the database fails, or another node keeps changing the same file
     */
    public long assign(Key key, String contentHash) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Row> row = read(key);
            if (row.isPresent() && row.get().hash().equals(contentHash)) {
                return row.get().revision();
            }
            if (row.isPresent()) {
                awaitLead(row.get().revision() + 1);
            }
            Instant now = clock.instant();
            long next = next(row, now);
            if (row.isEmpty()) {
                try {
                    jdbc.update(Table.CONFIG_REVISIONS, "INSERT INTO config_revisions (mac, file_name, content_hash, revision, changed_at) "
                            + "VALUES (?, ?, ?, ?, ?)", key.mac(), key.file(), contentHash, next, now);
                    return next;
                } catch (UniqueViolationException another) {
                    backOff(attempt);
                    continue;   // another node inserted it first: read what it wrote
                }
            }
            int won = jdbc.update(Table.CONFIG_REVISIONS, "UPDATE config_revisions SET content_hash = ?, revision = ?, changed_at = ? "
                    + "WHERE mac = ? AND file_name = ? AND revision = ?", contentHash, next, now, key.mac(), key.file(), row.get().revision());
            if (won == 1) {
                return next;
            }
            backOff(attempt);
        }
        throw new StoreException("the config revision of " + key.file() + " kept changing under " + ATTEMPTS + " attempts");
    }

    /** A random pause of up to attempt + 1 milliseconds after a lost write. */
    private static void backOff(int attempt) {
        long nanos = java.util.concurrent.ThreadLocalRandom.current().nextLong((attempt + 1) * 1_000_000L);
        java.util.concurrent.locks.LockSupport.parkNanos(nanos);
    }

    /**
     * What {@link #assign} would return now, writing nothing: for a preview, which shows what the
     * phone would get without raising the number the phone will get.
     */
    public Revision peek(Key key, String contentHash) {
        Optional<Row> row = read(key);
        if (row.isPresent() && row.get().hash().equals(contentHash)) {
            return new Revision(row.get().revision(), true);
        }
        return new Revision(next(row, clock.instant()), false);
    }

    /**
     * A file without a row gets one more than the most any number can be ahead of the clock, so it
     * is above whatever a lost row gave out, even in the same second.
     */
    private long next(Optional<Row> row, Instant now) {
        long second = now.getEpochSecond();
        return row.map(r -> Math.max(r.revision() + 1, second)).orElse(second + LEAD_SECONDS + 1);
    }

    /** Waits until {@code number} is at most {@link #LEAD_SECONDS} ahead of the clock. */
    private void awaitLead(long number) {
        if (number - clock.instant().getEpochSecond() <= LEAD_SECONDS) {
            return;
        }
        try {
            waiter.waitUntil(clock, number - LEAD_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while the config revision of a file caught up with the clock");
        }
    }

    private Optional<Row> read(Key key) {
        return jdbc.queryOne("SELECT content_hash, revision FROM config_revisions WHERE mac = ? AND file_name = ?",
                rs -> new Row(rs.getString(1), rs.getLong(2)), key.mac(), key.file());
    }
}
