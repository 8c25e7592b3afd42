package io.phonehome.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.phonehome.events.Event;
import io.phonehome.events.EventTypes;
import io.phonehome.http.HttpStatusException;
import io.phonehome.http.ProblemException;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceExport;
import io.phonehome.inventory.DeviceFilter;
import io.phonehome.inventory.DeviceImport;
import io.phonehome.inventory.DevicePlan;
import io.phonehome.inventory.DeviceSearch;
import io.phonehome.inventory.Handset;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Redirect;
import io.phonehome.inventory.Site;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/devices/import} (a delivery-note CSV, through the provisioning core's
 * {@link DeviceImport}) and {@code GET /api/v1/export} (CSV or JSON, the list's filters).
 */
final class ImportExportRoutes {
    private final AdminContext ctx;
    private final DeviceRoutes devices;

    ImportExportRoutes(AdminContext ctx, DeviceRoutes devices) {
        this.ctx = ctx;
        this.devices = devices;
    }

    void register(Router r) {
        r.post("/api/v1/devices/import", Role.TECHNICIAN, Set.of("dry_run", "mode"), this::importCsv);
        Set<String> exportParams = new java.util.HashSet<>(DeviceRoutes.FILTERS);
        exportParams.add("format");
        exportParams.add("separator");
        r.get("/api/v1/export", Role.VIEWER, exportParams, this::export);
    }

    /** The report as the API shows it: CSV terms (row, column). */
    record ReportView(boolean dryRun, boolean applied, int rows, int devicesCreated, int devicesUpdated, int lines, int handsets,
                      List<RowError> errors, List<ImportReport.Allocation> allocated, List<ImportReport.DeviceOutcome> devices) {
        static ReportView of(ImportReport r) {
            return new ReportView(r.dryRun(), r.applied(), r.rows(), r.devicesCreated(), r.devicesUpdated(), r.lines(), r.handsets(),
                    r.errors().stream().map(e -> new RowError(e.row(), e.field(), e.message())).toList(), r.allocated(), r.devices());
        }
    }

    record RowError(int row, String column, String message) {
    }

    private void importCsv(Call c) throws IOException {
        boolean dryRun = Boolean.TRUE.equals(c.boolQuery("dry_run"));
        String modeText = c.query("mode").orElse("create").toLowerCase(Locale.ROOT);
        DeviceImport.Mode mode = switch (modeText) {
            case "create" -> DeviceImport.Mode.CREATE_ONLY;
            case "update" -> DeviceImport.Mode.UPDATE_EXISTING;
            default -> throw HttpStatusException.badRequest("mode '" + modeText + "' must be create (refuse MACs already in the inventory) "
                    + "or update (change them)");
        };
        String csv = c.csvBody();
        ImportReport report = ctx.inventory().importer(c.actor().customerId()).run(new StringReader(csv), mode, dryRun, (plans, write) -> {
            List<Object> before = beforeViews(plans);
            write.run();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("rows", plans.stream().mapToInt(p -> Math.max(1, p.lines().size())).sum());
            after.put("created", plans.stream().filter(p -> p.existing() == null).map(p -> p.mac().colons()).toList());
            after.put("updated", plans.stream().filter(p -> p.existing() != null).map(p -> p.mac().colons()).toList());
            ctx.audit().record(c.actor(), "device.import", "import " + plans.size() + " device(s)", before.isEmpty() ? null : before, after);
        });
        ReportView view = ReportView.of(report);
        if (!dryRun) {
            ctx.metrics().imported("devices", report.rows());
            ctx.events().record(Event.of(EventTypes.IMPORT, report.applied() ? "ok" : "refused", null, null, c.actor().name(),
                    report.rows() + " row(s): " + (report.applied() ? report.devicesCreated() + " created, " + report.devicesUpdated() + " updated"
                            : report.errors().size() + " problem(s), nothing written")));
        }
        if (!report.ok() && !dryRun) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("dry_run", false);
            extra.put("applied", false);
            extra.put("rows", report.rows());
            throw new ProblemException(422, "import-refused", report.errors().size() + " row problem(s); nothing was written",
                    Errors.fieldProblems(report.errors()), extra);
        }
        c.ok(view);
    }

    /** The state of the devices an import updates, as it was (for the audit entry). */
    private List<Object> beforeViews(List<DevicePlan> plans) {
        List<Device> existing = plans.stream().map(DevicePlan::existing).filter(java.util.Objects::nonNull).toList();
        if (existing.isEmpty()) {
            return List.of();
        }
        List<Long> ids = existing.stream().map(Device::id).toList();
        Map<Long, List<Line>> lines = ctx.inventory().search().lines(ids);
        Map<Long, List<Handset>> handsets = ctx.inventory().search().handsets(ids);
        Map<Long, Site> sites = new LinkedHashMap<>();
        for (Site s : ctx.inventory().sites().list()) {
            sites.put(s.id(), s);
        }
        List<Object> out = new ArrayList<>();
        for (Device d : existing) {
            Redirect redirect = d.siteId() == null ? ctx.inventory().redirects().find(d.id()).orElse(null) : null;
            out.add(Views.device(d, Views.SiteRef.of(d.siteId() == null ? null : sites.get(d.siteId())), redirect, lines.getOrDefault(d.id(), List.of()),
                    handsets.getOrDefault(d.id(), List.of()), ext -> List.of(), null));
        }
        return out;
    }

    private void export(Call c) throws IOException {
        String format = c.query("format").orElse("csv").toLowerCase(Locale.ROOT);
        DeviceFilter filter = devices.filter(c);
        if (!format.equals("csv") && !format.equals("json")) {
            throw HttpStatusException.badRequest("format '" + format + "' must be csv or json");
        }
        String separator = c.query("separator").orElse("comma").toLowerCase(Locale.ROOT);
        char delimiter = switch (separator) {
            case "comma" -> ',';
            case "semicolon" -> ';';
            default -> throw HttpStatusException.badRequest("separator '" + separator + "' must be comma or semicolon (for Excel in "
                    + "locales with a decimal comma: French, German, Italian, ...)");
        };
        if (format.equals("json") && c.query("separator").isPresent()) {
            throw HttpStatusException.badRequest("separator applies to format=csv only");
        }
        var ex = c.exchange();
        String stamp = Instant.now().toString().substring(0, 10);
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, format.equals("csv") ? "text/csv; charset=utf-8" : "application/json");
        ex.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"phonehome-devices-" + stamp + "." + format + "\"");
        ex.startBlocking();
        OutputStream out = ex.getOutputStream();
        if (format.equals("csv")) {
            try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                new DeviceExport(ctx.inventory().search(), ctx.inventory().dectBaseLinks()).csv(filter, w, delimiter);
            }
            return;
        }
        try (JsonGenerator g = AdminJson.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            IOException[] failed = {null};
            ctx.inventory().search().forEach(filter, chunk -> {
                List<Long> ids = chunk.stream().map(r -> r.device().id()).toList();
                Map<Long, List<Line>> lines = ctx.inventory().search().lines(ids);
                Map<Long, List<Handset>> handsets = ctx.inventory().search().handsets(ids);
                Map<Long, io.phonehome.inventory.Mac> managers = ctx.inventory().dectBaseLinks().managersOf(ids);
                for (DeviceSearch.Row r : chunk) {
                    Device d = r.device();
                    Redirect redirect = r.redirectUrl() == null ? null : new Redirect(r.redirectUrl(), r.redirectUsername(), null);
                    Views.SiteRef site = d.siteId() == null ? null : new Views.SiteRef(d.siteId(), r.siteName());
                    Views.DeviceView v = Views.device(d, site, redirect, lines.getOrDefault(d.id(), List.of()),
                            handsets.getOrDefault(d.id(), List.of()), ext -> List.of(), ctx.inventory().models()).withDect(managers.get(d.id()), List.of());
                    try {
                        // An export is documentation: never a secret in it, whoever asks.
                        AdminJson.MAPPER.writeTree(g, Secrets.masked(v));
                    } catch (IOException e) {
                        failed[0] = e;
                        return;
                    }
                }
            });
            if (failed[0] != null) {
                throw failed[0];
            }
            g.writeEndArray();
        }
    }
}
