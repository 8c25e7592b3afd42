package io.phonehome.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Copies every row of one Phonehome database into another of the same schema version (what
 * {@code phonehome migrate-store} does to move an installation from H2 to PostgreSQL), then
 * proves the copy: per table, the row count and a content checksum computed the same way on both
 * sides.
 *
 * <p>The copy runs in one transaction on the target, tables in foreign-key order, ids as they
 * were; a failure leaves the target as empty as it was. Afterwards every identity sequence of
 * the target is set past the highest copied id, so new rows do not collide with copied ones.
 *
 * <p>The checksum of a table is the sum (modulo 2<sup>256</sup>) of the SHA-256 of each row's
 * values in a spelling both databases agree on (instants in UTC, numbers in plain decimal, bytes
 * in hex). A sum, not a hash of rows in order: H2 and PostgreSQL order text by different
 * collations, so "ordered by the key" would not mean the same order on both sides, while a sum
 * does not depend on order and still changes when a row is lost, added twice or altered.
 */
public final class StoreCopy {
    /** Flyway's own table: each side has its history from its own migrations. */
    private static final String FLYWAY_HISTORY = "flyway_schema_history";
    /**
     * Tables a migration fills with rows of its own (V8_8: the default customer) and how many: a
     * new target holds them before anything is copied, so they do not make it "not empty", and
     * the copy replaces them with the source's rows (ids kept, so references still match).
     */
    private static final Map<String, Long> SEEDED_BY_MIGRATIONS = Map.of("customers", 1L);
    private static final int BATCH = 1000;

    /** What was copied for one table and what each side holds afterwards. */
    public record TableReport(String table, long sourceRows, long targetRows, String sourceChecksum, String targetChecksum) {
        public boolean matches() {
            return sourceRows == targetRows && sourceChecksum.equals(targetChecksum);
        }
    }

    private final DataSource source;
    private final DataSource target;
    private final Consumer<String> progress;

    public StoreCopy(Database source, Database target, Consumer<String> progress) {
        this.source = source.dataSource();
        this.target = target.dataSource();
        this.progress = progress;
    }

    /** The tables of the source that hold Phonehome's data, parents before the tables that reference them. */
    public List<String> tables() {
        try (Connection c = source.getConnection()) {
            List<String> names = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                            + " AND table_type IN ('BASE TABLE', 'TABLE') ORDER BY table_name")) {
                while (rs.next()) {
                    String t = rs.getString(1).toLowerCase(Locale.ROOT);
                    if (!t.equals(FLYWAY_HISTORY)) {
                        names.add(t);
                    }
                }
            }
            return inForeignKeyOrder(c.getMetaData(), names);
        } catch (SQLException e) {
            throw new StoreException("cannot list the tables of the source database: " + e.getMessage(), e);
        }
    }

    /**
     * The tables of {@link #tables()} that already hold rows in the target (an installation
     * must not be merged into another).
     */
    public Map<String, Long> nonEmptyTargetTables() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = target.getConnection(); Statement st = c.createStatement()) {
            for (String t : tables()) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    if (rs.getLong(1) > SEEDED_BY_MIGRATIONS.getOrDefault(t, 0L)) {
                        out.put(t, rs.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the target database: " + e.getMessage(), e);
        }
        return out;
    }

    /** Copies every table, then advances the target's sequences; refuses a target that holds rows. */
    public void copy() {
        Map<String, Long> occupied = nonEmptyTargetTables();
        if (!occupied.isEmpty()) {
            throw new StoreException("the target database is not empty (" + occupied + "): migrate-store only fills a new, empty database");
        }
        List<String> tables = tables();
        try (Connection from = source.getConnection(); Connection to = target.getConnection()) {
            from.setAutoCommit(false);
            from.setReadOnly(true);
            to.setAutoCommit(false);
            try {
                // nothing references the seeded rows yet: the check above found every other table empty
                try (Statement st = to.createStatement()) {
                    for (String t : SEEDED_BY_MIGRATIONS.keySet()) {
                        if (tables.contains(t)) {
                            st.executeUpdate("DELETE FROM " + t);
                        }
                    }
                }
                for (String t : tables) {
                    long n = copyTable(from, to, t);
                    progress.accept("copied " + t + ": " + n + " row(s)");
                }
                advanceSequences(to, tables);
                to.commit();
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            } finally {
                from.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("copying failed, the target is left as it was: " + e.getMessage(), e);
        }
    }

    /** Counts and checksums of every table on both sides, read anew after the copy. */
    public List<TableReport> verify() {
        List<TableReport> out = new ArrayList<>();
        try (Connection from = source.getConnection(); Connection to = target.getConnection()) {
            from.setAutoCommit(false);
            to.setAutoCommit(false);
            for (String t : tables()) {
                List<String> columns = columns(to, t);
                Sum a = checksum(from, t, columns);
                Sum b = checksum(to, t, columns);
                out.add(new TableReport(t, a.rows, b.rows, a.hex(), b.hex()));
            }
            from.rollback();
            to.rollback();
        } catch (SQLException e) {
            throw new StoreException("cannot check the copy: " + e.getMessage(), e);
        }
        return out;
    }

    private long copyTable(Connection from, Connection to, String table) throws SQLException {
        List<String> columns = columns(to, table);
        String list = String.join(", ", columns);
        String insert = "INSERT INTO " + table + " (" + list + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        long n = 0;
        try (Statement st = from.createStatement(); PreparedStatement ps = to.prepareStatement(insert)) {
            st.setFetchSize(BATCH);
            try (ResultSet rs = st.executeQuery("SELECT " + list + " FROM " + table)) {
                int pending = 0;
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        ps.setObject(i, portable(rs.getObject(i)));
                    }
                    ps.addBatch();
                    n++;
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
        }
        return n;
    }

    /** Large values come out of H2 as LOB handles, which belong to its connection: hand over their content. */
    private static Object portable(Object v) throws SQLException {
        if (v instanceof Clob c) {
            return c.getSubString(1, (int) c.length());
        }
        if (v instanceof Blob b) {
            return b.getBytes(1, (int) b.length());
        }
        return v;
    }

    /**
     * Sets each identity sequence of the target past the highest id copied into its table
     * ({@code setval}; PostgreSQL only, the one target migrate-store writes).
     */
    private void advanceSequences(Connection to, List<String> tables) throws SQLException {
        for (String t : tables) {
            if (!columns(to, t).contains("id")) {
                continue;
            }
            String sequence;
            try (PreparedStatement ps = to.prepareStatement("SELECT pg_get_serial_sequence(?, 'id')")) {
                ps.setString(1, t);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sequence = rs.getString(1);
                }
            }
            if (sequence == null) {
                continue;
            }
            try (PreparedStatement ps = to.prepareStatement("SELECT setval(?, COALESCE((SELECT MAX(id) FROM " + t + "), 0) + 1, false)")) {
                ps.setString(1, sequence);
                ps.executeQuery().close();
            }
        }
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND LOWER(table_name) = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        if (out.isEmpty()) {
            throw new SQLException("table " + table + " does not exist in " + c.getMetaData().getDatabaseProductName());
        }
        return out;
    }

    private static final class Sum {
        long rows;
        BigInteger total = BigInteger.ZERO;

        String hex() {
            return String.format("%064x", total);
        }
    }

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private static Sum checksum(Connection c, String table, List<String> columns) throws SQLException {
        Sum sum = new Sum();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (Statement st = c.createStatement()) {
            st.setFetchSize(BATCH);
            try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table)) {
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        byte[] v = canonical(rs.getObject(i)).getBytes(StandardCharsets.UTF_8);
                        sha.update(Integer.toString(v.length).getBytes(StandardCharsets.US_ASCII));
                        sha.update((byte) ':');
                        sha.update(v);
                    }
                    sum.total = sum.total.add(new BigInteger(1, sha.digest())).mod(MODULUS);
                    sum.rows++;
                }
            }
        }
        return sum;
    }

    /** One value as both databases' drivers agree to spell it. */
    static String canonical(Object v) throws SQLException {
        if (v == null) {
            return "\u0000null";
        }
        if (v instanceof OffsetDateTime odt) {
            return odt.toInstant().toString();
        }
        if (v instanceof Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (v instanceof Float || v instanceof Double) {
            return Double.toString(((Number) v).floatValue());
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number n) {
            return Long.toString(n.longValue());
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof Clob || v instanceof Blob) {
            return canonical(portable(v));
        }
        return v.toString();
    }

    private static List<String> inForeignKeyOrder(DatabaseMetaData meta, List<String> tables) throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (String t : tables) {
            Set<String> p = new LinkedHashSet<>();
            for (String name : List.of(t, t.toUpperCase(Locale.ROOT))) {
                try (ResultSet rs = meta.getImportedKeys(null, null, name)) {
                    while (rs.next()) {
                        String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                        if (!parent.equals(t) && tables.contains(parent)) {
                            p.add(parent);
                        }
                    }
                }
            }
            parents.put(t, p);
        }
        List<String> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (ordered.size() < tables.size()) {
            boolean progressed = false;
            for (String t : tables) {
                if (!done.contains(t) && done.containsAll(parents.get(t))) {
                    ordered.add(t);
                    done.add(t);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new SQLException("foreign keys form a cycle among " + tables);
            }
        }
        return ordered;
    }
}
