package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Listing the fleet: filtered, ordered by MAC, paged by key (the last MAC of a page), and the
 * lines and handsets of a page's devices in one query each (never one query per device).
 */
public final class DeviceSearch {
    public static final int MAX_PAGE = 1000;
    /** Page size of {@link #forEach}: bounds memory during exports of any size. */
    private static final int CHUNK = 1000;

    /** A device with what a listing shows next to it. */
    public record Row(Device device, String siteName, String redirectUrl, String redirectUsername) {
    }

    /** One page and how many devices match in total. */
    public record Page(List<Row> rows, long total, Mac next) {
    }

    private final Jdbc jdbc;

    public DeviceSearch(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param after the last MAC of the previous page, or null for the first page
     * @param limit 1..{@link #MAX_PAGE}
     */
    public Page page(DeviceFilter f, Mac after, int limit) {
        int n = Math.max(1, Math.min(MAX_PAGE, limit));
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        long total = jdbc.queryLong("SELECT COUNT(*) FROM devices d WHERE " + where, args.toArray());
        List<Row> rows = fetch(where, args, after, n + 1);
        Mac next = null;
        if (rows.size() > n) {
            rows = rows.subList(0, n);
            next = rows.get(n - 1).device().mac();
        }
        return new Page(List.copyOf(rows), total, next);
    }

    /** What a page of the fleet can be ordered by (the web console's sortable columns); MAC breaks ties so pages never overlap. */
    public enum Sort {
        MAC("d.mac"), VENDOR("d.vendor"), MODEL("d.model"), SITE("s.name"), FIRMWARE("d.reported_firmware"), LAST_SEEN("d.last_seen"),
        SERIAL("d.serial");

        private final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    /**
     * One page by position rather than by key (a table a person pages through and sorts by any
     * column); devices without a value for the sort column come last either way.
     *
     * @param offset rows to skip (0..)
     * @param limit  1..{@link #MAX_PAGE}
     */
    public Page page(DeviceFilter f, Sort sort, boolean descending, int offset, int limit) {
        int n = Math.max(1, Math.min(MAX_PAGE, limit));
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        long total = jdbc.queryLong("SELECT COUNT(*) FROM devices d WHERE " + where, args.toArray());
        String dir = descending ? " DESC" : " ASC";
        String sql = "SELECT " + DeviceRepository.COLUMNS + ", s.name AS site_name, d.redirect_url, d.redirect_username "
                + "FROM devices d LEFT JOIN sites s ON s.id = d.site_id WHERE " + where
                + " ORDER BY CASE WHEN " + sort.column + " IS NULL THEN 1 ELSE 0 END, " + sort.column + dir
                + (sort == Sort.MAC ? "" : ", d.mac") + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        List<Object> a = new ArrayList<>(args);
        a.add(Math.max(0, offset));
        a.add(n);
        List<Row> rows = jdbc.query(sql, rs -> new Row(DeviceRepository.map(rs), rs.getString("site_name"), rs.getString("redirect_url"),
                rs.getString("redirect_username")), a.toArray());
        return new Page(List.copyOf(rows), total, null);
    }

    /** Every matching device, in MAC order, a chunk at a time (exports). */
    public void forEach(DeviceFilter f, java.util.function.Consumer<List<Row>> chunk) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        Mac after = null;
        while (true) {
            List<Row> rows = fetch(where, args, after, CHUNK);
            if (rows.isEmpty()) {
                return;
            }
            chunk.accept(rows);
            if (rows.size() < CHUNK) {
                return;
            }
            after = rows.get(rows.size() - 1).device().mac();
        }
    }

    private List<Row> fetch(String where, List<Object> args, Mac after, int limit) {
        List<Object> a = new ArrayList<>(args);
        String sql = "SELECT " + DeviceRepository.COLUMNS + ", s.name AS site_name, d.redirect_url, d.redirect_username "
                + "FROM devices d LEFT JOIN sites s ON s.id = d.site_id WHERE " + where;
        if (after != null) {
            sql += " AND d.mac > ?";
            a.add(after.hex());
        }
        sql += " ORDER BY d.mac LIMIT ?";
        a.add(limit);
        return new ArrayList<>(jdbc.query(sql, rs -> new Row(DeviceRepository.map(rs), rs.getString("site_name"), rs.getString("redirect_url"),
                rs.getString("redirect_username")), a.toArray()));
    }

    private static String where(DeviceFilter f, List<Object> args) {
        StringBuilder w = new StringBuilder("1=1");
        if (f.siteId() != null) {
            w.append(" AND d.site_id = ?");
            args.add(f.siteId());
        }
        if (f.customerId() != null) {
            w.append(" AND d.site_id IN (SELECT id FROM sites WHERE customer_id = ?)");
            args.add(f.customerId());
        }
        if (f.vendor() != null) {
            w.append(" AND d.vendor = ?");
            args.add(f.vendor().toLowerCase(Locale.ROOT));
        }
        if (f.model() != null) {
            w.append(" AND d.model = ?");
            args.add(f.model().toUpperCase(Locale.ROOT));
        }
        if (f.firmware() != null) {
            w.append(" AND d.reported_firmware = ?");
            args.add(f.firmware());
        }
        if (f.seenBefore() != null) {
            w.append(" AND d.last_seen < ?");
            args.add(f.seenBefore());
        }
        if (f.seenAfter() != null) {
            w.append(" AND d.last_seen >= ?");
            args.add(f.seenAfter());
        }
        if (f.neverSeen() != null) {
            w.append(f.neverSeen() ? " AND d.last_seen IS NULL" : " AND d.last_seen IS NOT NULL");
        }
        if (f.redirected() != null) {
            w.append(f.redirected() ? " AND d.redirect_url IS NOT NULL" : " AND d.redirect_url IS NULL");
        }
        if (f.text() != null && !f.text().isBlank()) {
            String t = f.text().trim().toLowerCase(Locale.ROOT);
            String like = "%" + escapeLike(t) + "%";
            String hex = t.replaceAll("[:.\\-]", "");
            // The lines are searched once (IN), not once per device (EXISTS): a text search scans them anyway.
            w.append(" AND (d.mac LIKE ? ESCAPE '\\' OR LOWER(d.serial) LIKE ? ESCAPE '\\' OR d.id IN (SELECT l.device_id FROM lines l WHERE "
                    + "l.extension LIKE ? ESCAPE '\\' OR LOWER(l.display_name) LIKE ? ESCAPE '\\' OR LOWER(l.label) LIKE ? ESCAPE '\\'))");
            args.add("%" + escapeLike(hex) + "%");
            args.add(like);
            args.add(like);
            args.add(like);
            args.add(like);
        }
        return w.toString();
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** How many devices each site has (sites without devices are absent). */
    public Map<Long, Long> countBySite() {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.query("SELECT site_id, COUNT(*) FROM devices WHERE site_id IS NOT NULL GROUP BY site_id", rs -> {
            counts.put(rs.getLong(1), rs.getLong(2));
            return null;
        });
        return counts;
    }

    /** The lines of the given devices, by device id, in position order. */
    public Map<Long, List<Line>> lines(Collection<Long> deviceIds) {
        Map<Long, List<Line>> out = new HashMap<>();
        for (List<Long> chunk : chunks(deviceIds)) {
            jdbc.query("SELECT id, device_id, position, extension, display_name, label, auth_user, password, transport, srtp, customer_id FROM lines "
                    + "WHERE device_id IN (" + placeholders(chunk.size()) + ") ORDER BY device_id, position", rs -> {
                        Line l = LineRepository.map(rs);
                        out.computeIfAbsent(l.deviceId(), k -> new ArrayList<>()).add(l);
                        return null;
                    }, chunk.toArray());
        }
        return out;
    }

    /** The DECT handsets of the given devices, by device id. */
    public Map<Long, List<Handset>> handsets(Collection<Long> deviceIds) {
        record R(long id, long deviceId, int index, String name, String ipui, Integer position) {
        }
        Map<Long, List<Handset>> out = new HashMap<>();
        for (List<Long> chunk : chunks(deviceIds)) {
            List<R> rows = jdbc.query("SELECT h.id, h.device_id, h.handset_index, h.name, h.ipui, l.position FROM handsets h "
                    + "LEFT JOIN handset_lines hl ON hl.handset_id = h.id LEFT JOIN lines l ON l.id = hl.line_id "
                    + "WHERE h.device_id IN (" + placeholders(chunk.size()) + ") ORDER BY h.device_id, h.handset_index, l.position",
                    rs -> new R(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5), Jdbc.nullableInt(rs, "position")),
                    chunk.toArray());
            Map<Long, R> first = new LinkedHashMap<>();
            Map<Long, List<Integer>> positions = new HashMap<>();
            for (R r : rows) {
                first.putIfAbsent(r.id(), r);
                List<Integer> p = positions.computeIfAbsent(r.id(), k -> new ArrayList<>());
                if (r.position() != null) {
                    p.add(r.position());
                }
            }
            for (R r : first.values()) {
                out.computeIfAbsent(r.deviceId(), k -> new ArrayList<>())
                        .add(new Handset(r.id(), r.deviceId(), r.index(), r.name(), r.ipui(), positions.get(r.id())));
            }
        }
        return out;
    }

    private static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> all = new ArrayList<>(ids);
        if (all.isEmpty()) {
            return Collections.emptyList();
        }
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            out.add(all.subList(i, Math.min(all.size(), i + 500)));
        }
        return out;
    }

    private static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
