package io.phonehome.console;

import io.phonehome.inventory.CsvTable;
import io.phonehome.inventory.DeviceImport;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.ImportReport;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Device import: paste a CSV (or pick a file, which the page's script reads into the same box),
 * see the dry run row by row with each problem on its cell, fix, apply. The inventory's own
 * importer does both (the API's {@code POST /api/v1/devices/import}, same rules, same report,
 * comma or semicolon); the apply is audited under the person in the import's transaction.
 */
final class ImportPage {
    /** Rows shown under the report; the report's counts cover every row. */
    static final int SHOWN_ROWS = 500;
    private final Console c;

    ImportPage(Console c) {
        this.c = c;
    }

    void handle(Req r, List<String> seg) {
        Console.require(r, Access.TECHNICIAN);
        if (seg.size() != 1) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        Map<String, Object> m = c.model(r, "import");
        m.put("csv", "");
        m.put("mode", "create");
        if (r.post()) {
            String csv = r.raw("csv") == null ? "" : r.raw("csv");
            boolean apply = "apply".equals(r.field("step"));
            DeviceImport.Mode mode = "update".equals(r.field("mode")) ? DeviceImport.Mode.UPDATE_EXISTING : DeviceImport.Mode.CREATE_ONLY;
            m.put("csv", csv);
            m.put("mode", mode == DeviceImport.Mode.UPDATE_EXISTING ? "update" : "create");
            ImportReport report;
            try {
                report = c.d.inventory().importer().run(new StringReader(csv), mode, !apply, (plans, write) -> {
                    write.run();
                    c.d.gate().audit(r.person(), "device.import", "import " + plans.size() + " device(s)", null, Map.of("created",
                            plans.stream().filter(p -> p.existing() == null).map(p -> p.mac().colons()).toList(), "updated",
                            plans.stream().filter(p -> p.existing() != null).map(p -> p.mac().colons()).toList(), "by", "console"));
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            m.put("report", Map.of("ok", report.ok(), "applied", report.applied(), "dryRun", report.dryRun(), "rows", report.rows(),
                    "created", report.devicesCreated(), "updated", report.devicesUpdated(), "lines", report.lines(), "problems", report.errors().size()));
            m.put("errors", report.errors().stream().map(e -> Map.of("row", e.row(), "field", e.field() == null ? "" : e.field(), "message",
                    e.message())).toList());
            table(csv, report.errors(), m);
            if (report.applied()) {
                m.put("csv", "");
            }
        }
        Console.html(r.ex, r.post() && m.get("report") instanceof Map<?, ?> rep && !Boolean.TRUE.equals(rep.get("ok")) ? 422 : 200,
                c.pages.render("import.ftlh", m));
    }

    /** The CSV as a table, each cell marked when the report names its row and column, each row when it names only the row. */
    private static void table(String csv, List<FieldError> errors, Map<String, Object> m) {
        Map<Integer, Map<String, String>> byCell = new HashMap<>();
        for (FieldError e : errors) {
            byCell.computeIfAbsent(e.row(), k -> new HashMap<>()).merge(e.field() == null ? "" : e.field(), e.message(), (a, b) -> a + "; " + b);
        }
        CsvTable table;
        try {
            table = CsvTable.parse(new StringReader(csv), DeviceImport.COLUMNS, java.util.Set.of(), DeviceImport.MAX_ROWS, new ArrayList<>());
        } catch (IOException | RuntimeException e) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            if (rows.size() >= SHOWN_ROWS) {
                break;
            }
            Map<String, String> problems = byCell.getOrDefault(row.number(), Map.of());
            List<Map<String, String>> cells = new ArrayList<>();
            for (String col : table.columns()) {
                String p = problems.get(col);
                cells.add(Map.of("value", row.get(col), "problem", p == null ? "" : p));
            }
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("number", row.number());
            rm.put("cells", cells);
            rm.put("bad", !problems.isEmpty());
            StringBuilder rowOnly = new StringBuilder();
            problems.forEach((col, msg) -> {
                if (!table.columns().contains(col)) {
                    rowOnly.append(rowOnly.length() == 0 ? "" : "; ").append(col.isEmpty() ? "" : col + ": ").append(msg);
                }
            });
            rm.put("rowProblem", rowOnly.toString());
            rows.add(rm);
        }
        m.put("columns", table.columns());
        m.put("rows", rows);
    }
}
