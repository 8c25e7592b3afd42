package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which DECT manager each radio base belongs to ({@code dect_base_links}). The manager's
 * configuration lists its bases, so every change of a link, and every rewrite of a linked base
 * (its serial names it there), moves the manager's revision on: the render cache, keyed by that
 * revision, then serves the new list, and a preview shows it at once.
 */
public final class DectBaseLinkRepository {
    private final Jdbc jdbc;

    public DectBaseLinkRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The bases linked to this manager, by MAC. */
    public List<DectBase> basesOf(long managerId) {
        return jdbc.query("SELECT d.mac, d.model, d.serial, s.name FROM dect_base_links b JOIN devices d ON d.id = b.base_id "
                + "LEFT JOIN sites s ON s.id = d.site_id WHERE b.manager_id = ? ORDER BY d.mac",
                rs -> new DectBase(new Mac(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4)), managerId);
    }

    /** The manager's MAC of each of these devices that is a linked base. */
    public Map<Long, Mac> managersOf(Collection<Long> baseIds) {
        Map<Long, Mac> out = new HashMap<>();
        List<Long> all = new ArrayList<>(baseIds);
        for (int i = 0; i < all.size(); i += 500) {
            List<Long> chunk = all.subList(i, Math.min(all.size(), i + 500));
            String in = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT b.base_id, m.mac FROM dect_base_links b JOIN devices m ON m.id = b.manager_id WHERE b.base_id IN (" + in + ")",
                    rs -> out.put(rs.getLong(1), new Mac(rs.getString(2))), chunk.toArray());
        }
        return out;
    }

    /** Every link, base id to manager id: one row per linked base, so small enough to plan an import against. */
    public Map<Long, Long> all() {
        Map<Long, Long> out = new HashMap<>();
        jdbc.query("SELECT base_id, manager_id FROM dect_base_links", rs -> out.put(rs.getLong(1), rs.getLong(2)));
        return out;
    }

    /**
     * Sets the manager of each base (null: none) and moves on the revision of every manager whose
     * list this may change (the old one and the new one). Called inside the import's transaction.
     */
    public void link(Map<Long, Long> managerByBase) {
        if (managerByBase.isEmpty()) {
            return;
        }
        List<Object[]> bases = managerByBase.keySet().stream().map(id -> new Object[] {id}).toList();
        Instant before = Instant.now();
        jdbc.batch(Table.DEVICES, "UPDATE devices SET revision = revision + 1, updated_at = ? WHERE id IN "
                + "(SELECT manager_id FROM dect_base_links WHERE base_id = ?)", bases.stream().map(b -> new Object[] {before, b[0]}).toList());
        jdbc.batch(Table.DECT_BASE_LINKS, "DELETE FROM dect_base_links WHERE base_id = ?", bases);
        List<Object[]> rows = new ArrayList<>();
        managerByBase.forEach((base, manager) -> {
            if (manager != null) {
                rows.add(new Object[] {base, manager});
            }
        });
        jdbc.batch(Table.DECT_BASE_LINKS, "INSERT INTO dect_base_links (base_id, manager_id) VALUES (?,?)", rows);
        Instant now = Instant.now();
        jdbc.batch(Table.DEVICES, "UPDATE devices SET revision = revision + 1, updated_at = ? WHERE id = ?",
                managerByBase.values().stream().filter(java.util.Objects::nonNull).distinct().map(m -> new Object[] {now, m}).toList());
    }

    /** Before a device is deleted: its manager (if it is a linked base) will list one base less. */
    public void forgetBase(long baseId) {
        jdbc.update(Table.DEVICES, "UPDATE devices SET revision = revision + 1, updated_at = ? WHERE id IN "
                + "(SELECT manager_id FROM dect_base_links WHERE base_id = ?)", Instant.now(), baseId);
    }
}
