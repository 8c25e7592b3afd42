package io.phonehome.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other nodes on the same PostgreSQL database which tables this node wrote, and tells
 * this node's {@link Jdbc#onCommittedWrite watchers} what the others wrote, so the in-memory views
 * (device directory, render cache keys, layered settings, ...) re-read a change made elsewhere as
 * they do one made here (issue 16).
 *
 * <p>Publishing: each committed write's table is collected and sent, at most every
 * {@link #COALESCE_MILLIS}, as {@code NOTIFY phonehome_writes, '<node>:<table>'} (a storm of
 * writes to one table is one notification), or {@code '<node>:<table>:<id>,<id>,...'} when every
 * write of the table in that batch named its rows ({@link Jdbc#updateRow}) and they are at most
 * {@link Jdbc#MAX_ROWS_NAMED}: the other nodes' views keyed by row then refresh only those rows
 * (a first-use marker of one phone no longer makes every node re-read every device). At most
 * 100 ids of at most 20 characters keep a payload under 2,200 bytes, far from PostgreSQL's
 * 8,000-byte limit on a NOTIFY payload. A node that cannot read the ids takes the whole table.
 * Listening: a connection of its own (not the pool's,
 * it is held for good) waits on {@code LISTEN phonehome_writes}; notifications of this node are
 * skipped. When that connection breaks (the database restarted, the network failed) it is opened
 * again and every watcher is told about every table: writes may have gone by unseen meanwhile.
 *
 * <p>The bound: a write committed on one node reaches the watchers of the others within
 * {@code COALESCE_MILLIS} plus one round trip, well under the second the README promises; a
 * watcher's own re-read comes on top (the device directory answers from the database at once).
 */
final class ClusterWrites implements AutoCloseable {
    static final String CHANNEL = "phonehome_writes";
    static final long COALESCE_MILLIS = 50;
    /** How long the listener waits for notifications before checking its connection. */
    static final int LISTEN_WAIT_MILLIS = 500;
    /** A quiet listening connection is checked this often: a dead peer sends no error. */
    static final long CHECK_MILLIS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(ClusterWrites.class);

    private final String url;
    private final String user;
    private final String password;
    private final DataSource pool;
    private final Jdbc jdbc;
    private final String node = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    /** Tables written since the last notification, with their rows (null: the whole table). */
    private final Map<Table, Set<Long>> pending = new EnumMap<>(Table.class);
    private final Thread publisher;
    private final Thread listener;
    private volatile boolean running = true;
    private volatile Connection listening;

    private ClusterWrites(String url, String user, String password, DataSource pool, Jdbc jdbc) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.pool = pool;
        this.jdbc = jdbc;
        this.publisher = new Thread(this::publishLoop, "cluster-writes-publish");
        this.listener = new Thread(this::listenLoop, "cluster-writes-listen");
        publisher.setDaemon(true);
        listener.setDaemon(true);
    }

    static ClusterWrites start(String url, String user, String password, DataSource pool, Jdbc jdbc) {
        ClusterWrites c = new ClusterWrites(url, user, password, pool, jdbc);
        jdbc.publishWrites(c::written);
        c.publisher.start();
        c.listener.start();
        return c;
    }

    /** A committed write of this node (called on the writing thread: only notes it). */
    private void written(Table table, Set<Long> ids) {
        synchronized (pending) {
            boolean wasEmpty = pending.isEmpty();
            Jdbc.merge(pending, table, ids);
            if (wasEmpty) {
                pending.notifyAll();
            }
        }
    }

    private void publishLoop() {
        while (running) {
            Map<Table, Set<Long>> batch;
            try {
                synchronized (pending) {
                    while (pending.isEmpty() && running) {
                        pending.wait();
                    }
                }
                Thread.sleep(COALESCE_MILLIS); // let a burst of writes become one notification per table
                synchronized (pending) {
                    batch = new EnumMap<>(Table.class);
                    batch.putAll(pending);
                    pending.clear();
                }
            } catch (InterruptedException e) {
                return;
            }
            if (batch.isEmpty()) {
                continue;
            }
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (Map.Entry<Table, Set<Long>> t : batch.entrySet()) {
                    ps.setString(1, CHANNEL);
                    ps.setString(2, payload(node, t.getKey(), t.getValue()));
                    ps.execute();
                }
            } catch (SQLException | RuntimeException e) {
                // the database is away: the other nodes' listeners break too and re-read everything
                // when they are back, so nothing is lost by dropping these
                if (running) {
                    log.warn("could not tell the other nodes about writes to {}: {}", batch, e.getMessage());
                }
            }
        }
    }

    private void listenLoop() {
        boolean first = true;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                listening = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                if (!first) {
                    log.info("listening for other nodes' writes again: re-reading everything");
                    for (Table t : Table.values()) {
                        jdbc.writtenElsewhere(t, null);
                    }
                }
                first = false;
                PGConnection pg = c.unwrap(PGConnection.class);
                long checked = System.nanoTime();
                while (running) {
                    PGNotification[] got = pg.getNotifications(LISTEN_WAIT_MILLIS);
                    if (got != null && got.length > 0) {
                        Map<Table, Set<Long>> tables = new EnumMap<>(Table.class);
                        for (PGNotification n : got) {
                            if (!isOwn(n.getParameter())) {
                                read(n.getParameter(), tables);
                            }
                        }
                        tables.forEach(jdbc::writtenElsewhere);
                    }
                    if (System.nanoTime() - checked > TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
                        try (Statement st = c.createStatement()) {
                            st.setQueryTimeout(5);
                            st.execute("SELECT 1");
                        }
                        checked = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("lost the database connection that hears other nodes' writes ({}); trying again", e.getMessage());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            } finally {
                listening = null;
            }
        }
    }

    /** {@code <node>:<table>} or {@code <node>:<table>:<id>,<id>...} ({@code ids} null: the whole table). */
    static String payload(String node, Table table, Set<Long> ids) {
        StringBuilder b = new StringBuilder(node).append(':').append(table.name().toLowerCase(Locale.ROOT));
        if (ids != null && !ids.isEmpty() && ids.size() <= Jdbc.MAX_ROWS_NAMED) {
            char sep = ':';
            for (long id : ids) {
                b.append(sep).append(id);
                sep = ',';
            }
        }
        return b.toString();
    }

    private boolean isOwn(String payload) {
        int colon = payload.indexOf(':');
        return colon < 0 || payload.substring(0, colon).equals(node);
    }

    /**
     * Adds what a notification of another node says to {@code into}: its table with the rows it
     * names, or the whole table when it names none or they cannot be read. An unknown table is
     * left out (a newer node's table this one does not know: nothing of ours depends on it).
     */
    static void read(String payload, Map<Table, Set<Long>> into) {
        String[] parts = payload.split(":", 3);
        if (parts.length < 2) {
            return;
        }
        Table table;
        try {
            table = Table.valueOf(parts[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return;
        }
        Set<Long> ids = null;
        if (parts.length == 3) {
            ids = new HashSet<>();
            try {
                for (String id : parts[2].split(",")) {
                    ids.add(Long.parseLong(id));
                }
            } catch (NumberFormatException e) {
                ids = null; // not ours to understand: the whole table is the safe reading
            }
        }
        Jdbc.merge(into, table, ids);
    }

    @Override
    public void close() {
        running = false;
        synchronized (pending) {
            pending.notifyAll();
        }
        publisher.interrupt();
        Connection c = listening;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        try {
            listener.join(2_000);
            publisher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
