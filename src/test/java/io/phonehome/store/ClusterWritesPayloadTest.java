package io.phonehome.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What a cluster notification says and how a node reads it (no database needed). */
class ClusterWritesPayloadTest {
    static Map<Table, Set<Long>> read(String... payloads) {
        Map<Table, Set<Long>> into = new EnumMap<>(Table.class);
        for (String p : payloads) {
            ClusterWrites.read(p, into);
        }
        return into;
    }

    @Test
    void aWriteNamingItsRowsIsSentAndReadWithThem() {
        String p = ClusterWrites.payload("a1b2c3", Table.DEVICES, new java.util.TreeSet<>(Set.of(7L, 42L)));
        assertThat(p).isEqualTo("a1b2c3:devices:7,42");
        assertThat(read(p)).containsExactly(Map.entry(Table.DEVICES, Set.of(7L, 42L)));
    }

    @Test
    void aTableWideWriteAndAnOlderNodesPayloadMeanTheWholeTable() {
        assertThat(ClusterWrites.payload("a1b2c3", Table.SITES, null)).isEqualTo("a1b2c3:sites");
        Map<Table, Set<Long>> got = read("a1b2c3:sites", "a1b2c3:devices:5", "a1b2c3:devices");
        assertThat(got).containsKeys(Table.SITES, Table.DEVICES);
        assertThat(got.get(Table.SITES)).isNull();
        assertThat(got.get(Table.DEVICES)).as("a whole-table write wins over named rows").isNull();
    }

    @Test
    void unreadableRowsMeanTheWholeTableAndAnUnknownTableIsLeftOut() {
        Map<Table, Set<Long>> got = read("n:devices:5,x", "n:no_such_table:1", "garbage");
        assertThat(got).containsOnlyKeys(Table.DEVICES);
        assertThat(got.get(Table.DEVICES)).isNull();
    }

    @Test
    void beyondTheBoundTheWholeTableIsSentAndEveryPayloadFitsPostgresLimit() {
        Set<Long> most = LongStream.rangeClosed(Long.MAX_VALUE - Jdbc.MAX_ROWS_NAMED + 1, Long.MAX_VALUE).boxed().collect(Collectors.toSet());
        String longest = ClusterWrites.payload("a1b2c3d4e5f6", Table.FIRMWARE_CAMPAIGN_DEVICES, most);
        // PostgreSQL refuses a NOTIFY payload of 8000 bytes or more
        assertThat(longest.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000);
        assertThat(read(longest).get(Table.FIRMWARE_CAMPAIGN_DEVICES)).hasSize(Jdbc.MAX_ROWS_NAMED);

        Map<Table, Set<Long>> pending = new HashMap<>();
        Jdbc.merge(pending, Table.DEVICES, most);
        assertThat(pending.get(Table.DEVICES)).hasSize(Jdbc.MAX_ROWS_NAMED);
        Jdbc.merge(pending, Table.DEVICES, Set.of(1L));
        assertThat(pending).containsKey(Table.DEVICES);
        assertThat(pending.get(Table.DEVICES)).as("one row more than the bound: the whole table").isNull();
        assertThat(ClusterWrites.payload("n", Table.DEVICES, pending.get(Table.DEVICES))).isEqualTo("n:devices");
        Set<Long> more = new HashSet<>(most);
        more.add(1L);
        assertThat(ClusterWrites.payload("n", Table.DEVICES, more)).isEqualTo("n:devices");
    }
}
