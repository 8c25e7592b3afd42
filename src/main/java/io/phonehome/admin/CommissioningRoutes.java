package io.phonehome.admin;

import io.phonehome.commissioning.Commissioning;
import io.phonehome.commissioning.CommissioningReport;
import io.phonehome.commissioning.Run;
import io.phonehome.http.HttpStatusException;
import io.phonehome.inventory.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Commissioning runs ({@code /api/v1/commissioning}): start one over a site's lines (JSON
 * {@code site_id}) or a CSV list ({@code /list}, {@code text/csv} with {@code extension} and an
 * optional {@code note}), technicians and admins; follow its progress and download the site's
 * report (CSV with comma or semicolon, or JSON), everyone; cancel it. A second run over a site or
 * line a running run calls is 409.
 */
final class CommissioningRoutes {
    /** {@code POST /api/v1/commissioning}. */
    record StartInput(Long siteId) {
    }

    private final AdminContext ctx;
    private final Commissioning runs;

    CommissioningRoutes(AdminContext ctx, Commissioning runs) {
        this.ctx = ctx;
        this.runs = runs;
    }

    void register(Router r) {
        r.post("/api/v1/commissioning", Role.TECHNICIAN, Set.of(), this::startSite);
        r.post("/api/v1/commissioning/list", Role.TECHNICIAN, Set.of(), this::startList);
        r.get("/api/v1/commissioning", Role.VIEWER, Set.of(), this::list);
        r.get("/api/v1/commissioning/{id}", Role.VIEWER, Set.of(), this::show);
        r.get("/api/v1/commissioning/{id}/report", Role.VIEWER, Set.of("format", "separator"), this::report);
        r.post("/api/v1/commissioning/{id}/cancel", Role.TECHNICIAN, Set.of(), this::cancel);
    }

    private Commissioning runs() {
        if (runs == null) {
            throw HttpStatusException.notFound("commissioning runs are not available on this server");
        }
        return runs;
    }

    private void startSite(Call c) {
        StartInput in = c.body(StartInput.class);
        if (in.siteId() == null) {
            throw Errors.validation(List.of(FieldError.of("site_id", "is required (a CSV list is sent to /api/v1/commissioning/list)")));
        }
        started(c, runs().startSite(in.siteId(), c.actor().name()));
    }

    private void startList(Call c) {
        started(c, runs().startList(c.csvBody(), c.actor().name()));
    }

    private void started(Call c, Run run) {
        ctx.audit().record(c.actor(), "commissioning.start", "commissioning " + run.id(), null,
                Map.of("lines", run.lines().size(), "source", run.source()));
        c.header("Location", "/api/v1/commissioning/" + run.id());
        c.json(202, CommissioningReport.json(run, true));
    }

    private void list(Call c) {
        c.ok(runs().list().stream().map(r -> CommissioningReport.json(r, false)).toList());
    }

    private void show(Call c) {
        c.ok(CommissioningReport.json(runs().find(c.id("id")), true));
    }

    private void report(Call c) {
        Run run = runs().find(c.id("id"));
        String format = c.query("format").orElse("csv").toLowerCase(Locale.ROOT);
        if (!format.equals("csv") && !format.equals("json")) {
            throw HttpStatusException.badRequest("format '" + format + "' must be csv or json");
        }
        if (format.equals("json") && c.query("separator").isPresent()) {
            throw HttpStatusException.badRequest("separator applies to format=csv only");
        }
        String separator = c.query("separator").orElse("comma").toLowerCase(Locale.ROOT);
        char delimiter = switch (separator) {
            case "comma" -> ',';
            case "semicolon" -> ';';
            default -> throw HttpStatusException.badRequest("separator '" + separator + "' must be comma or semicolon (for Excel in "
                    + "locales with a decimal comma: French, German, Italian, ...)");
        };
        String name = "commissioning-" + (run.siteName() == null ? "list" : run.siteName().replaceAll("[^A-Za-z0-9._-]", "_")) + "-" + run.id();
        c.header("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"");
        if (format.equals("json")) {
            c.ok(CommissioningReport.json(run, true));
        } else {
            c.bytes(200, "text/csv; charset=utf-8", CommissioningReport.csv(run, delimiter).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void cancel(Call c) {
        long id = c.id("id");
        if (!runs().cancel(id, c.actor().name())) {
            throw HttpStatusException.conflict("commissioning run " + id + " has already ended");
        }
        ctx.audit().record(c.actor(), "commissioning.cancel", "commissioning " + id, null, Map.of("cancelled", true));
        c.ok(CommissioningReport.json(runs().find(id), true));
    }
}
