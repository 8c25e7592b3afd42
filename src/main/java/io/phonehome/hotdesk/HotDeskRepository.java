package io.phonehome.hotdesk;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rows of the three hot-desk tables: PINs per extension of a customer, desks, and the current
 * logins (each names its user's customer: every customer has its own extension space, V8_15).
 */
public final class HotDeskRepository {
    /** A user (an extension of a customer) seated at a desk since a moment. */
    public record Seat(long deviceId, long customerId, String extension, Instant since) {
    }

    private final Jdbc jdbc;

    public HotDeskRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> pinHash(long customerId, String extension) {
        return jdbc.queryOne("SELECT pin_hash FROM hotdesk_pins WHERE customer_id = ? AND extension = ?", rs -> rs.getString(1),
                customerId, extension);
    }

    Set<String> pinExtensions(long customerId) {
        return new TreeSet<>(jdbc.query("SELECT extension FROM hotdesk_pins WHERE customer_id = ?", rs -> rs.getString(1), customerId));
    }

    void setPin(long customerId, String extension, String hash, Instant at) {
        jdbc.inTransaction(() -> {
            if (jdbc.update(Table.HOTDESK_PINS, "UPDATE hotdesk_pins SET pin_hash = ?, set_at = ? WHERE customer_id = ? AND extension = ?",
                    hash, at, customerId, extension) == 0) {
                jdbc.update(Table.HOTDESK_PINS, "INSERT INTO hotdesk_pins (customer_id, extension, pin_hash, set_at) VALUES (?,?,?,?)",
                        customerId, extension, hash, at);
            }
        });
    }

    boolean clearPin(long customerId, String extension) {
        return jdbc.update(Table.HOTDESK_PINS, "DELETE FROM hotdesk_pins WHERE customer_id = ? AND extension = ?", customerId, extension) > 0;
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
        return jdbc.query("SELECT device_id, customer_id, extension, since FROM hotdesk_logins",
                rs -> new Seat(rs.getLong("device_id"), rs.getLong("customer_id"), rs.getString("extension"), Jdbc.instant(rs, "since")));
    }

    /** Seats the user at the desk, freeing whatever desk it had and whoever sat here, in one transaction. */
    void seat(Seat s) {
        jdbc.inTransaction(() -> {
            jdbc.update(Table.HOTDESK_LOGINS, "DELETE FROM hotdesk_logins WHERE device_id = ? OR (customer_id = ? AND extension = ?)",
                    s.deviceId(), s.customerId(), s.extension());
            jdbc.update(Table.HOTDESK_LOGINS, "INSERT INTO hotdesk_logins (device_id, customer_id, extension, since) VALUES (?,?,?,?)",
                    s.deviceId(), s.customerId(), s.extension(), s.since());
        });
    }

    boolean unseat(long deviceId) {
        return jdbc.update(Table.HOTDESK_LOGINS, "DELETE FROM hotdesk_logins WHERE device_id = ?", deviceId) > 0;
    }
}
