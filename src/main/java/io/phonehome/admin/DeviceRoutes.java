package io.phonehome.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.events.Event;
import io.phonehome.events.EventTypes;
import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.CsvTable;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceFilter;
import io.phonehome.inventory.DeviceImport;
import io.phonehome.inventory.DevicePlan;
import io.phonehome.inventory.DeviceSearch;
import io.phonehome.inventory.DeviceSnapshot;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.InventoryException;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.inventory.Redirect;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/devices} and what hangs off a device: its lines, DECT handsets, and lines by
 * extension. Writes go through the import's planning (see {@link DeviceRows}), each in one
 * transaction with its audit entry.
 */
final class DeviceRoutes {
    static final Set<String> FILTERS = Set.of("site", "site_id", "vendor", "model", "firmware", "seen_before", "seen_after", "never_seen",
            "q", "redirected");

    private final AdminContext ctx;

    DeviceRoutes(AdminContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        Set<String> listParams = new java.util.HashSet<>(FILTERS);
        listParams.add("limit");
        listParams.add("after");
        r.get("/api/v1/devices", Role.VIEWER, listParams, this::list);
        r.post("/api/v1/devices", Role.TECHNICIAN, Set.of("dry_run"), this::create);
        r.get("/api/v1/devices/{mac}", Role.VIEWER, Set.of(), this::show);
        r.patch("/api/v1/devices/{mac}", Role.TECHNICIAN, this::update);
        r.delete("/api/v1/devices/{mac}", Role.TECHNICIAN, this::delete);
        r.post("/api/v1/devices/{mac}/rearm", Role.TECHNICIAN, Set.of("hours"), this::rearm);
        r.get("/api/v1/devices/{mac}/lines", Role.VIEWER, Set.of(), this::lines);
        r.put("/api/v1/devices/{mac}/lines", Role.TECHNICIAN, this::replaceLines);
        r.get("/api/v1/devices/{mac}/handsets", Role.VIEWER, Set.of(), this::handsets);
        r.patch("/api/v1/devices/{mac}/handsets/{index}", Role.TECHNICIAN, this::updateHandset);
        r.get("/api/v1/lines/{extension}", Role.VIEWER, LinesByExtension.QUERY, this::line);
        r.add("PATCH", "/api/v1/lines/{extension}", Role.TECHNICIAN, LinesByExtension.QUERY, this::updateLine);
    }

    // --- reading -----------------------------------------------------------------------------

    /** The filters of the device list (shared with exports and actions). */
    DeviceFilter filter(Call c) {
        Long siteId = c.longQuery("site_id");
        String siteName = c.query("site").orElse(null);
        if (siteName != null) {
            Site s = ctx.inventory().sites().findByName(siteName)
                    .filter(found -> !c.actor().scoped() || found.customerId() == c.actor().customerId())
                    .orElseThrow(() -> HttpStatusException.badRequest("site: no site named '" + siteName + "'"));
            if (siteId != null && siteId != s.id()) {
                throw HttpStatusException.badRequest("site and site_id name different sites");
            }
            siteId = s.id();
        }
        return new DeviceFilter(siteId, c.query("vendor").orElse(null), c.query("model").orElse(null), c.query("firmware").orElse(null),
                c.instantQuery("seen_before"), c.instantQuery("seen_after"), c.boolQuery("never_seen"), c.query("q").orElse(null),
                c.boolQuery("redirected")).withinCustomer(c.actor().customerId());
    }

    private void list(Call c) {
        DeviceFilter f = filter(c);
        int limit = c.intQuery("limit", 100, 1, DeviceSearch.MAX_PAGE);
        Mac after = c.query("after").map(a -> {
            try {
                return Mac.parse(a);
            } catch (InventoryException e) {
                throw HttpStatusException.badRequest("after: " + e.getMessage());
            }
        }).orElse(null);
        DeviceSearch.Page page = ctx.inventory().search().page(f, after, limit);
        Map<Long, List<Line>> lines = ctx.inventory().search().lines(page.rows().stream().map(r -> r.device().id()).toList());
        List<Views.DeviceSummary> items = new ArrayList<>();
        for (DeviceSearch.Row row : page.rows()) {
            Device d = row.device();
            items.add(new Views.DeviceSummary(d.mac().colons(), d.vendor(), d.model(), d.serial(),
                    d.siteId() == null ? null : new Views.SiteRef(d.siteId(), row.siteName()), row.redirectUrl(),
                    lines.getOrDefault(d.id(), List.of()).stream().map(l -> new Views.LineSummary(l.extension(), l.displayName())).toList(),
                    d.reportedModel(), d.reportedFirmware(), d.lastSeen(), d.lastAddress()));
        }
        c.ok(new Views.Page<>(items, page.total(), page.next() == null ? null : page.next().colons()));
    }

    Device find(Mac mac) {
        return ctx.inventory().devices().findByMac(mac).orElseThrow(() -> new NotFoundException("no device " + mac.colons() + " in the inventory"));
    }

    Views.DeviceView view(Device d) {
        DeviceSnapshot snap = ctx.inventory().snapshot(d);
        Redirect redirect = ctx.inventory().redirects().find(d.id()).orElse(null);
        return Views.device(d, Views.SiteRef.of(snap.site()), redirect, snap.lines(), snap.handsets(), ctx.registrations()::everywhereForExtension,
                ctx.inventory().models())
                .withDect(ctx.inventory().dectBaseLinks().managersOf(List.of(d.id())).get(d.id()), snap.bases());
    }

    private void show(Call c) {
        Views.DeviceView v = view(find(c.mac("mac")));
        c.ok(c.seesSecrets() ? v : Secrets.masked(v));
    }

    private void lines(Call c) {
        Views.DeviceView v = view(find(c.mac("mac")));
        c.ok(c.seesSecrets() ? v.lines() : Secrets.masked(v.lines()));
    }

    private void handsets(Call c) {
        c.ok(view(find(c.mac("mac"))).handsets());
    }

    private Line findLine(Call c) {
        return LinesByExtension.find(ctx, c); // within a customer: each has its own extension space
    }

    private void line(Call c) {
        Line l = findLine(c);
        Device d = ctx.inventory().devices().findById(l.deviceId()).orElseThrow();
        Views.DeviceView v = view(d);
        Views.LineView lv = v.lines().stream().filter(x -> x.extension().equals(l.extension())).findFirst().orElseThrow();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("device", d.mac().colons());
        body.put("model", d.model());
        body.put("site", v.site());
        body.put("line", lv);
        c.ok(c.seesSecrets() ? body : Secrets.masked(body));
    }

    // --- writing -----------------------------------------------------------------------------

    private void create(Call c) {
        Inputs.DeviceInput in = c.body(Inputs.DeviceInput.class);
        boolean dryRun = Boolean.TRUE.equals(c.boolQuery("dry_run"));
        if (in.mac() == null || in.mac().isBlank()) {
            throw Errors.validation(List.of(FieldError.of("mac", "is required")));
        }
        Mac mac = parseMac(in.mac(), "mac");
        write(c, in, DeviceImport.Mode.CREATE_ONLY, dryRun, "device.create");
        if (dryRun) {
            c.ok(Map.of("dry_run", true, "valid", true));
            return;
        }
        c.header("Location", "/api/v1/devices/" + mac.hex());
        c.json(201, view(find(mac)));
    }

    private void update(Call c) {
        Mac mac = c.mac("mac");
        JsonNode patch = requireObject(c.bodyTree());
        Inputs.DeviceInput merged = MergePatch.apply(current(find(mac)), patch, Inputs.DeviceInput.class);
        if (merged.mac() == null || !parseMac(merged.mac(), "mac").equals(mac)) {
            throw Errors.validation(List.of(FieldError.of("mac", "a device's MAC cannot change; delete it and create the new one")));
        }
        write(c, merged, DeviceImport.Mode.UPDATE_EXISTING, false, "device.update");
        c.ok(view(find(mac)));
    }

    private void replaceLines(Call c) {
        Mac mac = c.mac("mac");
        Inputs.LinesInput in = c.body(Inputs.LinesInput.class);
        Inputs.DeviceInput cur = current(find(mac));
        write(c, cur.withLines(in.lines() == null ? List.of() : in.lines()), DeviceImport.Mode.UPDATE_EXISTING, false, "device.lines");
        Views.DeviceView v = view(find(mac));
        c.ok(v.lines());
    }

    private void updateLine(Call c) {
        Line line = findLine(c);
        Device d = ctx.inventory().devices().findById(line.deviceId()).orElseThrow();
        JsonNode patch = requireObject(c.bodyTree());
        Inputs.LinePatch p = MergePatch.apply(new Inputs.LinePatch(null, null, null, null, null, null), patch, Inputs.LinePatch.class);
        Inputs.DeviceInput cur = current(d);
        List<Inputs.LineInput> lines = new ArrayList<>();
        for (Inputs.LineInput l : cur.lines()) {
            lines.add(!line.extension().equals(l.extension()) ? l : new Inputs.LineInput(l.extension(),
                    p.displayName() != null ? p.displayName() : l.displayName(), p.label() != null ? p.label() : l.label(),
                    p.authUser() != null ? p.authUser() : l.authUser(), p.password() != null ? p.password() : l.password(),
                    p.transport() != null ? p.transport() : l.transport(), p.srtp() != null ? p.srtp() : l.srtp(), l.handset(),
                    l.handsetName()));
        }
        write(c, cur.withLines(lines),
                DeviceImport.Mode.UPDATE_EXISTING, false, "line.update");
        line(c);
    }

    private void updateHandset(Call c) {
        Mac mac = c.mac("mac");
        String idx = c.path("index");
        if (!idx.matches("[0-9]{1,4}")) {
            throw HttpStatusException.badRequest("handset index '" + idx + "' must be a number");
        }
        int index = Integer.parseInt(idx);
        Device d = find(mac);
        JsonNode patch = requireObject(c.bodyTree());
        Inputs.HandsetPatch p = MergePatch.apply(new Inputs.HandsetPatch(null), patch, Inputs.HandsetPatch.class);
        Inputs.DeviceInput cur = current(d);
        if (cur.lines().stream().noneMatch(l -> l.handset() != null && l.handset() == index)) {
            throw new NotFoundException(mac.colons() + " has no handset " + index);
        }
        List<Inputs.LineInput> lines = cur.lines().stream().map(l -> l.handset() == null || l.handset() != index || p.name() == null ? l
                : new Inputs.LineInput(l.extension(), l.displayName(), l.label(), l.authUser(), l.password(), l.transport(), l.srtp(),
                l.handset(), p.name())).toList();
        write(c, cur.withLines(lines),
                DeviceImport.Mode.UPDATE_EXISTING, false, "handset.update");
        c.ok(view(d).handsets().stream().filter(h -> h.index() == index).findFirst().orElseThrow());
    }

    private void delete(Call c) {
        Mac mac = c.mac("mac");
        ctx.inventory().jdbc().inTransaction(() -> {
            Device d = find(mac);
            Views.DeviceView before = view(d);
            ctx.inventory().devices().delete(d.id());
            ctx.audit().record(c.actor(), "device.delete", mac.colons(), before, null);
            ctx.events().record(Event.of(EventTypes.ADMIN_CHANGE, "deleted", mac.hex(), d.siteId(), c.actor().name(), "device deleted"));
        });
        c.noContent();
    }

    /** The longest re-arm with an expiry: a month; longer is what no expiry says more honestly. */
    static final int MAX_REARM_HOURS = 720;

    /**
     * Lets the site credential open this device again: a phone reset to factory settings has lost
     * its own credentials and comes back with the RPS or DHCP URL's. It lasts until the device
     * proves itself on its own again, or with {@code hours} at most that long.
     */
    private void rearm(Call c) {
        Mac mac = c.mac("mac");
        Integer hours = c.query("hours").isPresent() ? c.intQuery("hours", 0, 1, MAX_REARM_HOURS) : null;
        Map<String, Object> body = new LinkedHashMap<>();
        ctx.inventory().jdbc().inTransaction(() -> {
            Device d = find(mac);
            Instant now = Instant.now();
            Instant until = hours == null ? null : now.plus(Duration.ofHours(hours));
            ctx.inventory().devices().rearm(d.id(), until);
            Device after = find(mac);
            Views.SiteCredentialView state = Views.SiteCredentialView.of(after, now);
            ctx.audit().record(c.actor(), "device.rearm", mac.colons(), Views.SiteCredentialView.of(d, now), state);
            ctx.events().record(Event.of(EventTypes.ADMIN_CHANGE, "rearmed", mac.hex(), d.siteId(), c.actor().name(),
                    "site credential re-armed" + (until == null ? " until the device uses its own credentials" : " until " + until)));
            body.put("mac", mac.colons());
            body.put("site_credential", state);
        });
        c.ok(body);
    }

    // --- shared ------------------------------------------------------------------------------

    private Inputs.DeviceInput current(Device d) {
        DeviceSnapshot snap = ctx.inventory().snapshot(d);
        return DeviceRows.current(snap, ctx.inventory().redirects().find(d.id()).orElse(null),
                ctx.inventory().models().find(d.vendor(), d.model()).orElse(null),
                ctx.inventory().dectBaseLinks().managersOf(List.of(d.id())).get(d.id()));
    }

    /**
     * Plans the device's rows like an import and writes them with an audit entry (before/after)
     * in one transaction. Row errors come back as a 422 with JSON field names.
     */
    private void write(Call c, Inputs.DeviceInput in, DeviceImport.Mode mode, boolean dryRun, String action) {
        List<CsvTable.Row> rows = DeviceRows.rows(in);
        Object[] before = new Object[1];
        ImportReport report = ctx.inventory().importer(c.actor().customerId()).run(rows, mode, dryRun, (plans, write) -> {
            DevicePlan p = plans.get(0);
            before[0] = p.existing() == null ? null : view(p.existing());
            write.run();
            Device after = find(p.mac());
            ctx.audit().record(c.actor(), action, p.mac().colons(), before[0], view(after));
            ctx.events().record(Event.of(EventTypes.ADMIN_CHANGE, p.existing() == null ? "created" : "updated", p.mac().hex(), after.siteId(),
                    c.actor().name(), action + " revision " + after.revision()));
        });
        if (!report.ok()) {
            throw Errors.validation(report.errors().stream().map(DeviceRows::toJsonField).toList());
        }
    }

    private static JsonNode requireObject(JsonNode n) {
        if (!n.isObject()) {
            throw HttpStatusException.badRequest("a PATCH body is a JSON object with the fields to change (JSON merge patch)");
        }
        return n;
    }

    static Mac parseMac(String text, String field) {
        try {
            return Mac.parse(text);
        } catch (InventoryException e) {
            throw new ValidationException(List.of(FieldError.of(field, e.getMessage())));
        }
    }
}
