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

    /**
     * Every line of a device at a site of this customer: the customer-wide phonebook (a device
     * without a site, such as a redirected one, is not ours to list; another customer's never is).
     */
    public List<LineEntry> forCustomer(long customerId) {
        return jdbc.query(SELECT + "JOIN sites s ON s.id = d.site_id WHERE s.customer_id = ? ORDER BY l.extension", PhonebookLineRepository::map,
                customerId);
    }

    private static LineEntry map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LineEntry(rs.getString("display_name"), rs.getString("label"), rs.getString("extension"));
    }
}
