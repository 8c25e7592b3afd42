package io.phonehome.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.testing.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcWriteWatchTest {
    TestDatabase db;
    Jdbc jdbc;
    List<String> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        jdbc = db.database().jdbc();
        jdbc.execute("CREATE TABLE watched (id INT PRIMARY KEY, v VARCHAR(10))");
        jdbc.onCommittedWrite(told::add);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aStatementOutsideATransactionIsReportedWithTheTableItWrote() {
        jdbc.update("INSERT INTO watched (id, v) VALUES (?, ?)", 1, "a");
        jdbc.update("UPDATE watched SET v = ? WHERE id = ?", "b", 1);
        jdbc.update("  delete   from Watched WHERE id = ?", 1);
        jdbc.query("SELECT id FROM watched", rs -> rs.getLong(1));
        jdbc.execute("CREATE TABLE other (id INT)");
        assertThat(told).containsExactly("watched", "watched", "watched");
    }

    @Test
    void writesInATransactionAreReportedOnceAfterTheCommitWhenTheWatcherCanSeeThem() {
        List<Long> seenByWatcher = new CopyOnWriteArrayList<>();
        jdbc.onCommittedWrite(table -> seenByWatcher.add(jdbc.queryLong("SELECT COUNT(*) FROM watched")));
        jdbc.inTransaction(() -> {
            jdbc.update("INSERT INTO watched (id, v) VALUES (?, ?)", 1, "a");
            jdbc.update("INSERT INTO watched (id, v) VALUES (?, ?)", 2, "b");
            assertThat(told).isEmpty();
        });
        assertThat(told).containsExactly("watched");
        assertThat(seenByWatcher).containsExactly(2L);
    }

    @Test
    void aRolledBackTransactionIsReportedToo() {
        assertThatThrownBy(() -> jdbc.inTransaction(() -> {
            jdbc.update("INSERT INTO watched (id, v) VALUES (?, ?)", 1, "a");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(jdbc.queryLong("SELECT COUNT(*) FROM watched")).isZero();
        assertThat(told).containsExactly("watched");
    }

    @Test
    void untrackedWritesAreNotReportedEvenInsideATrackedTransaction() {
        jdbc.update("INSERT INTO watched (id, v) VALUES (?, ?)", 1, "a");
        told.clear();
        jdbc.untracked().update("UPDATE watched SET v = ? WHERE id = ?", "b", 1);
        jdbc.inTransaction(() -> jdbc.untracked().batch("UPDATE watched SET v = ? WHERE id = ?", List.<Object[]>of(new Object[] {"c", 1})));
        assertThat(told).isEmpty();
        assertThat(jdbc.queryOne("SELECT v FROM watched WHERE id = ?", rs -> rs.getString(1), 1)).contains("c");
    }
}
