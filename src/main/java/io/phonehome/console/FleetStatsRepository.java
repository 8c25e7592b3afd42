package io.phonehome.console;

import io.phonehome.store.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview's figures, each one aggregate query (GROUP BY in the database, over the indexed
 * {@code last_seen} and {@code reported_firmware}), never one query per device: 10,000 devices
 * cost a handful of grouped scans. Events are counted over the last day only (their {@code at}
 * index), and only the failure types.
 */
final class FleetStatsRepository {
    static final List<String> FAILURES = List.of("auth_failure", "render_error", "unknown_mac");

    /** Devices seen within the day, seen before it only, never seen. */
    record Seen(long recent, long older, long never) {
        long total() {
            return recent + older + never;
        }
    }

    record Group(Long id, String name, String customer, Seen seen) {
    }

    record Versions(String vendor, String model, String target, Map<String, Long> versions) {
        long total() {
            return versions.values().stream().mapToLong(Long::longValue).sum();
        }

        long onTarget() {
            return target == null ? 0 : versions.getOrDefault(target, 0L);
        }

        long unreported() {
            return versions.getOrDefault("", 0L);
        }
    }

    record Failure(Instant at, String type, String mac, String source, String detail) {
    }

    private final Jdbc jdbc;

    FleetStatsRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static final String COUNTS = "COUNT(*), SUM(CASE WHEN d.last_seen >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN d.last_seen IS NULL THEN 1 ELSE 0 END)";

    private static Seen seen(java.sql.ResultSet rs, int first) throws java.sql.SQLException {
        long all = rs.getLong(first);
        long recent = rs.getLong(first + 1);
        long never = rs.getLong(first + 2);
        return new Seen(recent, all - recent - never, never);
    }

    Seen total(Instant since) {
        return jdbc.queryOne("SELECT " + COUNTS + " FROM devices d", rs -> seen(rs, 1), since).orElse(new Seen(0, 0, 0));
    }

    /** Every site with its devices (sites without devices too), most devices first; devices without a site as a group with a null id. */
    List<Group> bySite(Instant since) {
        List<Group> out = new ArrayList<>(jdbc.query("SELECT s.id, s.name, c.name, " + COUNTS.replace("COUNT(*)", "COUNT(d.id)")
                + " FROM sites s JOIN customers c ON c.id = s.customer_id LEFT JOIN devices d ON d.site_id = s.id GROUP BY s.id, s.name, c.name",
                rs -> new Group(rs.getLong(1), rs.getString(2), rs.getString(3), seen(rs, 4)), since));
        Seen none = jdbc.queryOne("SELECT " + COUNTS + " FROM devices d WHERE d.site_id IS NULL", rs -> seen(rs, 1), since).orElse(new Seen(0, 0, 0));
        if (none.total() > 0) {
            out.add(new Group(null, null, null, none));
        }
        out.sort((a, b) -> a.seen().total() != b.seen().total() ? Long.compare(b.seen().total(), a.seen().total())
                : String.valueOf(a.name()).compareToIgnoreCase(String.valueOf(b.name())));
        return out;
    }

    List<Group> byModel(Instant since) {
        List<Group> out = new ArrayList<>(jdbc.query("SELECT d.vendor, d.model, " + COUNTS + " FROM devices d GROUP BY d.vendor, d.model",
                rs -> new Group(null, rs.getString(1) + " " + rs.getString(2), null, seen(rs, 3)), since));
        out.sort((a, b) -> Long.compare(b.seen().total(), a.seen().total()));
        return out;
    }

    /** Per model: the versions its phones report ("" for none yet) and the model-wide target, if one is set. */
    List<Versions> firmware() {
        Map<String, String> targets = new HashMap<>();
        jdbc.query("SELECT vendor, model, version FROM firmware_targets WHERE scope = 'model'", rs -> {
            targets.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3));
            return null;
        });
        Map<String, Versions> by = new LinkedHashMap<>();
        jdbc.query("SELECT vendor, model, COALESCE(reported_firmware, ''), COUNT(*) FROM devices GROUP BY vendor, model, COALESCE(reported_firmware, '') "
                + "ORDER BY vendor, model", rs -> {
                    String vendor = rs.getString(1);
                    String model = rs.getString(2);
                    String key = vendor + "/" + model;
                    by.computeIfAbsent(key, k -> new Versions(vendor, model, targets.get(k), new LinkedHashMap<>()))
                            .versions().put(rs.getString(3), rs.getLong(4));
                    return null;
                });
        List<Versions> out = new ArrayList<>(by.values());
        out.sort((a, b) -> Long.compare(b.total(), a.total()));
        return out;
    }

    /** How many failures of each kind since then (kinds without any are absent). */
    Map<String, Long> failureCounts(Instant since) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("SELECT type, COUNT(*) FROM events WHERE at >= ? AND type IN ('auth_failure', 'render_error', 'unknown_mac') GROUP BY type", rs -> {
            out.put(rs.getString(1), rs.getLong(2));
            return null;
        }, since);
        return out;
    }

    List<Failure> recentFailures(Instant since, int limit) {
        return jdbc.query("SELECT at, type, mac, source, detail FROM events WHERE at >= ? AND type IN ('auth_failure', 'render_error', 'unknown_mac') "
                + "ORDER BY at DESC LIMIT ?", rs -> new Failure(Jdbc.instant(rs, "at"), rs.getString("type"), rs.getString("mac"),
                rs.getString("source"), rs.getString("detail")), since, limit);
    }
}
