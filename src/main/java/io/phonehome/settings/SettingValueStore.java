package io.phonehome.settings;

import io.phonehome.inventory.Mac;
import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.List;

/** SQL for {@code setting_values}: one value per scope and name. */
public final class SettingValueStore {
    private final Jdbc jdbc;

    public SettingValueStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Every stored value with its site's current name (a site scope shows the site as it is called now). */
    public List<StoredValue> all() {
        return jdbc.query("SELECT v.scope, v.vendor, v.model, v.site_id, s.name, v.mac, v.name, v.setting_value FROM setting_values v "
                + "LEFT JOIN sites s ON s.id = v.site_id ORDER BY v.scope_key, v.name", rs -> {
                    ScopeKind kind = ScopeKind.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT));
                    String mac = rs.getString(6);
                    Scope scope = new Scope(kind, rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            mac == null ? null : Mac.parse(mac));
                    return new StoredValue(scope, rs.getString(7), rs.getString(8));
                });
    }

    /** Sets (replacing) the value of {@code name} at {@code scope}. Call inside a transaction. */
    public void put(StoredValue v) {
        remove(v.scope(), v.name());
        Scope s = v.scope();
        jdbc.update(Table.SETTING_VALUES, "INSERT INTO setting_values (scope, scope_key, vendor, model, site_id, mac, name, setting_value, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.kind().spelling(), s.key(), s.vendor(), s.model(), s.siteId() == 0 ? null : s.siteId(), s.mac() == null ? null : s.mac().hex(),
                v.name(), v.value(), Instant.now());
    }

    /** Removes the value of {@code name} at {@code scope}; true when there was one. */
    public boolean remove(Scope scope, String name) {
        return jdbc.update(Table.SETTING_VALUES, "DELETE FROM setting_values WHERE scope_key = ? AND name = ?", scope.key(), name) > 0;
    }
}
