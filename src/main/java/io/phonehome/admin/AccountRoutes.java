package io.phonehome.admin;

import io.phonehome.http.HttpStatusException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/v1/accounts}: people's console accounts (admins only). Made, listed, removed and
 * given a new password here or by {@code phonehome accounts}; the password is in the request only,
 * never in an answer, the audit log or the server log; its strength is checked by the console's
 * own rules. Every change is audited with the change.
 */
final class AccountRoutes {
    /** The password body of a reset. */
    record PasswordInput(String password) {
    }

    /** A new account. */
    record AccountInput(String name, String password, String role, Boolean totp) {
    }

    private final AdminContext ctx;
    private final Supplier<AccountDirectory> accounts;

    AccountRoutes(AdminContext ctx, Supplier<AccountDirectory> accounts) {
        this.ctx = ctx;
        this.accounts = accounts;
    }

    void register(Router r) {
        r.get("/api/v1/accounts", Role.ADMIN, Set.of(), this::list);
        r.post("/api/v1/accounts", Role.ADMIN, Set.of(), this::create);
        r.delete("/api/v1/accounts/{id}", Role.ADMIN, this::remove);
        r.post("/api/v1/accounts/{id}/password", Role.ADMIN, Set.of(), this::password);
    }

    private AccountDirectory directory() {
        AccountDirectory d = accounts.get();
        if (d == null) {
            throw HttpStatusException.notFound("this server has no console, so no console accounts");
        }
        return d;
    }

    private void list(Call c) {
        c.ok(directory().list());
    }

    private void create(Call c) {
        AccountInput in = c.body(AccountInput.class);
        AccountDirectory d = directory();
        AccountDirectory.Created made = ctx.inventory().jdbc().inTransaction(() -> {
            AccountDirectory.Created m = d.create(in.name(), in.password(), in.role() == null ? "viewer" : in.role(), Boolean.TRUE.equals(in.totp()),
                    c.actor().name());
            ctx.audit().record(c.actor(), "account.create", "account " + m.account().name(), null, m.account());
            return m;
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", made.account());
        if (made.totpSecret() != null) {
            body.put("totp_secret", made.totpSecret());
            body.put("totp_uri", made.totpUri());
            body.put("note", "the TOTP secret is shown once: add it to the person's authenticator app now");
        }
        c.header("Location", "/api/v1/accounts/" + made.account().id());
        c.json(201, body);
    }

    private void remove(Call c) {
        long id = c.id("id");
        AccountDirectory d = directory();
        ctx.inventory().jdbc().inTransaction(() -> {
            AccountDirectory.Account before = d.remove(id);
            ctx.audit().record(c.actor(), "account.delete", "account " + before.name(), before, null);
        });
        c.noContent();
    }

    private void password(Call c) {
        long id = c.id("id");
        PasswordInput in = c.body(PasswordInput.class);
        AccountDirectory d = directory();
        ctx.inventory().jdbc().inTransaction(() -> {
            AccountDirectory.Account a = d.resetPassword(id, in.password());
            // the entry says that it changed, never what to
            ctx.audit().record(c.actor(), "account.password", "account " + a.name(), null, Map.of("password", "changed"));
        });
        c.noContent();
    }
}
