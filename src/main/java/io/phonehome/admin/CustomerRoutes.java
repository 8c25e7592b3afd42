package io.phonehome.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.Customer;
import io.phonehome.inventory.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/customers}: the customers (tenants) of the installation. Admins only, and only
 * with a token of the whole installation ({@link CustomerScope} keeps customer tokens out).
 */
final class CustomerRoutes {
    private final AdminContext ctx;

    CustomerRoutes(AdminContext ctx) {
        this.ctx = ctx;
    }

    /** A customer as the API shows it, with how many sites it has. */
    record CustomerView(long id, String name, String slug, Instant createdAt, long sites, String sipDomain) {
    }

    /** Create and merge-patch body; {@code sip_domain} null: none (the installation's domain). */
    record CustomerInput(String name, String slug, String sipDomain) {
    }

    void register(Router r) {
        r.get("/api/v1/customers", Role.ADMIN, Set.of(), this::list);
        r.post("/api/v1/customers", Role.ADMIN, Set.of(), this::create);
        r.get("/api/v1/customers/{id}", Role.ADMIN, Set.of(), this::show);
        r.patch("/api/v1/customers/{id}", Role.ADMIN, this::update);
        r.delete("/api/v1/customers/{id}", Role.ADMIN, this::delete);
    }

    private CustomerView view(Customer c) {
        return new CustomerView(c.id(), c.name(), c.slug(), c.createdAt(), ctx.inventory().sites().listOf(c.id()).size(), c.sipDomain());
    }

    private Customer find(long id) {
        return ctx.inventory().customers().findById(id).orElseThrow(() -> new NotFoundException("customer " + id + " does not exist"));
    }

    private void list(Call c) {
        List<CustomerView> all = ctx.inventory().customers().list().stream().map(this::view).toList();
        c.ok(new Views.Page<>(all, all.size(), null));
    }

    private void show(Call c) {
        c.ok(view(find(c.id("id"))));
    }

    private void create(Call c) {
        CustomerInput in = c.body(CustomerInput.class);
        Customer created = ctx.inventory().jdbc().inTransaction(() -> {
            Customer cu = ctx.inventory().customers().insert(in.name(), in.slug(), in.sipDomain());
            ctx.audit().record(c.actor(), "customer.create", "customer " + cu.id(), null, view(cu));
            return cu;
        });
        c.header("Location", "/api/v1/customers/" + created.id());
        c.json(201, view(created));
    }

    private void update(Call c) {
        long id = c.id("id");
        JsonNode patch = c.bodyTree();
        if (!patch.isObject()) {
            throw HttpStatusException.badRequest("a PATCH body is a JSON object with the fields to change (JSON merge patch)");
        }
        Customer updated = ctx.inventory().jdbc().inTransaction(() -> {
            Customer before = find(id);
            CustomerInput merged = MergePatch.apply(new CustomerInput(before.name(), before.slug(), before.sipDomain()), patch, CustomerInput.class);
            Customer after = ctx.inventory().customers().update(id, merged.name(), merged.slug(), merged.sipDomain());
            ctx.audit().record(c.actor(), "customer.update", "customer " + id, view(before), view(after));
            return after;
        });
        c.ok(view(updated));
    }

    private void delete(Call c) {
        long id = c.id("id");
        ctx.inventory().jdbc().inTransaction(() -> {
            CustomerView before = view(find(id));
            ctx.inventory().customers().delete(id);
            ctx.audit().record(c.actor(), "customer.delete", "customer " + id, before, null);
        });
        c.noContent();
    }
}
