package io.phonehome.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.DeviceFilter;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.inventory.Site;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/sites}: the sites devices are assigned to. */
final class SiteRoutes {
    private final AdminContext ctx;

    SiteRoutes(AdminContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.get("/api/v1/sites", Role.VIEWER, Set.of("name", "limit", "after"), this::list);
        r.post("/api/v1/sites", Role.TECHNICIAN, Set.of(), this::create);
        r.get("/api/v1/sites/{id}", Role.VIEWER, Set.of(), this::show);
        r.patch("/api/v1/sites/{id}", Role.TECHNICIAN, this::update);
        r.delete("/api/v1/sites/{id}", Role.TECHNICIAN, this::delete);
    }

    private void list(Call c) {
        String name = c.query("name").orElse(null);
        int limit = c.intQuery("limit", 100, 1, 1000);
        Long after = c.longQuery("after");
        Map<Long, Long> counts = ctx.inventory().search().countBySite();
        List<Site> visible = c.actor().scoped() ? ctx.inventory().sites().listOf(c.actor().customerId()) : ctx.inventory().sites().list();
        List<Site> all = visible.stream()
                .filter(s -> name == null || s.name().equalsIgnoreCase(name))
                .filter(s -> after == null || s.id() > after)
                .sorted((a, b) -> Long.compare(a.id(), b.id()))
                .toList();
        List<Site> page = all.subList(0, Math.min(limit, all.size()));
        String next = all.size() > limit ? Long.toString(page.get(page.size() - 1).id()) : null;
        long total = visible.stream().filter(s -> name == null || s.name().equalsIgnoreCase(name)).count();
        Views.Page<Views.SiteView> body = new Views.Page<>(page.stream().map(s -> Views.SiteView.of(s, counts.getOrDefault(s.id(), 0L))).toList(),
                total, next);
        c.ok(c.seesSecrets() ? body : Secrets.masked(body));
    }

    Site find(long id) {
        return ctx.inventory().sites().findById(id).orElseThrow(() -> new NotFoundException("site " + id + " does not exist"));
    }

    private Views.SiteView view(Site s) {
        return Views.SiteView.of(s, ctx.inventory().search().page(DeviceFilter.site(s.id()), null, 1).total());
    }

    private void show(Call c) {
        Views.SiteView v = view(find(c.id("id")));
        c.ok(c.seesSecrets() ? v : Secrets.masked(v));
    }

    private void create(Call c) {
        Inputs.SiteInput in = c.body(Inputs.SiteInput.class);
        long customer = customerFor(c, in.customerId());
        Site created = ctx.inventory().jdbc().inTransaction(() -> {
            Site s = ctx.inventory().createSite(customer, in.toSpec());
            ctx.audit().record(c.actor(), "site.create", "site " + s.id(), null, view(s));
            return s;
        });
        c.header("Location", "/api/v1/sites/" + created.id());
        c.json(201, view(created));
    }

    /**
     * The customer a site is written for: a customer token's own (naming another is answered as
     * naming one that does not exist), else the one named, else the default customer.
     */
    private long customerFor(Call c, Long named) {
        if (c.actor().scoped()) {
            if (named != null && !named.equals(c.actor().customerId())) {
                throw Errors.validation(java.util.List.of(io.phonehome.inventory.FieldError.of("customer_id", "customer " + named + " does not exist")));
            }
            return c.actor().customerId();
        }
        if (named == null) {
            return ctx.inventory().customers().defaultCustomer().id();
        }
        if (ctx.inventory().customers().findById(named).isEmpty()) {
            throw Errors.validation(java.util.List.of(io.phonehome.inventory.FieldError.of("customer_id", "customer " + named + " does not exist")));
        }
        return named;
    }

    private void update(Call c) {
        long id = c.id("id");
        JsonNode patch = c.bodyTree();
        if (!patch.isObject()) {
            throw HttpStatusException.badRequest("a PATCH body is a JSON object with the fields to change (JSON merge patch)");
        }
        Site updated = ctx.inventory().jdbc().inTransaction(() -> {
            Site before = find(id);
            Inputs.SiteInput merged = MergePatch.apply(Inputs.SiteInput.of(before), patch, Inputs.SiteInput.class);
            long customer = customerFor(c, merged.customerId());
            Site after = ctx.inventory().updateSite(id, merged.toSpec());
            if (customer != after.customerId()) {
                // the site's devices and lines go with it; their configs change with the site's revision
                ctx.inventory().sites().moveToCustomer(id, customer);
                after = find(id);
            }
            ctx.audit().record(c.actor(), "site.update", "site " + id, view(before), view(after));
            return after;
        });
        c.ok(view(updated));
    }

    private void delete(Call c) {
        long id = c.id("id");
        ctx.inventory().jdbc().inTransaction(() -> {
            Site before = find(id);
            Views.SiteView v = view(before);
            ctx.inventory().sites().delete(id);
            ctx.audit().record(c.actor(), "site.delete", "site " + id, v, null);
        });
        c.noContent();
    }
}
