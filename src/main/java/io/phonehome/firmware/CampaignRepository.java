package io.phonehome.firmware;

import io.phonehome.actions.NotifyKind;
import io.phonehome.inventory.Mac;
import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SQL for campaigns and their devices. Every state change is a conditional UPDATE on the state
 * it expects ({@code ... WHERE state IN (...)}), so two nodes, or a signal racing the driver,
 * can never move a device twice.
 */
public final class CampaignRepository {
    private static final String CAMPAIGN_COLUMNS = "id, name, vendor, version, state, state_reason, selection, canary_count, "
            + "canary_max_failure_percent, canary_passed, per_minute, max_concurrent, device_timeout_seconds, notify_kind, created_by, "
            + "created_at, started_at, finished_at";
    private static final String DEVICE_COLUMNS = "cd.id, cd.campaign_id, cd.device_id, cd.mac, cd.model, cd.site_id, cd.position, cd.canary, "
            + "cd.state, cd.detail, cd.from_version, cd.had_previous_target, cd.previous_target, cd.previous_target_by, cd.notified_at, "
            + "cd.download_started_at, cd.download_completed_at, cd.bytes_sent, cd.rebooted_at, cd.deadline_at, cd.finished_at, cd.updated_at";

    /** A device row to insert. */
    public record NewDevice(Long deviceId, Mac mac, String model, Long siteId, int position, boolean canary, DeviceState state,
                            String detail, String fromVersion) {
    }

    /** An in-flight device with what the inventory knows about it now. */
    public record Tracked(CampaignDevice row, String reportedFirmware, Instant lastSeen) {
    }

    /** How many devices are in a state, per model and canary flag. */
    public record Count(String model, boolean canary, DeviceState state, int count) {
    }

    private final Jdbc jdbc;

    public CampaignRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public long insert(String name, String vendor, String version, String selection, int canaryCount, int canaryMaxFailurePercent,
                       int perMinute, int maxConcurrent, int deviceTimeoutSeconds, NotifyKind notify, String createdBy, Instant at,
                       List<NewDevice> devices) {
        return jdbc.inTransaction(() -> {
            long id = jdbc.insert(Table.FIRMWARE_CAMPAIGNS, "INSERT INTO firmware_campaigns (name, vendor, version, state, selection, canary_count, "
                            + "canary_max_failure_percent, per_minute, max_concurrent, device_timeout_seconds, notify_kind, created_by, created_at) "
                            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", name, vendor, version, CampaignState.DRAFT, selection, canaryCount,
                    canaryMaxFailurePercent, perMinute, maxConcurrent, deviceTimeoutSeconds, notify, createdBy, at);
            List<Object[]> rows = new ArrayList<>();
            for (NewDevice d : devices) {
                rows.add(new Object[] {id, d.deviceId(), d.mac().hex(), d.model(), d.siteId(), d.position(), d.canary(), d.state(),
                        truncate(d.detail()), d.fromVersion(), d.state().terminal() ? at : null, at});
            }
            jdbc.batch(Table.FIRMWARE_CAMPAIGN_DEVICES, "INSERT INTO firmware_campaign_devices (campaign_id, device_id, mac, model, site_id, position, canary, state, detail, "
                    + "from_version, finished_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows);
            return id;
        });
    }

    public Optional<Campaign> find(long id) {
        return jdbc.queryOne("SELECT " + CAMPAIGN_COLUMNS + " FROM firmware_campaigns WHERE id = ?", CampaignRepository::mapCampaign, id);
    }

    /** Newest first. */
    public List<Campaign> list(int limit) {
        return jdbc.query("SELECT " + CAMPAIGN_COLUMNS + " FROM firmware_campaigns ORDER BY id DESC LIMIT ?", CampaignRepository::mapCampaign,
                limit);
    }

    /** Campaigns a driver must look after: started and not finished. */
    public List<Long> unfinished() {
        return jdbc.query("SELECT id FROM firmware_campaigns WHERE finished_at IS NULL AND state <> ? ORDER BY id", rs -> rs.getLong(1),
                CampaignState.DRAFT);
    }

    /** Unfinished campaigns of a vendor and version (is an image still in use?). */
    public List<Campaign> unfinishedWith(String vendor, String version) {
        return jdbc.query("SELECT " + CAMPAIGN_COLUMNS + " FROM firmware_campaigns WHERE finished_at IS NULL AND vendor = ? AND version = ?",
                CampaignRepository::mapCampaign, vendor, version);
    }

    /** Changes a campaign's state if it is in one of {@code from}; returns whether it did. */
    public boolean changeState(long id, Collection<CampaignState> from, CampaignState to, String reason, Instant at) {
        String in = placeholders(from.size());
        List<Object> args = new ArrayList<>(List.of(to, truncate(reason)));
        String extra = "";
        if (to == CampaignState.RUNNING) {
            extra = ", started_at = COALESCE(started_at, ?)";
            args.add(at);
        } else if (to == CampaignState.COMPLETED) {
            extra = ", finished_at = ?";
            args.add(at);
        }
        args.add(id);
        args.addAll(from);
        return jdbc.update(Table.FIRMWARE_CAMPAIGNS, "UPDATE firmware_campaigns SET state = ?, state_reason = ?" + extra + " WHERE id = ? AND state IN (" + in + ")",
                args.toArray()) == 1;
    }

    public void markCanaryPassed(long id) {
        jdbc.update(Table.FIRMWARE_CAMPAIGNS, "UPDATE firmware_campaigns SET canary_passed = TRUE WHERE id = ?", id);
    }

    public void markFinished(long id, Instant at) {
        jdbc.update(Table.FIRMWARE_CAMPAIGNS, "UPDATE firmware_campaigns SET finished_at = ? WHERE id = ? AND finished_at IS NULL", at, id);
    }

    /**
     * Takes or renews the right to drive a campaign: only one node at a time, and another may take
     * over once the lease ran out (its holder died). Returns the previous holder when the lease
     * was taken over from someone else or was free, the empty string when renewed, null when
     * another node holds it.
     */
    public String lease(long id, String owner, Instant until, Instant now) {
        return jdbc.inTransaction(() -> {
            Optional<String> current = jdbc.queryOne("SELECT lease_owner FROM firmware_campaigns WHERE id = ?", rs -> {
                String o = rs.getString(1);
                return o == null ? "" : o;
            }, id);
            if (current.isEmpty()) {
                return null;
            }
            int n = jdbc.update(Table.FIRMWARE_CAMPAIGNS, "UPDATE firmware_campaigns SET lease_owner = ?, lease_until = ? WHERE id = ? "
                    + "AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)", owner, until, id, owner, now);
            if (n == 0) {
                return null;
            }
            String before = current.get();
            return before.equals(owner) ? "" : (before.isEmpty() ? "(none)" : before);
        });
    }

    public void releaseLeases(String owner) {
        jdbc.update(Table.FIRMWARE_CAMPAIGNS, "UPDATE firmware_campaigns SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", owner);
    }

    // ---------------------------------------------------------------- devices

    public List<CampaignDevice> devices(long campaignId) {
        return jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM firmware_campaign_devices cd WHERE cd.campaign_id = ? ORDER BY cd.position, cd.mac",
                CampaignRepository::mapDevice, campaignId);
    }

    public Optional<CampaignDevice> device(long rowId) {
        return jdbc.queryOne("SELECT " + DEVICE_COLUMNS + " FROM firmware_campaign_devices cd WHERE cd.id = ?", CampaignRepository::mapDevice, rowId);
    }

    /** Devices waiting to start, in start order; canary only when asked. */
    public List<CampaignDevice> pending(long campaignId, boolean canaryOnly, int limit) {
        return jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM firmware_campaign_devices cd WHERE cd.campaign_id = ? AND cd.state = ?"
                        + (canaryOnly ? " AND cd.canary = TRUE" : "") + " ORDER BY cd.position LIMIT ?", CampaignRepository::mapDevice,
                campaignId, DeviceState.PENDING, limit);
    }

    /** Started, unfinished devices of a campaign, with the inventory's reported version and last fetch. */
    public List<Tracked> inFlight(long campaignId) {
        // Last seen: the device row, or a config fetch after the download. The fetch recorder writes a
        // device's last_seen at most once per last_seen_resolution_seconds while it keeps fetching,
        // but every fetch is an event, and a phone that reboots right after its download must count.
        return jdbc.query("SELECT " + DEVICE_COLUMNS + ", d.reported_firmware AS d_reported, GREATEST(d.last_seen, (SELECT MAX(e.at) "
                        + "FROM events e WHERE e.mac = cd.mac AND e.type = 'config_fetch' AND e.at > cd.download_completed_at)) AS d_last_seen "
                        + "FROM firmware_campaign_devices cd LEFT JOIN devices d ON d.id = cd.device_id WHERE cd.campaign_id = ? AND cd.state IN ("
                        + placeholders(DeviceState.IN_FLIGHT.size()) + ") ORDER BY cd.position",
                rs -> new Tracked(mapDevice(rs), rs.getString("d_reported"), Jdbc.instant(rs, "d_last_seen")),
                concat(campaignId, DeviceState.IN_FLIGHT));
    }

    public List<Count> counts(long campaignId) {
        return jdbc.query("SELECT model, canary, state, COUNT(*) AS n FROM firmware_campaign_devices WHERE campaign_id = ? "
                        + "GROUP BY model, canary, state ORDER BY model", rs -> new Count(rs.getString("model"), rs.getBoolean("canary"),
                        DeviceState.parse(rs.getString("state")), rs.getInt("n")), campaignId);
    }

    /** MACs among {@code macs} that are started or pending in another unfinished campaign, with that campaign's id. */
    public List<Object[]> busy(Collection<String> macs) {
        if (macs.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>();
        args.add(DeviceState.PENDING);
        args.addAll(DeviceState.IN_FLIGHT);
        args.addAll(macs);
        return jdbc.query("SELECT cd.mac, cd.campaign_id FROM firmware_campaign_devices cd JOIN firmware_campaigns c ON c.id = cd.campaign_id "
                        + "WHERE c.finished_at IS NULL AND cd.state IN (" + placeholders(1 + DeviceState.IN_FLIGHT.size())
                        + ") AND cd.mac IN (" + placeholders(macs.size()) + ")",
                rs -> new Object[] {rs.getString(1), rs.getLong(2)}, args.toArray());
    }

    /** Models of the unfinished devices of a campaign (is an image still in use?). */
    public List<String> unfinishedModels(long campaignId) {
        List<Object> args = new ArrayList<>();
        args.add(campaignId);
        args.add(DeviceState.PENDING);
        args.addAll(DeviceState.IN_FLIGHT);
        return jdbc.query("SELECT DISTINCT model FROM firmware_campaign_devices WHERE campaign_id = ? AND state IN ("
                + placeholders(1 + DeviceState.IN_FLIGHT.size()) + ")", rs -> rs.getString(1), args.toArray());
    }

    /** pending → notifying, recording what the device ran and its own target before. */
    public boolean claim(long rowId, String fromVersion, boolean hadPreviousTarget, String previousTarget, String previousBy, Instant at) {
        return jdbc.update(Table.FIRMWARE_CAMPAIGN_DEVICES, "UPDATE firmware_campaign_devices SET state = ?, from_version = ?, had_previous_target = ?, previous_target = ?, "
                        + "previous_target_by = ?, detail = '', updated_at = ? WHERE id = ? AND state = ?", DeviceState.NOTIFYING, fromVersion,
                hadPreviousTarget, previousTarget, previousBy, at, rowId, DeviceState.PENDING) == 1;
    }

    /** notifying → notified, with the deadline for the rest. */
    public boolean notified(long rowId, String detail, Instant at, Instant deadline) {
        return jdbc.update(Table.FIRMWARE_CAMPAIGN_DEVICES, "UPDATE firmware_campaign_devices SET state = ?, detail = ?, notified_at = ?, deadline_at = ?, updated_at = ? "
                + "WHERE id = ? AND state = ?", DeviceState.NOTIFIED, truncate(detail), at, deadline, at, rowId, DeviceState.NOTIFYING) == 1;
    }

    /** Moves a device from one of {@code from} to {@code to}; terminal states get their finish time. */
    public boolean move(long rowId, Collection<DeviceState> from, DeviceState to, String detail, Instant at) {
        List<Object> args = new ArrayList<>(List.of(to, truncate(detail), at));
        String extra = "";
        if (to.terminal()) {
            extra += ", finished_at = ?";
            args.add(at);
        }
        if (to == DeviceState.REBOOTED || to == DeviceState.CONFIRMED) {
            extra += ", rebooted_at = COALESCE(rebooted_at, ?)";
            args.add(at);
        }
        args.add(rowId);
        args.addAll(from);
        return jdbc.update(Table.FIRMWARE_CAMPAIGN_DEVICES, "UPDATE firmware_campaign_devices SET state = ?, detail = ?, updated_at = ?" + extra + " WHERE id = ? AND state IN ("
                + placeholders(from.size()) + ")", args.toArray()) == 1;
    }

    /** Back to pending (a NOTIFY whose outcome was lost with the node that sent it). */
    public int requeueNotifying(long campaignId, Instant at) {
        return jdbc.update(Table.FIRMWARE_CAMPAIGN_DEVICES, "UPDATE firmware_campaign_devices SET state = ?, detail = 'requeued: the node that notified it stopped', updated_at = ? "
                + "WHERE campaign_id = ? AND state = ?", DeviceState.PENDING, at, campaignId, DeviceState.NOTIFYING);
    }

    /** Every pending device of a campaign becomes cancelled. */
    public int cancelPending(long campaignId, Instant at) {
        return jdbc.update(Table.FIRMWARE_CAMPAIGN_DEVICES, "UPDATE firmware_campaign_devices SET state = ?, detail = 'campaign cancelled before it started', finished_at = ?, "
                + "updated_at = ? WHERE campaign_id = ? AND state = ?", DeviceState.CANCELLED, at, at, campaignId, DeviceState.PENDING);
    }

    /**
     * A download of {@code vendor} {@code version} by {@code mac} started (a Range resume starts
     * again): marks the devices of unfinished campaigns that wait for exactly that.
     */
    public int downloadStarted(Mac mac, String vendor, String version, Instant at) {
        return jdbc.update(Table.FIRMWARE_CAMPAIGN_DEVICES, "UPDATE firmware_campaign_devices SET download_started_at = COALESCE(download_started_at, ?), updated_at = ? "
                + "WHERE mac = ? AND state IN (?,?,?) AND campaign_id IN "
                + "(SELECT id FROM firmware_campaigns WHERE vendor = ? AND version = ? AND finished_at IS NULL)", at, at, mac.hex(),
                DeviceState.NOTIFYING, DeviceState.NOTIFIED, DeviceState.DOWNLOADING, vendor, version);
    }

    /** A download ended: adds the bytes sent, and marks it complete when it reached the last byte. */
    public int downloadEnded(Mac mac, String vendor, String version, long bytes, boolean complete, Instant at) {
        return jdbc.update(Table.FIRMWARE_CAMPAIGN_DEVICES, "UPDATE firmware_campaign_devices SET bytes_sent = bytes_sent + ?, updated_at = ?"
                + (complete ? ", download_completed_at = COALESCE(download_completed_at, ?)" : "")
                + " WHERE mac = ? AND state IN (?,?,?) AND campaign_id IN "
                + "(SELECT id FROM firmware_campaigns WHERE vendor = ? AND version = ? AND finished_at IS NULL)",
                complete ? new Object[] {bytes, at, at, mac.hex(), DeviceState.NOTIFYING, DeviceState.NOTIFIED, DeviceState.DOWNLOADING, vendor, version}
                        : new Object[] {bytes, at, mac.hex(), DeviceState.NOTIFYING, DeviceState.NOTIFIED, DeviceState.DOWNLOADING, vendor, version});
    }

    private static Object[] concat(Object first, Collection<?> rest) {
        List<Object> a = new ArrayList<>();
        a.add(first);
        a.addAll(rest);
        return a.toArray();
    }

    private static String placeholders(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(","));
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 500 ? s.substring(0, 497) + "..." : s;
    }

    static Campaign mapCampaign(ResultSet rs) throws SQLException {
        return new Campaign(rs.getLong("id"), rs.getString("name"), rs.getString("vendor"), rs.getString("version"),
                CampaignState.parse(rs.getString("state")), rs.getString("state_reason"), rs.getString("selection"), rs.getInt("canary_count"),
                rs.getInt("canary_max_failure_percent"), rs.getBoolean("canary_passed"), rs.getInt("per_minute"), rs.getInt("max_concurrent"),
                rs.getInt("device_timeout_seconds"), NotifyKind.valueOf(rs.getString("notify_kind").toUpperCase(Locale.ROOT)),
                rs.getString("created_by"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "finished_at"));
    }

    static CampaignDevice mapDevice(ResultSet rs) throws SQLException {
        return new CampaignDevice(rs.getLong("id"), rs.getLong("campaign_id"), rs.getObject("device_id", Long.class), new Mac(rs.getString("mac")),
                rs.getString("model"), rs.getObject("site_id", Long.class), rs.getInt("position"), rs.getBoolean("canary"),
                DeviceState.parse(rs.getString("state")), rs.getString("detail"), rs.getString("from_version"), rs.getBoolean("had_previous_target"),
                rs.getString("previous_target"), rs.getString("previous_target_by"), Jdbc.instant(rs, "notified_at"),
                Jdbc.instant(rs, "download_started_at"), Jdbc.instant(rs, "download_completed_at"), rs.getLong("bytes_sent"),
                Jdbc.instant(rs, "rebooted_at"), Jdbc.instant(rs, "deadline_at"), Jdbc.instant(rs, "finished_at"), Jdbc.instant(rs, "updated_at"));
    }
}
