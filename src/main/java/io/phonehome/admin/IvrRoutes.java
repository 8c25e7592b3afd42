package io.phonehome.admin;

import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.ivr.Ivr;
import io.phonehome.ivr.MenuDraft;
import io.phonehome.ivr.MenuRules;
import io.phonehome.ivr.StoredMenu;
import java.time.Instant;
import java.util.Set;

/**
 * IVR menus ({@code /api/v1/sites/{id}/ivr-menus/{number}}): set as a whole in JSON (technician
 * and above), checked as a whole (422 listing each bad field by its path, 409 when the number is
 * already an extension, the echo, read-back or voicemail number of the site), shown and listed for
 * everyone, deleted.
 */
final class IvrRoutes {
    record MenuView(long siteId, String number, MenuDraft menu, String updatedBy, Instant updatedAt) {
        static MenuView of(StoredMenu m) {
            return new MenuView(m.siteId(), m.number(), MenuRules.draftOf(m.plan()), m.updatedBy(), m.updatedAt());
        }
    }

    record MenuSummary(long siteId, String number, int submenus, String updatedBy, Instant updatedAt) {
    }

    private final AdminContext ctx;
    private final Ivr ivr;

    IvrRoutes(AdminContext ctx, Ivr ivr) {
        this.ctx = ctx;
        this.ivr = ivr;
    }

    void register(Router r) {
        r.get("/api/v1/ivr-menus", Role.VIEWER, Set.of(), this::list);
        r.get("/api/v1/sites/{id}/ivr-menus/{number}", Role.VIEWER, Set.of(), this::show);
        r.put("/api/v1/sites/{id}/ivr-menus/{number}", Role.TECHNICIAN, this::set);
        r.delete("/api/v1/sites/{id}/ivr-menus/{number}", Role.TECHNICIAN, this::delete);
    }

    private Ivr ivr() {
        if (ivr == null) {
            throw HttpStatusException.notFound("IVR menus are not available on this server");
        }
        return ivr;
    }

    private void list(Call c) {
        c.ok(ivr().menus().stream().map(m -> new MenuSummary(m.siteId(), m.number(), m.plan().menus().size() - 1, m.updatedBy(), m.updatedAt()))
                .toList());
    }

    private void show(Call c) {
        long site = c.id("id");
        String number = c.path("number");
        c.ok(MenuView.of(ivr().menu(site, number).orElseThrow(() -> new NotFoundException("site " + site + " has no menu on " + number))));
    }

    private void set(Call c) {
        long site = c.id("id");
        String number = c.path("number");
        MenuDraft draft = c.body(MenuDraft.class);
        StoredMenu before = ivr().menu(site, number).orElse(null);
        StoredMenu m = ivr().setMenu(site, number, draft, c.actor().name());
        MenuView v = MenuView.of(m);
        ctx.audit().record(c.actor(), "ivr.menu_set", "site " + site + " number " + number, before == null ? null : MenuView.of(before).menu(),
                v.menu());
        c.json(before == null ? 201 : 200, v);
    }

    private void delete(Call c) {
        StoredMenu m = ivr().deleteMenu(c.id("id"), c.path("number"));
        ctx.audit().record(c.actor(), "ivr.menu_delete", "site " + m.siteId() + " number " + m.number(), MenuView.of(m).menu(), null);
        c.noContent();
    }
}
