package io.phonehome.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet overview: phones per site and per model (seen within a day, seen before, never seen),
 * the firmware each model reports against its target, and the day's failures (authentication
 * failures, render errors, unknown MACs) from the event log. Charts are laid out here
 * ({@link BarChart}) and drawn as inline SVG by the template; every figure comes from one
 * aggregate query of {@link FleetStatsRepository}, so the page costs the same at 10,000 devices as at ten.
 */
final class OverviewPage {
    /** Bars drawn per chart; the rest are summed into one "others" bar (the tables and the fleet page have them all). */
    static final int MAX_BARS = 12;
    private final Console c;

    OverviewPage(Console c) {
        this.c = c;
    }

    void handle(Req r, List<String> seg) {
        if (seg.size() != 1 || r.post()) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        Instant now = Instant.now();
        Instant since = now.minus(Duration.ofHours(24));
        FleetStatsRepository stats = new FleetStatsRepository(c.d.inventory().jdbc());
        Map<String, Object> m = c.model(r, "overview");
        FleetStatsRepository.Seen total = stats.total(since);
        m.put("total", Map.of("all", total.total(), "recent", total.recent(), "older", total.older(), "never", total.never()));

        List<BarChart.Row> siteRows = new ArrayList<>();
        FleetStatsRepository.Seen others = new FleetStatsRepository.Seen(0, 0, 0);
        int n = 0;
        List<FleetStatsRepository.Group> sites = stats.bySite(since);
        for (FleetStatsRepository.Group g : sites) {
            if (n++ < MAX_BARS) {
                siteRows.add(new BarChart.Row(g.name() == null ? r.t.get("overview.noSite") : g.name(),
                        g.id() == null ? null : "/fleet?site=" + g.id(), parts(r, g.seen())));
            } else {
                others = new FleetStatsRepository.Seen(others.recent() + g.seen().recent(), others.older() + g.seen().older(), others.never() + g.seen().never());
            }
        }
        if (n > MAX_BARS) {
            siteRows.add(new BarChart.Row(r.t.get("overview.others").replace("{0}", String.valueOf(n - MAX_BARS)), "/sites", parts(r, others)));
        }
        m.put("siteChart", BarChart.of(r.t.get("overview.perSite"), siteRows));

        List<BarChart.Row> modelRows = new ArrayList<>();
        for (FleetStatsRepository.Group g : stats.byModel(since)) {
            String model = g.name().substring(g.name().indexOf(' ') + 1);
            modelRows.add(new BarChart.Row(g.name(), "/fleet?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8), parts(r, g.seen())));
        }
        m.put("modelChart", BarChart.of(r.t.get("overview.perModel"), modelRows));

        List<BarChart.Row> fwRows = new ArrayList<>();
        List<Map<String, Object>> fwTable = new ArrayList<>();
        for (FleetStatsRepository.Versions v : stats.firmware()) {
            long other = v.total() - v.onTarget() - v.unreported();
            String label = v.vendor() + " " + v.model();
            List<BarChart.Part> parts = v.target() == null
                    ? List.of(new BarChart.Part("seg-info", other, r.t.get("overview.noTarget")),
                            new BarChart.Part("seg-none", v.unreported(), r.t.get("overview.unreported")))
                    : List.of(new BarChart.Part("seg-ok", v.onTarget(), r.t.get("overview.onTarget")),
                            new BarChart.Part("seg-warn", other, r.t.get("overview.offTarget")),
                            new BarChart.Part("seg-none", v.unreported(), r.t.get("overview.unreported")));
            fwRows.add(new BarChart.Row(label, "/fleet?model=" + URLEncoder.encode(v.model(), StandardCharsets.UTF_8), parts));
            List<Map<String, Object>> versions = new ArrayList<>();
            v.versions().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("version", e.getKey());
                x.put("count", e.getValue());
                x.put("target", e.getKey().equals(v.target()));
                versions.add(x);
            });
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", label);
            row.put("target", v.target() == null ? "" : v.target());
            row.put("versions", versions);
            fwTable.add(row);
        }
        m.put("firmwareChart", BarChart.of(r.t.get("overview.firmware"), fwRows));
        m.put("firmware", fwTable);

        Map<String, Long> counts = stats.failureCounts(since);
        List<BarChart.Row> failRows = new ArrayList<>();
        for (String type : FleetStatsRepository.FAILURES) {
            failRows.add(new BarChart.Row(r.t.get("overview.failure." + type), null,
                    List.of(new BarChart.Part("seg-bad", counts.getOrDefault(type, 0L), r.t.get("overview.failure." + type)))));
        }
        m.put("failureChart", BarChart.of(r.t.get("overview.failures"), failRows));
        m.put("failureTotal", counts.values().stream().mapToLong(Long::longValue).sum());
        List<Map<String, Object>> recent = new ArrayList<>();
        for (FleetStatsRepository.Failure f : stats.recentFailures(since, 10)) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("when", Ago.of(f.at(), now, r.t));
            x.put("at", f.at().toString());
            x.put("type", r.t.get("overview.failure." + f.type()));
            x.put("mac", f.mac() == null ? "" : f.mac());
            x.put("source", f.source() == null ? "" : f.source());
            x.put("detail", f.detail() == null ? "" : f.detail());
            recent.add(x);
        }
        m.put("recent", recent);
        Console.html(r.ex, 200, c.pages.render("overview.ftlh", m));
    }

    private static List<BarChart.Part> parts(Req r, FleetStatsRepository.Seen s) {
        return List.of(new BarChart.Part("seg-ok", s.recent(), r.t.get("overview.recent")),
                new BarChart.Part("seg-warn", s.older(), r.t.get("overview.older")),
                new BarChart.Part("seg-none", s.never(), r.t.get("overview.never")));
    }
}
