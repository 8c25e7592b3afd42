package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import io.phonehome.store.UniqueViolationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes device plans, all in one transaction: either every device of an import lands or none.
 * Lines of an updated device keep their auth user and password when their extension stays.
 *
 * <p>Set-wise, not device by device: each kind of row (devices, lines, handsets, handset-line
 * links) is one JDBC batch with its generated ids returned by the batch, so 10,000 devices cost
 * a handful of statements rather than several per device.
 */
public final class InventoryWriter {
    private final Jdbc jdbc;
    private final DeviceSearch search;

    public InventoryWriter(Jdbc jdbc, DeviceSearch search) {
        this.jdbc = jdbc;
        this.search = search;
    }

    public void write(List<DevicePlan> plans) {
        if (plans.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        try {
            jdbc.inTransaction(() -> writeAll(plans, now));
        } catch (UniqueViolationException e) {
            throw new ConflictException("a MAC, extension or auth user of this change is already in use");
        }
    }

    private void writeAll(List<DevicePlan> plans, Instant now) {
        List<DevicePlan> created = new ArrayList<>();
        List<DevicePlan> updated = new ArrayList<>();
        for (DevicePlan p : plans) {
            (p.existing() == null ? created : updated).add(p);
        }

        // Existing devices: remember their lines (kept by extension), then replace lines and handsets.
        Map<Long, List<Line>> oldLines = search.lines(updated.stream().map(p -> p.existing().id()).toList());
        List<Object[]> byId = updated.stream().map(p -> new Object[] {p.existing().id()}).toList();
        jdbc.batch(Table.HANDSETS, "DELETE FROM handsets WHERE device_id = ?", byId);
        jdbc.batch(Table.LINES, "DELETE FROM lines WHERE device_id = ?", byId);
        // Site and redirect are set together: the database refuses a row that has both.
        List<Object[]> assignments = new ArrayList<>();
        for (DevicePlan p : updated) {
            Redirect r = p.redirect();
            assignments.add(new Object[] {p.model().vendor(), p.model().model(), p.serial(), siteId(p), r == null ? null : r.url(),
                    r == null ? null : r.username(), r == null ? null : r.password(), now, p.existing().id()});
        }
        jdbc.batch(Table.DEVICES, "UPDATE devices SET vendor=?, model=?, serial=?, site_id=?, redirect_url=?, redirect_username=?, redirect_password=?, "
                + "revision = revision + 1, updated_at=? WHERE id=?", assignments);

        List<Object[]> inserts = new ArrayList<>();
        for (DevicePlan p : created) {
            Redirect r = p.redirect();
            inserts.add(new Object[] {p.mac().hex(), p.model().vendor(), p.model().model(), p.serial(), siteId(p), Passwords.generate(24), now,
                    r == null ? null : r.url(), r == null ? null : r.username(), r == null ? null : r.password()});
        }
        List<Long> newIds = jdbc.batchInsert(Table.DEVICES, "INSERT INTO devices (mac, vendor, model, serial, site_id, prov_password, imported_at, "
                + "redirect_url, redirect_username, redirect_password) VALUES (?,?,?,?,?,?,?,?,?,?)", inserts);
        Map<Mac, Long> ids = new HashMap<>();
        updated.forEach(p -> ids.put(p.mac(), p.existing().id()));
        for (int i = 0; i < created.size(); i++) {
            ids.put(created.get(i).mac(), newIds.get(i));
        }

        List<Object[]> lineRows = new ArrayList<>();
        List<String> lineKeys = new ArrayList<>(); // "deviceId/position" of each row, for the handset links
        for (DevicePlan p : plans) {
            long deviceId = ids.get(p.mac());
            Map<String, Line> kept = new HashMap<>();
            if (p.existing() != null) {
                for (Line l : oldLines.getOrDefault(deviceId, List.of())) {
                    kept.put(l.extension(), l);
                }
            }
            for (DevicePlan.LinePlan l : p.lines()) {
                Line old = kept.get(l.extension());
                String authUser = l.authUser() != null ? l.authUser() : old != null ? old.authUser() : l.extension();
                String password = l.password() != null ? l.password() : old != null ? old.password() : Passwords.sipPassword();
                lineRows.add(new Object[] {deviceId, l.position(), l.extension(), l.displayName(), l.label(), authUser, password,
                        l.transport().lower(), l.srtp().lower(), deviceId});
                lineKeys.add(deviceId + "/" + l.position());
            }
        }
        List<Long> lineIdList = jdbc.batchInsert(Table.LINES, "INSERT INTO lines (device_id, position, extension, display_name, label, auth_user, password, "
                + "transport, srtp, customer_id) VALUES (?,?,?,?,?,?,?,?,?," + LineRepository.CUSTOMER_OF_DEVICE + ")", lineRows);

        List<Object[]> handsetRows = new ArrayList<>();
        List<DevicePlan.HandsetPlan> handsetPlans = new ArrayList<>();
        List<Long> handsetDevice = new ArrayList<>();
        for (DevicePlan p : plans) {
            for (DevicePlan.HandsetPlan h : p.handsets()) {
                handsetRows.add(new Object[] {ids.get(p.mac()), h.index(), h.name(), null});
                handsetPlans.add(h);
                handsetDevice.add(ids.get(p.mac()));
            }
        }
        if (handsetRows.isEmpty()) {
            return;
        }
        List<Long> handsetIds = jdbc.batchInsert(Table.HANDSETS, "INSERT INTO handsets (device_id, handset_index, name, ipui) VALUES (?,?,?,?)", handsetRows);
        Map<String, Long> lineIds = new HashMap<>();
        for (int i = 0; i < lineKeys.size(); i++) {
            lineIds.put(lineKeys.get(i), lineIdList.get(i));
        }
        List<Object[]> links = new ArrayList<>();
        for (int i = 0; i < handsetPlans.size(); i++) {
            for (int pos : handsetPlans.get(i).linePositions()) {
                links.add(new Object[] {handsetIds.get(i), lineIds.get(handsetDevice.get(i) + "/" + pos)});
            }
        }
        jdbc.batch(Table.HANDSET_LINES, "INSERT INTO handset_lines (handset_id, line_id) VALUES (?,?)", links);
    }

    private static Long siteId(DevicePlan p) {
        return p.site() == null ? null : p.site().id();
    }

}
