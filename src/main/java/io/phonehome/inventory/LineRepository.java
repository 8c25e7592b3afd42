package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import io.phonehome.store.UniqueViolationException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for lines (SIP accounts). */
public final class LineRepository {
    private static final String COLUMNS = "id, device_id, position, extension, display_name, label, auth_user, password, transport, srtp, customer_id";

    private final Jdbc jdbc;

    public LineRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long deviceId, int position, String extension, String displayName, String label, String authUser,
                       String password, Transport transport, Srtp srtp) {
        try {
            return jdbc.insert(Table.LINES, "INSERT INTO lines (device_id, position, extension, display_name, label, auth_user, password, transport, srtp, "
                    + "customer_id) VALUES (?,?,?,?,?,?,?,?,?," + CUSTOMER_OF_DEVICE + ")", deviceId, position, extension, displayName, label, authUser,
                    password, transport.lower(), srtp.lower(), deviceId);
        } catch (UniqueViolationException e) {
            throw new ConflictException("extension " + extension + " (or its auth user " + authUser + ") is already in use at this customer");
        }
    }

    public List<Line> byDevice(long deviceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM lines WHERE device_id = ? ORDER BY position", LineRepository::map, deviceId);
    }

    /**
     * The line with this extension when exactly one customer has it (always so on an installation
     * with one customer); empty when none or several do. Callers that know the customer ask
     * {@link #byExtension(long, String)}.
     */
    public Optional<Line> byExtension(String extension) {
        List<Line> found = jdbc.query("SELECT " + COLUMNS + " FROM lines WHERE extension = ?", LineRepository::map, extension);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Whether any customer has a line with this extension. */
    public boolean anyHas(String extension) {
        return jdbc.queryOne("SELECT 1 FROM lines WHERE extension = ? LIMIT 1", rs -> rs.getInt(1), extension).isPresent();
    }

    /** The line with this extension in one customer's extension space. */
    public Optional<Line> byExtension(long customerId, String extension) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM lines WHERE customer_id = ? AND extension = ?", LineRepository::map, customerId, extension);
    }

    /** A line by its row id. */
    public Optional<Line> byId(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM lines WHERE id = ?", LineRepository::map, id);
    }

    /** Every line with this extension, one per customer at most. */
    public List<Line> allByExtension(String extension) {
        return jdbc.query("SELECT " + COLUMNS + " FROM lines WHERE extension = ? ORDER BY customer_id", LineRepository::map, extension);
    }

    /** Every line with this auth user, one per customer at most. */
    public List<Line> allByAuthUser(String authUser) {
        return jdbc.query("SELECT " + COLUMNS + " FROM lines WHERE auth_user = ? ORDER BY customer_id", LineRepository::map, authUser);
    }

    /** Like {@link #byExtension(String)}: the line when exactly one customer has this auth user. */
    public Optional<Line> byAuthUser(String authUser) {
        List<Line> found = allByAuthUser(authUser);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /**
     * SQL for the customer a line of device {@code ?} belongs to: its site's, or the default
     * customer's for a device without a site. Every writer of {@code lines.customer_id} uses it.
     */
    static final String CUSTOMER_OF_DEVICE = "COALESCE((SELECT s.customer_id FROM devices d JOIN sites s ON s.id = d.site_id WHERE d.id = ?), "
            + "(SELECT c.id FROM customers c WHERE c.slug = '" + Customer.DEFAULT_SLUG + "'))";

    /**
     * Sets {@code customer_id} of the lines of the devices {@code deviceFilter} selects (SQL over
     * {@code lines.device_id}) after a device changed site or a site changed customer; a clash
     * with the new customer's extensions is a {@link ConflictException} (the caller's transaction
     * then writes nothing).
     */
    void followCustomer(String deviceFilter, Object... args) {
        try {
            jdbc.update(Table.LINES, "UPDATE lines SET customer_id = " + CUSTOMER_OF_DEVICE.replace("d.id = ?", "d.id = lines.device_id")
                    + " WHERE " + deviceFilter, args);
        } catch (UniqueViolationException e) {
            throw new ConflictException("an extension or auth user of these lines is already in use at the customer they would move to");
        }
    }

    /** Every line, for caches that hold the whole set (the SIP core's line directory). */
    public List<Line> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM lines", LineRepository::map);
    }

    /** Every extension in use, for allocation. */
    public List<String> allExtensions() {
        return jdbc.query("SELECT extension FROM lines", rs -> rs.getString(1));
    }

    public void deleteByDevice(long deviceId) {
        jdbc.update(Table.LINES, "DELETE FROM lines WHERE device_id = ?", deviceId);
    }

    static Line map(ResultSet rs) throws SQLException {
        return new Line(rs.getLong("id"), rs.getLong("device_id"), rs.getInt("position"), rs.getString("extension"),
                rs.getString("display_name"), rs.getString("label"), rs.getString("auth_user"), rs.getString("password"),
                Transport.parse(rs.getString("transport")), Srtp.parse(rs.getString("srtp")), rs.getLong("customer_id"));
    }
}
