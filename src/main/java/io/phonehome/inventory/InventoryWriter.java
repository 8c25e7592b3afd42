package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes device plans, all in one transaction: either every device of an import lands or none.
 * Lines of an updated device keep their auth user and password when their extension stays.
 */
public final class InventoryWriter {
    private final Jdbc jdbc;
    private final DeviceRepository devices;
    private final LineRepository lines;
    private final HandsetRepository handsets;
    private final RedirectRepository redirects;

    public InventoryWriter(Jdbc jdbc, DeviceRepository devices, LineRepository lines, HandsetRepository handsets,
                           RedirectRepository redirects) {
        this.jdbc = jdbc;
        this.devices = devices;
        this.lines = lines;
        this.handsets = handsets;
        this.redirects = redirects;
    }

    public void write(List<DevicePlan> plans) {
        Instant now = Instant.now();
        jdbc.inTransaction(() -> {
            for (DevicePlan p : plans) {
                writeOne(p, now);
            }
        });
    }

    private void writeOne(DevicePlan p, Instant now) {
        Long siteId = p.site() == null ? null : p.site().id();
        long deviceId;
        Map<String, Line> kept = new HashMap<>();
        if (p.existing() == null) {
            deviceId = devices.insert(p.mac(), p.model().vendor(), p.model().model(), p.serial(), siteId, Passwords.generate(24), now);
            if (p.redirect() != null) {
                redirects.set(deviceId, p.redirect());
            }
        } else {
            deviceId = p.existing().id();
            for (Line l : lines.byDevice(deviceId)) {
                kept.put(l.extension(), l);
            }
            handsets.deleteByDevice(deviceId);
            lines.deleteByDevice(deviceId);
            // Site and redirect exclude each other (a database check): clear one before setting the other.
            if (p.redirect() == null) {
                redirects.set(deviceId, null);
            }
            devices.updateAssignment(deviceId, p.model().vendor(), p.model().model(), p.serial(), siteId);
            if (p.redirect() != null) {
                redirects.set(deviceId, p.redirect());
            }
        }
        Map<Integer, Long> lineIds = new HashMap<>();
        for (DevicePlan.LinePlan l : p.lines()) {
            Line old = kept.get(l.extension());
            String authUser = l.authUser() != null ? l.authUser() : old != null ? old.authUser() : l.extension();
            String password = l.password() != null ? l.password() : old != null ? old.password() : Passwords.sipPassword();
            long id = lines.insert(deviceId, l.position(), l.extension(), l.displayName(), l.label(), authUser, password, l.transport(), l.srtp());
            lineIds.put(l.position(), id);
        }
        for (DevicePlan.HandsetPlan h : p.handsets()) {
            long hid = handsets.insert(deviceId, h.index(), h.name(), null);
            for (int pos : h.linePositions()) {
                handsets.attachLine(hid, lineIds.get(pos));
            }
        }
    }
}
