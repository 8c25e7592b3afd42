package io.phonehome.console;

import io.phonehome.inventory.ConflictException;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.inventory.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admins' API tokens: the list (name, role, customer scope, created, last used, revoked; never
 * a secret, which is not kept), a form to make one (its secret shown on the answer to that POST
 * only, never again: the page after a reload or a redirect no longer has it), and revoking. The
 * API's rules and audit entries, through {@link AdminGate}.
 */
final class TokensPage {
    private final Console c;

    TokensPage(Console c) {
        this.c = c;
    }

    void handle(Req r, List<String> seg) {
        Console.require(r, Access.ADMIN);
        if (seg.size() == 1) {
            if (r.post()) {
                create(r);
            } else {
                page(r, Map.of(), null, Map.of(), 200);
            }
        } else if (seg.size() == 3 && seg.get(2).equals("revoke") && seg.get(1).matches("[0-9]{1,18}") && r.post()) {
            long id = Long.parseLong(seg.get(1));
            try {
                c.d.gate().revokeToken(r.person(), id);
                r.session.flash(Map.of("kind", "ok", "text", r.t.get("tokens.revokedFlash").replace("{0}", String.valueOf(id))));
            } catch (ConflictException e) {
                r.session.flash(Map.of("kind", "warn", "text", e.getMessage()));
            } catch (NotFoundException e) {
                throw new ConsoleException(404, e.getMessage());
            }
            Console.redirect(r.ex, "/tokens");
        } else {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
    }

    private void create(Req r) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", r.field("name") == null ? "" : r.field("name"));
        form.put("role", r.field("role") == null ? "viewer" : r.field("role"));
        form.put("customer", r.field("customer") == null ? "" : r.field("customer"));
        try {
            AdminGate.NewToken t = c.d.gate().createToken(r.person(), r.field("name"), form.get("role"), r.field("customer"));
            page(r, Map.of(), Map.of("name", t.token().name(), "secret", t.secret()), Map.of("name", "", "role", "viewer", "customer", ""), 200);
        } catch (ValidationException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldError fe : e.errors()) {
                errors.merge(fe.field(), fe.message(), (a, b) -> a + "; " + b);
            }
            page(r, errors, null, form, 422);
        }
    }

    private void page(Req r, Map<String, String> errors, Map<String, String> made, Map<String, String> form, int status) {
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AdminGate.TokenRow t : c.d.gate().tokens()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", String.valueOf(t.id()));
            m.put("name", t.name());
            m.put("role", t.role());
            m.put("customer", t.customer() == null ? "" : t.customer());
            m.put("prefix", FleetPage.nz(t.prefix()));
            m.put("created", t.createdAt() == null ? "" : Ago.of(t.createdAt(), now, r.t));
            m.put("createdIso", t.createdAt() == null ? "" : t.createdAt().toString());
            m.put("createdBy", FleetPage.nz(t.createdBy()));
            m.put("lastUsed", t.lastUsedAt() == null ? "" : Ago.of(t.lastUsedAt(), now, r.t));
            m.put("lastUsedIso", t.lastUsedAt() == null ? "" : t.lastUsedAt().toString());
            m.put("revoked", t.revokedAt() == null ? "" : Ago.of(t.revokedAt(), now, r.t));
            rows.add(m);
        }
        rows.sort((a, b) -> Boolean.compare(!((String) a.get("revoked")).isEmpty(), !((String) b.get("revoked")).isEmpty()));
        Map<String, Object> m = c.model(r, "tokens");
        m.put("tokens", rows);
        m.put("errors", errors);
        if (made != null) {
            m.put("made", made);
        }
        m.put("form", form.isEmpty() ? Map.of("name", "", "role", "viewer", "customer", "") : form);
        m.put("customers", c.d.inventory().customers().list().stream().map(cu -> cu.slug()).toList());
        Console.html(r.ex, status, c.pages.render("tokens.ftlh", m));
    }
}
