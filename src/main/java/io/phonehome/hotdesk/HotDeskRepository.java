package io.phonehome.hotdesk;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The rows of the three hot-desk tables: PINs per extension, desks, and the current logins. */
public final class HotDeskRepository {
    /** A user seated at a desk since a moment. */
    public record Seat(long deviceId, String extension, Instant since) {
    }

    private final Jdbc jdbc;

    public HotDeskRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> pinHash(String extension) {
        return jdbc.queryOne("SELECT pin_hash FROM hotdesk_pins WHERE extension = ?", rs -> rs.getString(1), extension);
    }

    Set<String> pinExtensions() {
        return new TreeSet<>(jdbc.query("SELECT extension FROM hotdesk_pins", rs -> rs.getString(1)));
    }

    void setPin(String extension, String hash, Instant at) {
        jdbc.inTransaction(() -> {
            if (jdbc.update(Table.HOTDESK_PINS, "UPDATE hotdesk_pins SET pin_hash = ?, set_at = ? WHERE extension = ?", hash, at, extension) == 0) {
                jdbc.update(Table.HOTDESK_PINS, "INSERT INTO hotdesk_pins (extension, pin_hash, set_at) VALUES (?,?,?)", extension, hash, at);
            }
        });
    }

    boolean clearPin(String extension) {
        return jdbc.update(Table.HOTDESK_PINS, "DELETE FROM hotdesk_pins WHERE extension = ?", extension) > 0;
    }

    Set<Long> desks() {
        return new TreeSet<>(jdbc.query("SELECT device_id FROM hotdesk_desks", rs -> rs.getLong(1)));
    }

    void addDesk(long deviceId) {
        if (jdbc.queryLong("SELECT COUNT(*) FROM hotdesk_desks WHERE device_id = ?", deviceId) == 0) {
            jdbc.update(Table.HOTDESK_DESKS, "INSERT INTO hotdesk_desks (device_id) VALUES (?)", deviceId);
        }
    }

    void removeDesk(long deviceId) {
        jdbc.update(Table.HOTDESK_DESKS, "DELETE FROM hotdesk_desks WHERE device_id = ?", deviceId);
    }

    List<Seat> seats() {
        return jdbc.query("SELECT device_id, extension, since FROM hotdesk_logins",
                rs -> new Seat(rs.getLong("device_id"), rs.getString("extension"), Jdbc.instant(rs, "since")));
    }

    /** Seats {@code extension} at the desk, freeing whatever desk it had and whoever sat here, in one transaction. */
    void seat(long deviceId, String extension, Instant since) {
        jdbc.inTransaction(() -> {
            jdbc.update(Table.HOTDESK_LOGINS, "DELETE FROM hotdesk_logins WHERE device_id = ? OR extension = ?", deviceId, extension);
            jdbc.update(Table.HOTDESK_LOGINS, "INSERT INTO hotdesk_logins (device_id, extension, since) VALUES (?,?,?)", deviceId, extension, since);
        });
    }

    boolean unseat(long deviceId) {
        return jdbc.update(Table.HOTDESK_LOGINS, "DELETE FROM hotdesk_logins WHERE device_id = ?", deviceId) > 0;
    }
}
