package io.phonehome.sip.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.phonehome.testing.TestDatabase;
import io.phonehome.testing.TestStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The location writer's per-line statements find their rows through an index on what they name,
 * on H2 (the embedded default). H2 plans a prepared statement once, and the writer prepares its
 * statements while the table is still empty: when an index on {@code node} existed, H2 chose it for
 * {@link BindingStore#DELETE_LINE} then, and every line written afterwards scanned every binding
 * (1-6 ms per line at 10,000 phones, bench/results/sip-register.md).
 */
class BindingStorePlansTest {
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");
    private TestDatabase db;
    private BindingStore store;

    @BeforeEach
    void open() {
        assumeTrue(TestStore.current() == TestStore.H2, "H2's planner and plan output");
        db = new TestDatabase();
        store = new BindingStore(db.database().jdbc(), "node-a");
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private String plan(String sql, Object... args) {
        return String.join("\n", db.database().jdbc().query("EXPLAIN " + sql, rs -> rs.getString(1), args));
    }

    @Test
    void onAnEmptyTableEveryPerLineStatementIsPlannedOnTheIndexOfWhatItNames() {
        assertTrue(plan(BindingStore.DELETE_LINE, "201", "node-a").contains("PRIMARY_KEY"), plan(BindingStore.DELETE_LINE, "201", "node-a"));
        assertTrue(plan(BindingStore.DELETE_CONTACT, "201", "sip:201@192.0.2.1").contains("PRIMARY_KEY"),
                plan(BindingStore.DELETE_CONTACT, "201", "sip:201@192.0.2.1"));
        long now = System.currentTimeMillis();
        assertTrue(plan(BindingStore.ELSEWHERE_FOR_EXTENSION, "201", Instant.ofEpochMilli(now), "node-a").contains("PRIMARY_KEY"),
                plan(BindingStore.ELSEWHERE_FOR_EXTENSION, "201", Instant.ofEpochMilli(now), "node-a"));
        assertTrue(plan(BindingStore.ELSEWHERE_FOR_DEVICE, 7L, Instant.ofEpochMilli(now), "node-a").contains("sip_bindings_device"),
                plan(BindingStore.ELSEWHERE_FOR_DEVICE, 7L, Instant.ofEpochMilli(now), "node-a"));
    }

    @Test
    void rewritingOneLineAmongTwoThousandReadsOnlyThatLinesRows() {
        long now = System.currentTimeMillis();
        Map<String, List<ContactBinding>> lines = new LinkedHashMap<>();
        for (int ext = 200; ext < 2200; ext++) {
            String e = String.valueOf(ext);
            lines.put(e, List.of(new ContactBinding(e, ext, ext, "sip:" + e + "@192.0.2.10:5060", new Flow("udp", "192.0.2.10", 5060), List.of(),
                    "Yealink SIP-T46S", -1f, now + 3_600_000, "call-" + e, 1, now, now, now + 3_600_000)));
        }
        store.replace(lines);
        // EXPLAIN ANALYZE runs the statement and says how many rows it read
        String analyzed = String.join("\n", db.database().jdbc().query("EXPLAIN ANALYZE " + BindingStore.DELETE_LINE, rs -> rs.getString(1),
                "1234", "node-a"));
        Matcher m = SCAN_COUNT.matcher(analyzed);
        assertTrue(m.find(), analyzed);
        assertTrue(Long.parseLong(m.group(1)) <= 2, "the delete of one line read " + m.group(1) + " rows:\n" + analyzed);
        assertEquals(1999, db.database().jdbc().query("SELECT COUNT(*) FROM sip_bindings", rs -> rs.getLong(1)).get(0));
    }
}
