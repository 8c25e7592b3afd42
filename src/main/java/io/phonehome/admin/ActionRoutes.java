package io.phonehome.admin;

import io.phonehome.actions.ActionJob;
import io.phonehome.actions.ActionTarget;
import io.phonehome.actions.NotifyKind;
import io.phonehome.actions.NotifyResult;
import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceFilter;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.InventoryException;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Remote actions (re-sync, reboot): one device at once ({@code POST /devices/{mac}/actions/{kind}}),
 * or many, paced ({@code POST /actions}: a selection of MACs, a site, or the device list's filters),
 * with progress and cancel.
 */
final class ActionRoutes {
    /** The largest selection one job takes (a site of this many phones is a campaign). */
    static final int MAX_TARGETS = 100_000;

    private final AdminContext ctx;
    private final DeviceRoutes devices;

    ActionRoutes(AdminContext ctx, DeviceRoutes devices) {
        this.ctx = ctx;
        this.devices = devices;
    }

    void register(Router r) {
        r.post("/api/v1/devices/{mac}/actions/{kind}", Role.TECHNICIAN, Set.of(), this::one);
        r.post("/api/v1/actions", Role.TECHNICIAN, Set.of(), this::start);
        r.get("/api/v1/actions", Role.VIEWER, Set.of(), this::list);
        r.get("/api/v1/actions/{id}", Role.VIEWER, Set.of("results"), this::show);
        r.post("/api/v1/actions/{id}/cancel", Role.TECHNICIAN, Set.of(), this::cancel);
    }

    static NotifyKind kind(String s, String field) {
        if (s == null) {
            throw Errors.validation(List.of(FieldError.of(field, "is required: resync or reboot")));
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "resync", "re-sync", "check-sync" -> NotifyKind.RESYNC;
            case "reboot" -> NotifyKind.REBOOT;
            default -> throw Errors.validation(List.of(FieldError.of(field, "'" + s + "' must be resync or reboot")));
        };
    }

    private void one(Call c) {
        Device d = devices.find(c.mac("mac"));
        NotifyKind kind = kind(c.path("kind"), "kind");
        NotifyResult r = ctx.actions().runOne(new ActionTarget(d.mac(), d.siteId()), kind, c.actor().name());
        ctx.audit().record(c.actor(), "action." + kind.name().toLowerCase(Locale.ROOT), d.mac().colons(), null,
                Map.of("outcome", r.outcome().name().toLowerCase(Locale.ROOT), "status", r.status()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mac", d.mac().colons());
        body.put("kind", kind.name().toLowerCase(Locale.ROOT));
        body.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        body.put("status", r.status());
        body.put("detail", r.detail());
        c.ok(body);
    }

    private void start(Call c) {
        Inputs.ActionInput in = c.body(Inputs.ActionInput.class);
        NotifyKind kind = kind(in.kind(), "kind");
        int given = (in.macs() != null ? 1 : 0) + (in.siteId() != null ? 1 : 0) + (in.filter() != null ? 1 : 0);
        if (given != 1) {
            throw Errors.validation(List.of(FieldError.of("macs", "give exactly one of macs, site_id, filter")));
        }
        List<ActionTarget> targets = new ArrayList<>();
        String description;
        if (in.macs() != null) {
            List<FieldError> errors = new ArrayList<>();
            Set<Mac> seen = new LinkedHashSet<>();
            for (int i = 0; i < in.macs().size(); i++) {
                try {
                    Mac m = Mac.parse(in.macs().get(i));
                    if (!seen.add(m)) {
                        continue;
                    }
                    Device d = ctx.inventory().devices().findByMac(m).orElseThrow(() -> new NotFoundException("not in the inventory"));
                    targets.add(new ActionTarget(d.mac(), d.siteId()));
                } catch (InventoryException e) {
                    errors.add(FieldError.of("macs[" + i + "]", (in.macs().get(i) == null ? "null" : in.macs().get(i)) + ": " + e.getMessage()));
                }
            }
            if (!errors.isEmpty()) {
                throw Errors.validation(errors);
            }
            description = targets.size() + " selected device(s)";
        } else {
            DeviceFilter f;
            if (in.siteId() != null) {
                ctx.inventory().sites().findById(in.siteId()).orElseThrow(() -> new NotFoundException("site " + in.siteId() + " does not exist"));
                f = DeviceFilter.site(in.siteId());
                description = "site " + in.siteId();
            } else {
                Inputs.DeviceFilterInput fi = in.filter();
                f = new DeviceFilter(fi.siteId(), fi.vendor(), fi.model(), fi.firmware(), fi.seenBefore(), fi.seenAfter(), fi.neverSeen(), fi.q(),
                        fi.redirected());
                description = "filter";
            }
            ctx.inventory().search().forEach(f, chunk -> chunk.forEach(r -> targets.add(new ActionTarget(r.device().mac(), r.device().siteId()))));
        }
        if (targets.size() > MAX_TARGETS) {
            throw HttpStatusException.unprocessable(targets.size() + " devices selected; one action takes at most " + MAX_TARGETS);
        }
        ActionJob job = ctx.actions().start(kind, targets, c.actor().name(), description);
        ctx.audit().record(c.actor(), "action." + kind.name().toLowerCase(Locale.ROOT), "action " + job.id(), null,
                Map.of("devices", targets.size(), "selection", description));
        c.header("Location", "/api/v1/actions/" + job.id());
        c.json(202, job.snapshot(false));
    }

    private void list(Call c) {
        c.ok(ctx.actions().list().stream().map(j -> j.snapshot(false)).toList());
    }

    private ActionJob find(Call c) {
        long id = c.id("id");
        return ctx.actions().find(id).orElseThrow(() -> new NotFoundException("no action " + id + " (finished ones are kept for a while only)"));
    }

    private void show(Call c) {
        c.ok(find(c).snapshot(Boolean.TRUE.equals(c.boolQuery("results"))));
    }

    private void cancel(Call c) {
        ActionJob job = find(c);
        boolean stopped = ctx.actions().cancel(job.id());
        if (!stopped) {
            throw HttpStatusException.conflict("action " + job.id() + " has already ended");
        }
        ctx.audit().record(c.actor(), "action.cancel", "action " + job.id(), null, Map.of("cancelled", true));
        c.ok(job.snapshot(false));
    }
}
