package io.phonehome.keys;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for key profiles, their keys, devices' own keys and which profile each device uses. */
public final class KeyRepository {
    private static final String KEY_COLUMNS = "module, position, key_type, key_value, label, line";
    private final Jdbc jdbc;

    public KeyRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public List<Key> deviceKeys(long deviceId) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM device_keys WHERE device_id = ? ORDER BY module, position",
                KeyRepository::key, deviceId);
    }

    public void replaceDeviceKeys(long deviceId, List<Key> keys) {
        jdbc.update(Table.DEVICE_KEYS, "DELETE FROM device_keys WHERE device_id = ?", deviceId);
        List<Object[]> rows = new ArrayList<>();
        for (Key k : keys) {
            rows.add(new Object[]{deviceId, k.module(), k.position(), k.type().wire(), k.value(), k.label(), k.line()});
        }
        if (!rows.isEmpty()) {
            jdbc.batch(Table.DEVICE_KEYS, "INSERT INTO device_keys (device_id, " + KEY_COLUMNS + ") VALUES (?,?,?,?,?,?,?)", rows);
        }
    }

    public Optional<KeyProfile> profile(String name) {
        Optional<Long> id = jdbc.queryOne("SELECT id FROM key_profiles WHERE name = ?", rs -> rs.getLong(1), name);
        return id.map(i -> new KeyProfile(i, name, profileKeys(i)));
    }

    public List<String> profileNames() {
        return jdbc.query("SELECT name FROM key_profiles ORDER BY name", rs -> rs.getString(1));
    }

    private List<Key> profileKeys(long profileId) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM key_profile_keys WHERE profile_id = ? ORDER BY module, position",
                KeyRepository::key, profileId);
    }

    /** Creates the profile when it does not exist; returns its id. */
    public long ensureProfile(String name) {
        Optional<Long> id = jdbc.queryOne("SELECT id FROM key_profiles WHERE name = ?", rs -> rs.getLong(1), name);
        return id.orElseGet(() -> jdbc.insert(Table.KEY_PROFILES, "INSERT INTO key_profiles (name) VALUES (?)", name));
    }

    public void replaceProfileKeys(long profileId, List<Key> keys) {
        jdbc.update(Table.KEY_PROFILE_KEYS, "DELETE FROM key_profile_keys WHERE profile_id = ?", profileId);
        List<Object[]> rows = new ArrayList<>();
        for (Key k : keys) {
            rows.add(new Object[]{profileId, k.module(), k.position(), k.type().wire(), k.value(), k.label(), k.line()});
        }
        if (!rows.isEmpty()) {
            jdbc.batch(Table.KEY_PROFILE_KEYS, "INSERT INTO key_profile_keys (profile_id, " + KEY_COLUMNS + ") VALUES (?,?,?,?,?,?,?)", rows);
        }
    }

    public void deleteProfile(long profileId) {
        jdbc.update(Table.KEY_PROFILES, "DELETE FROM key_profiles WHERE id = ?", profileId);
    }

    /** The devices that use the profile, by id. */
    public List<Long> devicesUsing(long profileId) {
        return jdbc.query("SELECT device_id FROM device_key_profiles WHERE profile_id = ? ORDER BY device_id", rs -> rs.getLong(1), profileId);
    }

    /** The name of the profile the device uses, if any. */
    public Optional<String> profileOf(long deviceId) {
        return jdbc.queryOne("SELECT p.name FROM device_key_profiles dp JOIN key_profiles p ON p.id = dp.profile_id WHERE dp.device_id = ?",
                rs -> rs.getString(1), deviceId);
    }

    /** Assigns the profile to the device (null: the device uses none). */
    public void assign(long deviceId, Long profileId) {
        jdbc.update(Table.DEVICE_KEY_PROFILES, "DELETE FROM device_key_profiles WHERE device_id = ?", deviceId);
        if (profileId != null) {
            jdbc.update(Table.DEVICE_KEY_PROFILES, "INSERT INTO device_key_profiles (device_id, profile_id) VALUES (?,?)", deviceId, profileId);
        }
    }

    private static Key key(ResultSet rs) throws SQLException {
        return new Key(rs.getInt("module"), rs.getInt("position"), KeyType.parse(rs.getString("key_type")).orElseThrow(),
                rs.getString("key_value"), rs.getString("label"), rs.getInt("line"));
    }
}
