package io.phonehome.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcWriteWatchTest {
    private static final String INSERT_DEVICE = "INSERT INTO devices (mac, vendor, model, prov_password, imported_at) VALUES (?, 'v', 'm', 'p', ?)";

    TestDatabase db;
    Jdbc jdbc;
    List<Table> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        jdbc = db.database().jdbc();
        jdbc.onCommittedWrite(told::add);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private long devices() {
        return jdbc.queryLong("SELECT COUNT(*) FROM devices");
    }

    @Test
    void aStatementOutsideATransactionIsReportedWithTheTableItDeclared() {
        jdbc.insert(Table.DEVICES, INSERT_DEVICE, "0004f2000001", Instant.now());
        jdbc.update(Table.DEVICES, "UPDATE devices SET model = ? WHERE mac = ?", "n", "0004f2000001");
        jdbc.batch(Table.EVENTS, "INSERT INTO events (at, type, outcome) VALUES (?, 'x', 'ok')", List.<Object[]>of(new Object[] {Instant.now()}));
        jdbc.update(Table.DEVICES, "DELETE FROM devices WHERE mac = ?", "0004f2000001");
        jdbc.query("SELECT id FROM devices", rs -> rs.getLong(1));
        jdbc.execute("CREATE TABLE other (id INT)");
        assertThat(told).containsExactly(Table.DEVICES, Table.DEVICES, Table.EVENTS, Table.DEVICES);
    }

    @Test
    void aWriteIsReportedByItsDeclarationWhateverItsTextLooksLike() {
        // a leading comment hid the table from a reading of the SQL text; the declaration cannot be missed
        jdbc.insert(Table.DEVICES, "/* first contact */ " + INSERT_DEVICE, "0004f2000001", Instant.now());
        jdbc.update(Table.DEVICES, "\n-- re-provision\nUPDATE devices SET revision = revision + 1 WHERE mac = ?", "0004f2000001");
        assertThat(told).containsExactly(Table.DEVICES, Table.DEVICES);
    }

    @Test
    void writesInATransactionAreReportedOnceAfterTheCommitWhenTheWatcherCanSeeThem() {
        List<Long> seenByWatcher = new CopyOnWriteArrayList<>();
        jdbc.onCommittedWrite(table -> seenByWatcher.add(devices()));
        jdbc.inTransaction(() -> {
            jdbc.insert(Table.DEVICES, INSERT_DEVICE, "0004f2000001", Instant.now());
            jdbc.insert(Table.DEVICES, INSERT_DEVICE, "0004f2000002", Instant.now());
            assertThat(told).isEmpty();
        });
        assertThat(told).containsExactly(Table.DEVICES);
        assertThat(seenByWatcher).containsExactly(2L);
    }

    @Test
    void aRolledBackTransactionIsReportedToo() {
        assertThatThrownBy(() -> jdbc.inTransaction(() -> {
            jdbc.insert(Table.DEVICES, INSERT_DEVICE, "0004f2000001", Instant.now());
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(devices()).isZero();
        assertThat(told).containsExactly(Table.DEVICES);
    }

    @Test
    void aDeviceWriteNotifiesAndAnUntrackedOneDoesNotEvenInsideATrackedTransaction() {
        jdbc.insert(Table.DEVICES, INSERT_DEVICE, "0004f2000001", Instant.now());
        assertThat(told).containsExactly(Table.DEVICES);
        told.clear();
        jdbc.untracked().update(Table.DEVICES, "UPDATE devices SET last_address = ? WHERE mac = ?", "10.0.0.1", "0004f2000001");
        jdbc.inTransaction(() -> jdbc.untracked().batch(Table.DEVICES, "UPDATE devices SET last_address = ? WHERE mac = ?",
                List.<Object[]>of(new Object[] {"10.0.0.2", "0004f2000001"})));
        assertThat(told).isEmpty();
        assertThat(jdbc.queryOne("SELECT last_address FROM devices WHERE mac = ?", rs -> rs.getString(1), "0004f2000001")).contains("10.0.0.2");
    }

    @Test
    void aWriteNamingItsRowIsReportedWithItAndATransactionMergesRowsUntilTheWholeTableWins() {
        List<String> rows = new CopyOnWriteArrayList<>();
        jdbc.onCommittedRows((table, ids) -> rows.add(table + ":" + (ids == null ? "all" : new java.util.TreeSet<>(ids))));
        long one = jdbc.insert(Table.DEVICES, INSERT_DEVICE, "0004f2000001", Instant.now());
        long two = jdbc.insert(Table.DEVICES, INSERT_DEVICE, "0004f2000002", Instant.now());
        rows.clear();
        told.clear();
        jdbc.updateRow(Table.DEVICES, one, "UPDATE devices SET model = ? WHERE id = ?", "n", one);
        assertThat(rows).containsExactly("DEVICES:[" + one + "]");
        assertThat(told).as("a table watcher hears it as any write of its table").containsExactly(Table.DEVICES);
        rows.clear();
        jdbc.updateRow(Table.DEVICES, one, "UPDATE devices SET model = ? WHERE id = ? AND 1 = 0", "n", one);
        assertThat(rows).as("nothing changed, nothing to tell").isEmpty();
        jdbc.inTransaction(() -> {
            jdbc.updateRow(Table.DEVICES, one, "UPDATE devices SET model = ? WHERE id = ?", "o", one);
            jdbc.updateRow(Table.DEVICES, two, "UPDATE devices SET model = ? WHERE id = ?", "o", two);
            jdbc.updateRow(Table.SITES, 1, "UPDATE sites SET name = name WHERE id = ?", 1);
        });
        assertThat(rows).as("sites: no row changed; devices: both rows, once").containsExactly("DEVICES:[" + one + ", " + two + "]");
        rows.clear();
        jdbc.inTransaction(() -> {
            jdbc.updateRow(Table.DEVICES, one, "UPDATE devices SET model = ? WHERE id = ?", "p", one);
            jdbc.update(Table.DEVICES, "UPDATE devices SET model = ? WHERE mac = ?", "p", "0004f2000002");
        });
        assertThat(rows).as("a write naming no rows: the whole table").containsExactly("DEVICES:all");
    }
}
