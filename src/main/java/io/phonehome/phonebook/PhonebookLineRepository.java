package io.phonehome.phonebook;

import io.phonehome.store.Jdbc;
import java.util.List;

/** The inventory's lines as a phonebook lists them: name and extension, of one site or of the fleet. */
public final class PhonebookLineRepository {
    /** One line: the name it shows (display name, else label, else nothing) and its extension. */
    public record LineEntry(String displayName, String label, String extension) {
    }

    private static final String SELECT = "SELECT l.display_name, l.label, l.extension FROM lines l JOIN devices d ON d.id = l.device_id ";
    private final Jdbc jdbc;

    public PhonebookLineRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public List<LineEntry> forSite(long siteId) {
        return jdbc.query(SELECT + "WHERE d.site_id = ? ORDER BY l.extension", PhonebookLineRepository::map, siteId);
    }

    /** Every line of a device that belongs to a site (a redirected device's lines are not ours to list). */
    public List<LineEntry> fleet() {
        return jdbc.query(SELECT + "WHERE d.site_id IS NOT NULL ORDER BY l.extension", PhonebookLineRepository::map);
    }

    private static LineEntry map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LineEntry(rs.getString("display_name"), rs.getString("label"), rs.getString("extension"));
    }
}
