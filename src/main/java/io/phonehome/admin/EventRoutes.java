package io.phonehome.admin;

import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.InventoryException;
import io.phonehome.inventory.Mac;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/events} (fleet-wide and per device), retention pruning, and the audit log. */
final class EventRoutes {
    private final AdminContext ctx;
    private final DeviceRoutes devices;

    EventRoutes(AdminContext ctx, DeviceRoutes devices) {
        this.ctx = ctx;
        this.devices = devices;
    }

    void register(Router r) {
        r.get("/api/v1/events", Role.VIEWER, Set.of("mac", "site_id", "type", "since", "until", "before_id", "limit"), this::list);
        r.get("/api/v1/devices/{mac}/events", Role.VIEWER, Set.of("type", "since", "until", "before_id", "limit"), this::forDevice);
        r.post("/api/v1/events/prune", Role.ADMIN, Set.of(), this::prune);
        r.get("/api/v1/audit", Role.ADMIN, Set.of("actor", "action", "target", "since", "until", "before_id", "limit"), this::audit);
    }

    /** A page of events or audit entries, newest first; {@code next} is the {@code before_id} of the following page. */
    record EventPage<T>(List<T> items, String next) {
    }

    private void list(Call c) {
        String mac = c.query("mac").map(m -> {
            try {
                return Mac.parse(m).hex();
            } catch (InventoryException e) {
                throw HttpStatusException.badRequest("mac: " + e.getMessage());
            }
        }).orElse(null);
        send(c, mac, c.longQuery("site_id"));
    }

    private void forDevice(Call c) {
        Mac mac = c.mac("mac");
        devices.find(mac);
        send(c, mac.hex(), null);
    }

    private void send(Call c, String mac, Long siteId) {
        int limit = c.intQuery("limit", 100, 1, 1000);
        String type = c.query("type").orElse(null);
        if (type != null && !type.matches("[a-z_]{1,40}")) {
            throw HttpStatusException.badRequest("type '" + type + "' is not an event type (e.g. config_fetch, unknown_mac, auth_failure)");
        }
        List<Event> events = ctx.events().query(new EventQuery(mac, siteId, type, c.instantQuery("since"), c.instantQuery("until"),
                c.longQuery("before_id"), limit, c.actor().customerId()));
        String next = events.size() == limit ? Long.toString(events.get(events.size() - 1).id()) : null;
        c.ok(new EventPage<>(events.stream().map(PreviewRoutes.EventView::of).toList(), next));
    }

    private void prune(Call c) {
        Instant cutoff = ctx.retention().cutoff();
        int deleted = ctx.retention().pruneNow();
        ctx.audit().record(c.actor(), "events.prune", "events", null, Map.of("deleted", deleted, "older_than", cutoff.toString()));
        c.ok(Map.of("deleted", deleted, "older_than", cutoff, "retention_days", ctx.retention().keep().toDays()));
    }

    private void audit(Call c) {
        int limit = c.intQuery("limit", 100, 1, 1000);
        List<AuditLog.Entry> entries = ctx.audit().query(new AuditLog.Query(c.query("actor").orElse(null), c.query("action").orElse(null),
                c.query("target").orElse(null), c.instantQuery("since"), c.instantQuery("until"), c.longQuery("before_id"), limit));
        String next = entries.size() == limit ? Long.toString(entries.get(entries.size() - 1).id()) : null;
        c.ok(new EventPage<>(entries, next));
    }
}
