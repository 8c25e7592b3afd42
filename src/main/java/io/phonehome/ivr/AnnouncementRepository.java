package io.phonehome.ivr;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The rows of {@code announcements}: one per name and site (or global). */
public final class AnnouncementRepository {
    private static final String COLUMNS = "SELECT id, name, site_id, duration_ms, file_name, uploaded_by, uploaded_at FROM announcements ";
    private final Jdbc jdbc;

    public AnnouncementRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static Announcement row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long site = rs.getLong("site_id");
        Long siteId = rs.wasNull() ? null : site;
        return new Announcement(rs.getLong("id"), rs.getString("name"), siteId, rs.getLong("duration_ms"),
                rs.getString("file_name"), rs.getString("uploaded_by"), Jdbc.instant(rs, "uploaded_at"));
    }

    List<Announcement> all() {
        return jdbc.query(COLUMNS + "ORDER BY name, site_id", AnnouncementRepository::row);
    }

    Optional<Announcement> find(String name, Long siteId) {
        return siteId == null
                ? jdbc.queryOne(COLUMNS + "WHERE name = ? AND site_id IS NULL", AnnouncementRepository::row, name)
                : jdbc.queryOne(COLUMNS + "WHERE name = ? AND site_id = ?", AnnouncementRepository::row, name, siteId);
    }

    /** Writes the row of {@code name} at {@code siteId}, replacing the one it had. */
    Announcement save(String name, Long siteId, long durationMillis, String fileName, String by, Instant at) {
        return jdbc.inTransaction(() -> {
            Optional<Announcement> old = find(name, siteId);
            if (old.isPresent()) {
                jdbc.update(Table.ANNOUNCEMENTS, "UPDATE announcements SET duration_ms = ?, file_name = ?, uploaded_by = ?, uploaded_at = ? WHERE id = ?",
                        durationMillis, fileName, by, at, old.get().id());
                return new Announcement(old.get().id(), name, siteId, durationMillis, fileName, by, at);
            }
            long id = jdbc.insert(Table.ANNOUNCEMENTS,
                    "INSERT INTO announcements (name, site_id, duration_ms, file_name, uploaded_by, uploaded_at) VALUES (?,?,?,?,?,?)",
                    name, siteId, durationMillis, fileName, by, at);
            return new Announcement(id, name, siteId, durationMillis, fileName, by, at);
        });
    }

    boolean delete(long id) {
        return jdbc.update(Table.ANNOUNCEMENTS, "DELETE FROM announcements WHERE id = ?", id) > 0;
    }
}
