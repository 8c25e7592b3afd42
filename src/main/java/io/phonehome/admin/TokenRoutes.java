package io.phonehome.admin;

import io.phonehome.inventory.ConflictException;
import io.phonehome.inventory.Customer;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/tokens}: create (the token is in the answer, once), list, revoke. Admins only. */
final class TokenRoutes {
    private final AdminContext ctx;

    TokenRoutes(AdminContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.get("/api/v1/tokens", Role.ADMIN, Set.of(), this::list);
        r.post("/api/v1/tokens", Role.ADMIN, Set.of(), this::create);
        r.delete("/api/v1/tokens/{id}", Role.ADMIN, this::revoke);
        r.get("/api/v1/me", Role.VIEWER, Set.of(), this::me);
    }

    private void list(Call c) {
        c.ok(ctx.tokens().list());
    }

    private void create(Call c) {
        Inputs.TokenInput in = c.body(Inputs.TokenInput.class);
        List<FieldError> errors = new ArrayList<>();
        Checked checked = check(ctx.inventory().customers(), in.name(), in.role(), in.customer(), errors);
        if (!errors.isEmpty()) {
            throw Errors.validation(errors);
        }
        TokenStore.Created created = ctx.inventory().jdbc().inTransaction(() -> {
            TokenStore.Created t = ctx.tokens().create(checked.name(), checked.role(), c.actor().name(), checked.customerId());
            ctx.audit().record(c.actor(), "token.create", "token " + t.token().id(), null, t.token());
            return t;
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", created.secret());
        body.put("note", "shown once: store it now; only its hash is kept");
        body.put("details", created.token());
        c.header("Location", "/api/v1/tokens/" + created.token().id());
        c.json(201, body);
    }

    /** A new token's name, role and customer, checked; the problems go to {@code errors} (the API's route and the console's page share this). */
    record Checked(String name, Role role, Long customerId) {
    }

    static Checked check(io.phonehome.inventory.CustomerRepository customers, String name, String roleText, String customer, List<FieldError> errors) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9 ._@\\-]{0,63}")) {
            errors.add(FieldError.of("name", "must be 1-64 letters, digits, spaces or . _ @ - (say who or what uses it, e.g. crm-sync)"));
        }
        Role role = null;
        try {
            role = Role.parse(roleText);
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.of("role", e.getMessage()));
        }
        Long customerId = null;
        if (customer != null) {
            customerId = customers.findBySlug(customer).map(Customer::id).orElse(null);
            if (customerId == null) {
                errors.add(FieldError.of("customer", "no customer with slug '" + customer + "' (see GET /api/v1/customers)"));
            } else if (role == Role.ADMIN) {
                // what only admins do (tokens, settings, backups, customers) is the installation's, never one customer's
                errors.add(FieldError.of("role", "a token limited to a customer is a viewer or a technician; admin is the installation's"));
            }
        }
        return new Checked(name, role, customerId);
    }

    private void revoke(Call c) {
        long id = c.id("id");
        ctx.inventory().jdbc().inTransaction(() -> {
            ApiToken t = revoke(ctx.tokens(), id);
            ctx.audit().record(c.actor(), "token.revoke", "token " + id, t, ctx.tokens().find(id).orElseThrow());
        });
        c.noContent();
    }

    /** Revokes, unless the token does not exist, is already revoked or is the last admin token; returns it as it was. */
    static ApiToken revoke(TokenStore tokens, long id) {
        ApiToken t = tokens.find(id).orElseThrow(() -> new NotFoundException("token " + id + " does not exist"));
        if (!t.active()) {
            throw new ConflictException("token " + id + " is already revoked");
        }
        if (t.role() == Role.ADMIN && tokens.activeAdmins() <= 1) {
            throw new ConflictException("token " + id + " is the last admin token; create another admin token first "
                    + "(or set admin_token to get back in)");
        }
        tokens.revoke(id);
        return t;
    }

    private void me(Call c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_id", c.actor().tokenId());
        body.put("name", c.actor().name());
        body.put("role", c.actor().role().lower());
        body.put("source", c.actor().source());
        body.put("customer", c.actor().scoped() ? ctx.inventory().customers().findById(c.actor().customerId()).map(Customer::slug).orElse(null)
                : null);
        c.ok(body);
    }
}
