package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import io.phonehome.store.UniqueViolationException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for devices. */
public final class DeviceRepository {
    static final String COLUMNS = "d.id, d.mac, d.vendor, d.model, d.serial, d.site_id, d.prov_password, d.prov_password_used_at, "
            + "d.own_credentials_since, d.rearmed_until, d.reported_model, d.reported_firmware, d.last_seen, d.last_address, d.imported_at, d.revision";

    private final Jdbc jdbc;

    public DeviceRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(Mac mac, String vendor, String model, String serial, Long siteId, String provPassword, Instant importedAt) {
        try {
            return jdbc.insert(Table.DEVICES, "INSERT INTO devices (mac, vendor, model, serial, site_id, prov_password, imported_at) VALUES (?,?,?,?,?,?,?)",
                    mac.hex(), vendor, model, serial, siteId, provPassword, importedAt);
        } catch (UniqueViolationException e) {
            throw new ConflictException("MAC " + mac.colons() + " is already in the inventory");
        }
    }

    /** Changes what a technician owns (model, serial, site) and bumps the revision. */
    public void updateAssignment(long id, String vendor, String model, String serial, Long siteId) {
        jdbc.inTransaction(() -> {
            int n = jdbc.updateRow(Table.DEVICES, id, "UPDATE devices SET vendor=?, model=?, serial=?, site_id=?, revision = revision + 1, updated_at=? WHERE id=?",
                    vendor, model, serial, siteId, Instant.now(), id);
            if (n == 0) {
                throw new NotFoundException("device " + id + " does not exist");
            }
            // a site of another customer takes the lines into that customer's extension space
            new LineRepository(jdbc).followCustomer("device_id = ?", id);
            return null;
        });
    }

    public Optional<Device> findByMac(Mac mac) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM devices d WHERE d.mac = ?", DeviceRepository::map, mac.hex());
    }

    public Optional<Device> findById(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM devices d WHERE d.id = ?", DeviceRepository::map, id);
    }

    public List<Device> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM devices d ORDER BY d.mac", DeviceRepository::map);
    }

    public long count() {
        return jdbc.queryLong("SELECT COUNT(*) FROM devices");
    }

    /** Marks that a change to lines/handsets (or anything rendered) happened. */
    public void bumpRevision(long id) {
        jdbc.updateRow(Table.DEVICES, id, "UPDATE devices SET revision = revision + 1, updated_at = ? WHERE id = ?", Instant.now(), id);
    }

    public void delete(long id) {
        new DectBaseLinkRepository(jdbc).forgetBase(id);
        if (jdbc.update(Table.DEVICES, "DELETE FROM devices WHERE id = ?", id) == 0) {
            throw new NotFoundException("device " + id + " does not exist");
        }
    }

    /**
     * Records what a fetch told us. Only reported facts change: this does not bump the revision,
     * so the render cache stays valid.
     */
    public void recordFetch(Mac mac, Instant at, String address, String reportedModel, String reportedFirmware) {
        jdbc.update(Table.DEVICES, "UPDATE devices SET last_seen = ?, last_address = ?, reported_model = COALESCE(?, reported_model), "
                + "reported_firmware = COALESCE(?, reported_firmware) WHERE mac = ? AND (last_seen IS NULL OR last_seen <= ?)",
                at, address, reportedModel, reportedFirmware, mac.hex(), at);
    }

    /**
     * Batch form of {@link #recordFetch}, one statement for many devices: the fetch recorder's
     * path when devices report a new model or firmware. Written {@linkplain Jdbc#untracked()
     * untracked} (a first boot storm would otherwise invalidate the device directory with every
     * batch): the caller tells the {@link DeviceDirectory#reported directory} itself.
     *
     * @param rows {@code at, address, reportedModel, reportedFirmware, mac hex}
     */
    public void recordFetches(List<Object[]> rows) {
        jdbc.untracked().batch(Table.DEVICES, "UPDATE devices SET last_seen = ?, last_address = ?, reported_model = COALESCE(?, reported_model), "
                + "reported_firmware = COALESCE(?, reported_firmware) WHERE mac = ?", rows);
    }

    /**
     * Only when and from where devices were last seen (the fetch recorder's common case). Written
     * {@linkplain Jdbc#untracked() untracked}: no in-memory view depends on these columns, so a
     * storm of fetches does not invalidate the device directory.
     *
     * @param rows {@code at, address, mac hex}
     */
    public void recordSightings(List<Object[]> rows) {
        jdbc.untracked().batch(Table.DEVICES, "UPDATE devices SET last_seen = ?, last_address = ? WHERE mac = ?", rows);
    }

    /**
     * Records the firmware a device reported elsewhere than in a config fetch (its SIP
     * User-Agent); a reported fact, so the revision stays. Returns whether it changed.
     */
    public boolean recordReportedFirmware(long id, String firmware) {
        return jdbc.updateRow(Table.DEVICES, id, "UPDATE devices SET reported_firmware = ? WHERE id = ? AND (reported_firmware IS NULL OR reported_firmware <> ?)",
                firmware, id, firmware) > 0;
    }

    /**
     * Where the first-use markers are written. On the embedded database (one node) untracked: a
     * boot storm of phones using their own passwords for the first time wrote one per phone, and
     * each tracked write made the whole device directory stale, so every request of the storm went
     * to the database until the next re-read (digest storms cost twice the CPU of trusted ones).
     * The caller updates the one entry in place instead, which is exact on one node. On PostgreSQL
     * other nodes may hold the device too, so the write stays announced there, naming its row:
     * their grants by site credential or window must close within the cluster's bound, not at the
     * next periodic re-read, and they re-read that one device, not all (issue 16).
     */
    private Jdbc markers() {
        return jdbc.dialect() == io.phonehome.store.Dialect.H2 ? jdbc.untracked() : jdbc;
    }

    /**
     * The first time a device authenticates with its own password (ever, and since its last
     * re-arm): closes its first-provisioning window and retires the site credential for it. The
     * caller brings the device directory's entry up to date ({@code DeviceDirectory.credentialsUsed}).
     */
    public void markOwnCredentialsUsed(long id, Instant at) {
        markers().updateRow(Table.DEVICES, id, "UPDATE devices SET prov_password_used_at = COALESCE(prov_password_used_at, ?), "
                + "own_credentials_since = COALESCE(own_credentials_since, ?), rearmed_until = NULL "
                + "WHERE id = ? AND (prov_password_used_at IS NULL OR own_credentials_since IS NULL)", at, at, id);
    }

    /**
     * The first time (since import or the last re-arm) a device proves itself with a client
     * certificate naming its MAC: retires the site credential for it. Its own password is still
     * unused, so the first-provisioning window keeps its meaning.
     */
    public void markClientCertificateUsed(long id, Instant at) {
        markers().updateRow(Table.DEVICES, id, "UPDATE devices SET own_credentials_since = ?, rearmed_until = NULL WHERE id = ? AND own_credentials_since IS NULL",
                at, id);
    }

    /**
     * Makes the site credential open this device again (a phone reset to factory settings has
     * lost its own credentials), until it proves itself on its own again or, with an expiry,
     * until then. Not a change of what is rendered: the revision stays.
     *
     * @param until null: no expiry
     */
    public void rearm(long id, Instant until) {
        if (jdbc.updateRow(Table.DEVICES, id, "UPDATE devices SET own_credentials_since = NULL, rearmed_until = ?, updated_at = ? WHERE id = ?",
                until, Instant.now(), id) == 0) {
            throw new NotFoundException("device " + id + " does not exist");
        }
    }

    /** A device and its site (null when unassigned), read with one query: the phone handler's lookup. */
    public Optional<DeviceSnapshot.Head> findWithSite(Mac mac) {
        return jdbc.queryOne(HEAD_QUERY + " WHERE d.mac = ?", DeviceRepository::mapHead, mac.hex());
    }

    private static final String HEAD_QUERY = headQuery();

    private static String headQuery() {
        StringBuilder siteColumns = new StringBuilder();
        for (String c : SiteRepository.COLUMNS.split(",\\s*")) {
            siteColumns.append(", s.").append(c).append(" AS s_").append(c);
        }
        return "SELECT " + COLUMNS + siteColumns + " FROM devices d LEFT JOIN sites s ON s.id = d.site_id";
    }

    private static DeviceSnapshot.Head mapHead(ResultSet rs) throws SQLException {
        return new DeviceSnapshot.Head(map(rs), rs.getObject("s_id") == null ? null : SiteRepository.map(rs, "s_"));
    }

    static Device map(ResultSet rs) throws SQLException {
        long site = rs.getLong("site_id");
        Long siteId = rs.wasNull() ? null : site;
        return new Device(rs.getLong("id"), new Mac(rs.getString("mac")), rs.getString("vendor"), rs.getString("model"),
                rs.getString("serial"), siteId, rs.getString("prov_password"), Jdbc.instant(rs, "prov_password_used_at"),
                Jdbc.instant(rs, "own_credentials_since"), Jdbc.instant(rs, "rearmed_until"),
                rs.getString("reported_model"), rs.getString("reported_firmware"), Jdbc.instant(rs, "last_seen"),
                rs.getString("last_address"), Jdbc.instant(rs, "imported_at"), rs.getLong("revision"));
    }
}
