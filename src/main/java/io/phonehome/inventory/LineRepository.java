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
    private static final String COLUMNS = "id, device_id, position, extension, display_name, label, auth_user, password, transport, srtp";

    private final Jdbc jdbc;

    public LineRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long deviceId, int position, String extension, String displayName, String label, String authUser,
                       String password, Transport transport, Srtp srtp) {
        try {
            return jdbc.insert(Table.LINES, "INSERT INTO lines (device_id, position, extension, display_name, label, auth_user, password, transport, srtp) "
                    + "VALUES (?,?,?,?,?,?,?,?,?)", deviceId, position, extension, displayName, label, authUser, password,
                    transport.lower(), srtp.lower());
        } catch (UniqueViolationException e) {
            throw new ConflictException("extension " + extension + " (or its auth user " + authUser + ") is already in use");
        }
    }

    public List<Line> byDevice(long deviceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM lines WHERE device_id = ? ORDER BY position", LineRepository::map, deviceId);
    }

    public Optional<Line> byExtension(String extension) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM lines WHERE extension = ?", LineRepository::map, extension);
    }

    public Optional<Line> byAuthUser(String authUser) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM lines WHERE auth_user = ?", LineRepository::map, authUser);
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
                Transport.parse(rs.getString("transport")), Srtp.parse(rs.getString("srtp")));
    }
}
