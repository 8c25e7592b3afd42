package io.phonehome.ivr;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.util.List;

/** The rows of {@code ivr_menus}: one per site and number. */
public final class MenuRepository {
    private final Jdbc jdbc;

    public MenuRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    List<StoredMenu> all() {
        return jdbc.query("SELECT site_id, number, plan, updated_by, updated_at FROM ivr_menus ORDER BY site_id, number",
                rs -> new StoredMenu(rs.getLong("site_id"), rs.getString("number"), MenuPlanText.read(rs.getString("plan")),
                        rs.getString("updated_by"), Jdbc.instant(rs, "updated_at")));
    }

    void save(StoredMenu m) {
        String text = MenuPlanText.write(m.plan());
        jdbc.inTransaction(() -> {
            int changed = jdbc.update(Table.IVR_MENUS, "UPDATE ivr_menus SET plan = ?, updated_by = ?, updated_at = ? WHERE site_id = ? AND number = ?",
                    text, m.updatedBy(), m.updatedAt(), m.siteId(), m.number());
            if (changed == 0) {
                jdbc.insert(Table.IVR_MENUS, "INSERT INTO ivr_menus (site_id, number, plan, updated_by, updated_at) VALUES (?,?,?,?,?)",
                        m.siteId(), m.number(), text, m.updatedBy(), m.updatedAt());
            }
        });
    }

    boolean delete(long siteId, String number) {
        return jdbc.update(Table.IVR_MENUS, "DELETE FROM ivr_menus WHERE site_id = ? AND number = ?", siteId, number) > 0;
    }

    boolean siteExists(long siteId) {
        return jdbc.queryLong("SELECT COUNT(*) FROM sites WHERE id = ?", siteId) > 0;
    }
}
