package io.phonehome.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Small JDBC helper: parameter binding, row mapping, generated keys and thread-bound
 * transactions. Everything that touches SQL goes through here, so SQLExceptions are translated
 * in one place (unique violations become {@link UniqueViolationException}).
 *
 * <p>It also tells {@linkplain #onCommittedWrite watchers} which tables were written, once the
 * write is committed: in-memory views of the database (the phone handler's device directory)
 * stay correct without every repository having to remember to invalidate them. Every write
 * names the {@link Table} it writes (the compiler asks for it), so what is reported is what the
 * write declared. Writes of facts no view depends on go through {@link #untracked()}.
 *
 * <p>A write that knows the few rows it changes ({@link #updateRow}) names them too, for the
 * {@linkplain #onCommittedRows row watchers} (and the other nodes, issue 16): a view keyed by row
 * can then refresh those entries instead of everything. Up to {@link #MAX_ROWS_NAMED} rows of a
 * table are named per report; more, or any write of the table that names no rows, reports the
 * whole table.
 */
public final class Jdbc {
    /** Maps the current row; must not advance the result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run() throws SQLException;
    }

    /**
     * Told of committed writes with the rows they changed: {@code ids} holds the {@code id}s of the
     * rows (at most {@link #MAX_ROWS_NAMED}), or is null when the whole table may have changed (a
     * write that named no rows, too many rows, an insert, a delete, or writes another node made
     * while this one was not listening). Named rows existed before the write and still exist.
     */
    @FunctionalInterface
    public interface RowWatcher {
        void written(Table table, Set<Long> ids);
    }

    /** Beyond this many rows of one table in one report, the whole table is reported instead. */
    public static final int MAX_ROWS_NAMED = 100;

    /** What a {@link Jdbc} and its {@link #untracked()} view share. */
    private static final class Shared {
        final ThreadLocal<Connection> current = new ThreadLocal<>();
        final ThreadLocal<Map<Table, Set<Long>>> writtenInTransaction = new ThreadLocal<>();
        final List<Consumer<Table>> watchers = new CopyOnWriteArrayList<>();
        final List<RowWatcher> rowWatchers = new CopyOnWriteArrayList<>();
        /** Tells other nodes of this node's writes (PostgreSQL: {@link ClusterWrites}); null alone. */
        volatile RowWatcher publisher;
        volatile Dialect dialect;
    }

    private final DataSource dataSource;
    private final ThreadLocal<Connection> current;
    private final Shared shared;
    private final boolean tracked;
    private final Jdbc untracked;

    public Jdbc(DataSource dataSource) {
        this(dataSource, new Shared(), true);
    }

    private Jdbc(DataSource dataSource, Shared shared, boolean tracked) {
        this.dataSource = dataSource;
        this.shared = shared;
        this.current = shared.current;
        this.tracked = tracked;
        this.untracked = tracked ? new Jdbc(dataSource, shared, false) : this;
    }

    /**
     * The same database and transactions, but writes through it are not reported to watchers:
     * for columns no in-memory view depends on (a device's last-seen time and address).
     */
    public Jdbc untracked() {
        return untracked;
    }

    /**
     * Calls {@code watcher} with each table written (as the write declared it), after the write
     * committed: after the statement outside a transaction, after the commit (or rollback, to
     * be safe) inside one. Called on the writing thread; it must be quick.
     */
    public void onCommittedWrite(Consumer<Table> watcher) {
        shared.watchers.add(watcher);
    }

    /**
     * As {@link #onCommittedWrite}, with the rows each write named ({@link RowWatcher}). Every
     * write is reported to both kinds of watcher; a write that names rows is, for a table watcher,
     * a write of its table as any other.
     */
    public void onCommittedRows(RowWatcher watcher) {
        shared.rowWatchers.add(watcher);
    }

    /**
     * Adds {@code ids} (null: the whole table) to what {@code written} holds for {@code table}:
     * the whole table wins, and more than {@link #MAX_ROWS_NAMED} rows become the whole table.
     */
    static void merge(Map<Table, Set<Long>> written, Table table, Set<Long> ids) {
        if (!written.containsKey(table)) {
            written.put(table, ids == null || ids.size() > MAX_ROWS_NAMED ? null : new HashSet<>(ids));
            return;
        }
        Set<Long> known = written.get(table);
        if (known == null) {
            return;
        }
        if (ids == null) {
            written.put(table, null);
            return;
        }
        known.addAll(ids);
        if (known.size() > MAX_ROWS_NAMED) {
            written.put(table, null);
        }
    }

    /** The database behind this helper (asked once, on first use). */
    public Dialect dialect() {
        Dialect d = shared.dialect;
        if (d == null) {
            d = withConnection("metadata", c -> Dialect.ofProductName(c.getMetaData().getDatabaseProductName()));
            shared.dialect = d;
        }
        return d;
    }

    /** Notes a write of the whole table: reported now, or when the enclosing transaction ends. */
    private void wrote(Table table) {
        wrote(table, null);
    }

    /** Notes a write of {@code ids} (null: the whole table). */
    private void wrote(Table table, Set<Long> ids) {
        if (!tracked || (shared.watchers.isEmpty() && shared.rowWatchers.isEmpty() && shared.publisher == null)) {
            return;
        }
        Map<Table, Set<Long>> pending = shared.writtenInTransaction.get();
        if (pending != null) {
            merge(pending, table, ids);
        } else {
            tell(table, ids);
        }
    }

    private void tell(Table table, Set<Long> ids) {
        for (Consumer<Table> w : shared.watchers) {
            w.accept(table);
        }
        Set<Long> rows = ids == null ? null : java.util.Collections.unmodifiableSet(ids);
        for (RowWatcher w : shared.rowWatchers) {
            w.written(table, rows);
        }
        RowWatcher p = shared.publisher;
        if (p != null) {
            p.written(table, rows);
        }
    }

    /** Sends this node's committed writes to {@code publisher} too (once, by {@link Database}). */
    void publishWrites(RowWatcher publisher) {
        shared.publisher = publisher;
    }

    /**
     * Another node committed a write to {@code table} ({@code ids} as for a {@link RowWatcher}):
     * the watchers are told as for a write of this node (on the listener's thread), and it is not
     * published again.
     */
    void writtenElsewhere(Table table, Set<Long> ids) {
        for (Consumer<Table> w : shared.watchers) {
            try {
                w.accept(table);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Jdbc.class).warn("a view failed to take another node's write to {}: {}", table, e.toString());
            }
        }
        Set<Long> rows = ids == null ? null : java.util.Collections.unmodifiableSet(ids);
        for (RowWatcher w : shared.rowWatchers) {
            try {
                w.written(table, rows);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Jdbc.class).warn("a view failed to take another node's write to {}: {}", table, e.toString());
            }
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                    return out;
                }
            }
        });
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        if (rows.size() > 1) {
            throw new StoreException("expected at most one row, got " + rows.size() + ": " + sql);
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long queryLong(String sql, Object... args) {
        return queryOne(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /** Runs an INSERT, UPDATE or DELETE of {@code table}; returns the rows it changed. */
    public int update(Table table, String sql, Object... args) {
        return withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                int n = ps.executeUpdate();
                wrote(table);
                return n;
            }
        });
    }

    /**
     * Runs an UPDATE of {@code table} that changes at most the row whose {@code id} is {@code id}
     * (it neither inserts nor deletes, nor changes what a view keys the row by, such as a device's
     * MAC): the watchers are told that row, not the whole table. Returns the rows it changed.
     */
    public int updateRow(Table table, long id, String sql, Object... args) {
        return withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                int n = ps.executeUpdate();
                if (n > 0) {
                    wrote(table, Set.of(id));
                }
                return n;
            }
        });
    }

    /** Runs an INSERT into {@code table} and returns the generated {@code id}. */
    public long insert(Table table, String sql, Object... args) {
        return withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
                bind(ps, args);
                ps.executeUpdate();
                wrote(table);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no generated key returned");
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    /** One statement writing {@code table}, many parameter rows, sent as a JDBC batch. */
    public void batch(Table table, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
                wrote(table);
            }
            return null;
        });
    }

    /**
     * One INSERT, many parameter rows, sent as a JDBC batch; returns the generated {@code id} of
     * each row in order (H2 and PostgreSQL both return every key of a batch).
     */
    public List<Long> batchInsert(Table table, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
                for (Object[] row : rows) {
                    bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
                wrote(table);
                List<Long> ids = new ArrayList<>(rows.size());
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
                if (ids.size() != rows.size()) {
                    throw new SQLException("expected " + rows.size() + " generated keys, got " + ids.size());
                }
                return ids;
            }
        });
    }

    /**
     * Runs {@code work} in one transaction bound to this thread: every Jdbc call inside it uses
     * the same connection. Nested calls join the outer transaction. Any exception rolls back.
     */
    public <T> T inTransaction(TransactionWork<T> work) {
        if (current.get() != null) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw translate("transaction", e);
            }
        }
        Map<Table, Set<Long>> written = new EnumMap<>(Table.class);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            current.set(c);
            shared.writtenInTransaction.set(written);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (SQLException e) {
                rollback(c, e);
                throw translate("transaction", e);
            } catch (RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            } finally {
                current.remove();
                shared.writtenInTransaction.remove();
                autoCommitAgain(c);
            }
        } catch (SQLException e) {
            throw translate("transaction", e);
        } finally {
            // After the commit, so a watcher that re-reads sees the new rows; after a rollback
            // too (nothing changed then, and a needless re-read is harmless).
            written.forEach(this::tell);
        }
    }

    /**
     * Rolls back after {@code cause}; a rollback that fails too (the connection broke: the server
     * rolls back by itself) is added to {@code cause}, never thrown in its place, so the caller still
     * learns what happened first (a database that went away, say).
     */
    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** The connection goes back to the pool in autocommit; a broken one cannot, and the pool evicts it anyway. */
    private static void autoCommitAgain(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            // broken connection: evicted by the pool, nothing to restore
        }
    }

    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(String sql, ConnectionWork<T> work) {
        Connection bound = current.get();
        try {
            if (bound != null) {
                return work.run(bound);
            }
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw translate(sql, e);
        }
    }

    private static StoreException translate(String what, SQLException e) {
        String state = e.getSQLState();
        if ("23505".equals(state)) {
            return new UniqueViolationException("unique constraint violated: " + e.getMessage(), e);
        }
        if (unavailable(e)) {
            return new StoreUnavailableException("the database does not answer (" + state + ") in: " + abbreviate(what) + ": " + e.getMessage(), e);
        }
        return new StoreException("database error (" + state + ") in: " + abbreviate(what) + ": " + e.getMessage(), e);
    }

    /**
     * Whether {@code e} says the database is out of reach rather than that the statement is wrong:
     * the pool found no connection in time (HikariCP's {@link java.sql.SQLTransientConnectionException}),
     * SQLSTATE class 08 (connection exception: refused, broken, closed), or PostgreSQL's 57P01
     * admin_shutdown, 57P02 crash_shutdown and 57P03 cannot_connect_now (starting up, shutting down,
     * in recovery) from its errcodes table; 25006 read_only_sql_transaction is what a standby that
     * is not yet promoted answers a write with.
     */
    static boolean unavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("25006")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String abbreviate(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant instant) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            } else if (a instanceof Enum<?> e) {
                ps.setString(i + 1, e.name().toLowerCase(java.util.Locale.ROOT));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    /** Reads a TIMESTAMP WITH TIME ZONE column as an Instant (null stays null). */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Object o = rs.getObject(column);
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant();
        }
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** Reads a nullable integer column. */
    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /**
     * Runs raw SQL that writes no table's rows (maintenance such as H2's CHECKPOINT or BACKUP, or
     * a test's schema): nothing is reported to watchers.
     */
    public void execute(String sql) {
        withConnection(sql, c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            return null;
        });
    }
}
