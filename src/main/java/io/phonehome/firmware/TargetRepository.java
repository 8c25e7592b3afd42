package io.phonehome.firmware;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import io.phonehome.store.UniqueViolationException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for firmware targets. */
public final class TargetRepository {
    private static final String COLUMNS = "id, scope, vendor, model, site_id, device_id, version, campaign_id, set_by, set_at";

    private final Jdbc jdbc;

    public TargetRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Sets the target of a scope, replacing what was there; returns the previous one. */
    public Optional<FirmwareTarget> put(TargetScope scope, String vendor, String model, Long siteId, Long deviceId, String version,
                                        Long campaignId, String setBy, Instant at) {
        String key = FirmwareTarget.key(scope, vendor, model, siteId, deviceId);
        return jdbc.inTransaction(() -> {
            Optional<FirmwareTarget> before = find(key);
            int n = jdbc.update(Table.FIRMWARE_TARGETS, "UPDATE firmware_targets SET vendor=?, model=?, version=?, campaign_id=?, set_by=?, set_at=? WHERE target_key=?",
                    vendor, model, version, campaignId, setBy, at, key);
            if (n == 0) {
                try {
                    jdbc.insert(Table.FIRMWARE_TARGETS, "INSERT INTO firmware_targets (target_key, scope, vendor, model, site_id, device_id, version, campaign_id, set_by, "
                            + "set_at) VALUES (?,?,?,?,?,?,?,?,?,?)", key, scope, vendor, model, siteId, deviceId, version, campaignId, setBy, at);
                } catch (UniqueViolationException e) {
                    throw FirmwareException.conflict("the " + scope.lower() + " target was set at the same moment elsewhere; try again");
                }
            }
            return before;
        });
    }

    public Optional<FirmwareTarget> find(String key) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM firmware_targets WHERE target_key = ?", TargetRepository::map, key);
    }

    public Optional<FirmwareTarget> find(TargetScope scope, String vendor, String model, Long siteId, Long deviceId) {
        return find(FirmwareTarget.key(scope, vendor, model, siteId, deviceId));
    }

    /** Removes a target; returns what was removed. */
    public Optional<FirmwareTarget> remove(TargetScope scope, String vendor, String model, Long siteId, Long deviceId) {
        String key = FirmwareTarget.key(scope, vendor, model, siteId, deviceId);
        return jdbc.inTransaction(() -> {
            Optional<FirmwareTarget> before = find(key);
            jdbc.update(Table.FIRMWARE_TARGETS, "DELETE FROM firmware_targets WHERE target_key = ?", key);
            return before;
        });
    }

    /** The targets that can apply to one device: its model's, its site's for that model, its own. */
    public List<FirmwareTarget> candidates(String vendor, String model, Long siteId, long deviceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM firmware_targets WHERE target_key IN (?,?,?)", TargetRepository::map,
                FirmwareTarget.key(TargetScope.MODEL, vendor, model, null, null),
                siteId == null ? "-" : FirmwareTarget.key(TargetScope.SITE, vendor, model, siteId, null),
                FirmwareTarget.key(TargetScope.DEVICE, vendor, model, null, deviceId));
    }

    public List<FirmwareTarget> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM firmware_targets ORDER BY vendor, model, scope, site_id, device_id", TargetRepository::map);
    }

    /** Targets naming a version of a vendor (is an image still in use?). */
    public List<FirmwareTarget> withVersion(String vendor, String version) {
        return jdbc.query("SELECT " + COLUMNS + " FROM firmware_targets WHERE vendor = ? AND version = ?", TargetRepository::map, vendor, version);
    }

    /**
     * Makes rendered configs of the devices a target change concerns stale: the render cache is
     * keyed by the device revision, and a config's firmware URL depends on the target. One
     * statement, on the database, so every node's cache sees it at once.
     *
     * @param siteId null for every site
     */
    public int touchDevices(String vendor, String model, Long siteId, Instant at) {
        if (siteId == null) {
            return jdbc.update(Table.DEVICES, "UPDATE devices SET revision = revision + 1, updated_at = ? WHERE vendor = ? AND model = ?", at, vendor, model);
        }
        return jdbc.update(Table.DEVICES, "UPDATE devices SET revision = revision + 1, updated_at = ? WHERE vendor = ? AND model = ? AND site_id = ?", at,
                vendor, model, siteId);
    }

    public void touchDevice(long deviceId, Instant at) {
        jdbc.update(Table.DEVICES, "UPDATE devices SET revision = revision + 1, updated_at = ? WHERE id = ?", at, deviceId);
    }

    static FirmwareTarget map(ResultSet rs) throws SQLException {
        return new FirmwareTarget(rs.getLong("id"), TargetScope.parse(rs.getString("scope")), rs.getString("vendor"), rs.getString("model"),
                rs.getObject("site_id", Long.class), rs.getObject("device_id", Long.class), rs.getString("version"),
                rs.getObject("campaign_id", Long.class), rs.getString("set_by"), Jdbc.instant(rs, "set_at"));
    }
}
