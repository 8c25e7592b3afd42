package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for DECT handsets and which lines each uses. */
public final class HandsetRepository {
    private final Jdbc jdbc;

    public HandsetRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long deviceId, int index, String name, String ipui) {
        return jdbc.insert(Table.HANDSETS, "INSERT INTO handsets (device_id, handset_index, name, ipui) VALUES (?,?,?,?)", deviceId, index, name, ipui);
    }

    public void attachLine(long handsetId, long lineId) {
        jdbc.update(Table.HANDSET_LINES, "INSERT INTO handset_lines (handset_id, line_id) VALUES (?,?)", handsetId, lineId);
    }

    /** Handsets of a device, each with its line positions in ascending order. */
    public List<Handset> byDevice(long deviceId) {
        record Row(long id, int index, String name, String ipui, Integer position) {
        }
        List<Row> rows = jdbc.query("SELECT h.id, h.handset_index, h.name, h.ipui, l.position FROM handsets h "
                        + "LEFT JOIN handset_lines hl ON hl.handset_id = h.id LEFT JOIN lines l ON l.id = hl.line_id "
                        + "WHERE h.device_id = ? ORDER BY h.handset_index, l.position",
                rs -> new Row(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), Jdbc.nullableInt(rs, "position")), deviceId);
        Map<Long, List<Integer>> positions = new LinkedHashMap<>();
        Map<Long, Row> first = new LinkedHashMap<>();
        for (Row r : rows) {
            first.putIfAbsent(r.id(), r);
            List<Integer> p = positions.computeIfAbsent(r.id(), k -> new ArrayList<>());
            if (r.position() != null) {
                p.add(r.position());
            }
        }
        List<Handset> out = new ArrayList<>();
        for (Row r : first.values()) {
            out.add(new Handset(r.id(), deviceId, r.index(), r.name(), r.ipui(), positions.get(r.id())));
        }
        return out;
    }

    public void deleteByDevice(long deviceId) {
        jdbc.update(Table.HANDSETS, "DELETE FROM handsets WHERE device_id = ?", deviceId);
    }
}
