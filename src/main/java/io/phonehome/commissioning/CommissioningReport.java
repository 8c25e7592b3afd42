package io.phonehome.commissioning;

import io.phonehome.inventory.DeviceExport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's commissioning report, for the installer's handover documentation: the run (site, list,
 * who started it, when it began and ended, its state), every line called (extension, display
 * name, note, device MAC and model, result, the contact and user agent called, when the call was
 * placed, answered, confirmed and ended) and how many lines ended with each result. As JSON (a
 * document for the admin API to write) or as CSV like the inventory export: UTF-8 with a BOM (so
 * Excel reads the accents of display names), CRLF, comma or, for Excel in French, German and
 * Italian locales, semicolon; cells a spreadsheet would read as a formula defused.
 */
public final class CommissioningReport {
    static final List<String> LINE_COLUMNS = List.of("extension", "display_name", "note", "mac", "model", "result", "detail", "contact",
            "user_agent", "placed_at", "answered_at", "confirmed_at", "ended_at");

    private CommissioningReport() {
    }

    /** How many lines ended with each result, every result named (0 included), in the enum's order. */
    public static Map<String, Integer> summary(Run run) {
        Map<LineResult, Integer> counts = new EnumMap<>(LineResult.class);
        for (LineResult r : LineResult.values()) {
            counts.put(r, 0);
        }
        run.lines().forEach(l -> counts.merge(l.result(), 1, Integer::sum));
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k.label(), v));
        return out;
    }

    /** The run as a JSON document (maps and lists, snake_case names). */
    public static Map<String, Object> json(Run run, boolean withLines) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.id());
        m.put("site_id", run.siteId());
        m.put("site", run.siteName());
        m.put("source", run.source());
        m.put("requested_by", run.requestedBy());
        m.put("state", run.state().label());
        m.put("started_at", time(run.createdAt()));
        m.put("finished_at", time(run.finishedAt()));
        int total = run.lines().size();
        long pending = run.lines().stream().filter(l -> l.result() == LineResult.PENDING).count();
        m.put("total", total);
        m.put("called", total - pending - run.lines().stream().filter(l -> l.result() == LineResult.CANCELLED).count());
        m.put("pending", pending);
        m.put("summary", summary(run));
        if (withLines) {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (RunLine l : run.lines()) {
                Map<String, Object> j = new LinkedHashMap<>();
                List<String> cells = cells(l);
                for (int i = 0; i < LINE_COLUMNS.size(); i++) {
                    j.put(LINE_COLUMNS.get(i), cells.get(i).isEmpty() ? null : cells.get(i));
                }
                lines.add(j);
            }
            m.put("lines", lines);
        }
        return m;
    }

    /** The report as CSV: the run, a blank row, the lines, a blank row, the count per result. */
    public static String csv(Run run, char delimiter) {
        if (delimiter != ',' && delimiter != ';') {
            throw new IllegalArgumentException("delimiter must be ',' or ';'");
        }
        StringBuilder sb = new StringBuilder("\uFEFF");
        row(sb, delimiter, List.of("site", "run", "source", "requested_by", "state", "started_at", "finished_at"));
        row(sb, delimiter, List.of(nz(run.siteName()), Long.toString(run.id()), run.source(), run.requestedBy(), run.state().label(),
                time(run.createdAt()), time(run.finishedAt())));
        sb.append("\r\n");
        row(sb, delimiter, LINE_COLUMNS);
        for (RunLine l : run.lines()) {
            row(sb, delimiter, cells(l));
        }
        sb.append("\r\n");
        row(sb, delimiter, List.of("result", "lines"));
        summary(run).forEach((k, v) -> row(sb, delimiter, List.of(k, Integer.toString(v))));
        return sb.toString();
    }

    private static List<String> cells(RunLine l) {
        return List.of(l.extension(), nz(l.displayName()), nz(l.note()), nz(l.mac()), nz(l.model()), l.result().label(), nz(l.detail()),
                nz(l.contact()), nz(l.userAgent()), time(l.placedAt()), time(l.answeredAt()), time(l.confirmedAt()), time(l.endedAt()));
    }

    private static void row(StringBuilder sb, char delimiter, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(delimiter);
            }
            String v = DeviceExport.defuse(cells.get(i));
            if (v.indexOf(delimiter) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        sb.append("\r\n");
    }

    private static String time(Instant t) {
        return t == null ? "" : t.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
