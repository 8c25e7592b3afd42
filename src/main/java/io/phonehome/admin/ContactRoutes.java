package io.phonehome.admin;

import io.phonehome.events.Event;
import io.phonehome.events.EventTypes;
import io.phonehome.http.HttpStatusException;
import io.phonehome.http.ProblemException;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.inventory.Site;
import io.phonehome.phonebook.Contact;
import io.phonehome.phonebook.ContactImport;
import io.phonehome.phonebook.ContactRepository;
import io.phonehome.phonebook.PhonebookScope;
import io.phonehome.phonebook.PhonebookSiteRepository;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The company phonebook: {@code POST /api/v1/contacts/import} (CSV, all or nothing, with a dry
 * run), {@code GET /api/v1/contacts}, {@code DELETE /api/v1/contacts/{id}}, and a site's choice of
 * phonebook ({@code GET|PUT /api/v1/sites/{id}/phonebook}: its own, or the fleet's).
 */
final class ContactRoutes {
    private final AdminContext ctx;

    ContactRoutes(AdminContext ctx) {
        this.ctx = ctx;
    }

    // Built per call (they hold nothing but the pool): the route table is also built without a database, to be checked.
    private ContactRepository contacts() {
        return new ContactRepository(ctx.inventory().jdbc());
    }

    private PhonebookSiteRepository choices() {
        return new PhonebookSiteRepository(ctx.inventory().jdbc());
    }

    void register(Router r) {
        r.post("/api/v1/contacts/import", Role.TECHNICIAN, Set.of("dry_run"), this::importCsv);
        r.get("/api/v1/contacts", Role.VIEWER, Set.of("site"), this::list);
        r.delete("/api/v1/contacts/{id}", Role.TECHNICIAN, this::delete);
        r.get("/api/v1/sites/{id}/phonebook", Role.VIEWER, Set.of(), this::showChoice);
        r.put("/api/v1/sites/{id}/phonebook", Role.TECHNICIAN, this::setChoice);
    }

    /** A contact as the API shows it: its site by name, null for a fleet-wide one. */
    record ContactView(long id, String site, String name, String company, String office, String mobile, String other) {
    }

    record ReportView(boolean dryRun, boolean applied, int rows, int created, int updated, List<ImportExportRoutes.RowError> errors) {
    }

    record ChoiceView(long siteId, String site, String scope) {
    }

    record ChoiceInput(String scope) {
    }

    private void importCsv(Call c) throws IOException {
        boolean dryRun = Boolean.TRUE.equals(c.boolQuery("dry_run"));
        ContactImport.Report report = new ContactImport(ctx.inventory().jdbc(), contacts(), ctx.inventory().sites()).run(new StringReader(c.csvBody()), dryRun);
        if (report.applied()) {
            ctx.metrics().imported("contacts", report.rows());
            ctx.audit().record(c.actor(), "contact.import", "import " + report.rows() + " contact(s)", null,
                    Map.of("created", report.created(), "updated", report.updated()));
            ctx.events().record(Event.of(EventTypes.IMPORT, "ok", null, null, c.actor().name(),
                    "contacts: " + report.created() + " created, " + report.updated() + " updated"));
        }
        if (!report.ok() && !dryRun) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("dry_run", false);
            extra.put("applied", false);
            extra.put("rows", report.rows());
            throw new ProblemException(422, "import-refused", report.errors().size() + " row problem(s); nothing was written",
                    Errors.fieldProblems(report.errors()), extra);
        }
        c.ok(new ReportView(report.dryRun(), report.applied(), report.rows(), report.created(), report.updated(),
                report.errors().stream().map(e -> new ImportExportRoutes.RowError(e.row(), e.field(), e.message())).toList()));
    }

    private void list(Call c) {
        Map<Long, String> siteNames = new LinkedHashMap<>();
        for (Site s : ctx.inventory().sites().list()) {
            siteNames.put(s.id(), s.name());
        }
        String site = c.query("site").orElse(null);
        List<ContactView> out = contacts().list().stream()
                .map(k -> new ContactView(k.id(), k.siteId() == null ? null : siteNames.get(k.siteId()), k.name(), k.company(), k.office(),
                        k.mobile(), k.other()))
                .filter(v -> site == null || (v.site() != null && v.site().equalsIgnoreCase(site)))
                .toList();
        c.ok(Map.of("items", out, "total", out.size()));
    }

    private void delete(Call c) {
        long id = c.id("id");
        Contact gone = contacts().find(id).orElseThrow(() -> new NotFoundException("contact " + id + " does not exist"));
        contacts().delete(id);
        ctx.audit().record(c.actor(), "contact.delete", "contact " + id, gone, null);
        c.noContent();
    }

    private Site site(Call c) {
        long id = c.id("id");
        return ctx.inventory().sites().findById(id).orElseThrow(() -> new NotFoundException("site " + id + " does not exist"));
    }

    private void showChoice(Call c) {
        Site s = site(c);
        c.ok(new ChoiceView(s.id(), s.name(), choices().scope(s.id()).lower()));
    }

    private void setChoice(Call c) {
        Site s = site(c);
        ChoiceInput in = c.body(ChoiceInput.class);
        PhonebookScope scope = PhonebookScope.parse(in == null ? null : in.scope()).orElseThrow(() -> HttpStatusException.badRequest(
                "scope must be \"site\" (the site's own lines and contacts, with the fleet-wide contacts) or \"fleet\" (every line and contact)"));
        PhonebookScope before = choices().scope(s.id());
        choices().set(s.id(), scope);
        ctx.audit().record(c.actor(), "site.phonebook", "site " + s.id(), Map.of("scope", before.lower()), Map.of("scope", scope.lower()));
        c.ok(new ChoiceView(s.id(), s.name(), scope.lower()));
    }
}
