package io.phonehome.console;

import io.phonehome.inventory.CsvTable;
import io.phonehome.inventory.FieldError;
import io.phonehome.keys.KeyImport;
import io.phonehome.keys.KeyPlans;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.settings.SettingsImport;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings and programmable-keys import, the same page as the device import: paste (or read a
 * file into) a CSV, see the dry run with each refused cell highlighted, apply. The capabilities'
 * own importers do the work, exactly as for the admin API's {@code POST /api/v1/settings/import}
 * and {@code POST /api/v1/keys/import}: same columns, comma or semicolon, all or nothing; an
 * apply is audited under the person with the API's action names ({@code setting.import},
 * {@code keys.import}). Setting values are never echoed back beyond the CSV the person typed.
 */
final class DataImportPage {
    /** The two kinds: their page name, columns for the table, and the CSV example shown. */
    enum Kind {
        SETTINGS("import-settings", Set.of("scope", "target", "name", "value")),
        KEYS("import-keys", Set.of("profile", "mac", "module", "position", "type", "value", "label", "line"));

        final String page;
        final Set<String> columns;

        Kind(String page, Set<String> columns) {
            this.page = page;
            this.columns = columns;
        }
    }

    private final Console c;
    private volatile LayeredSettings settings;
    private volatile KeyPlans keys;

    DataImportPage(Console c) {
        this.c = c;
    }

    void use(LayeredSettings settings, KeyPlans keys) {
        this.settings = settings;
        this.keys = keys;
    }

    void handle(Req r, List<String> seg, Kind kind) {
        Console.require(r, Access.TECHNICIAN);
        if (seg.size() != 1) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        if ((kind == Kind.SETTINGS ? settings : keys) == null) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        Map<String, Object> m = c.model(r, "import");
        m.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        m.put("action", "/" + kind.page);
        m.put("csv", "");
        if (r.post()) {
            String csv = r.raw("csv") == null ? "" : r.raw("csv");
            boolean apply = "apply".equals(r.field("step"));
            m.put("csv", csv);
            int rows;
            boolean applied;
            List<FieldError> errors;
            String summary;
            try {
                if (kind == Kind.SETTINGS) {
                    SettingsImport.Report rep = new SettingsImport(settings).run(new StringReader(csv), !apply);
                    rows = rep.rows();
                    applied = rep.applied();
                    errors = rep.errors();
                    summary = String.valueOf(rep.values().size());
                    if (applied) {
                        c.d.gate().audit(r.person(), "setting.import", "import " + rep.values().size() + " setting(s)", null, Map.of("values",
                                rep.values().stream().map(v -> v.scope().display() + " " + v.name()).toList(), "by", "console"));
                    }
                } else {
                    KeyImport.Report rep = keys.importCsv(new StringReader(csv), !apply);
                    rows = rep.rows();
                    applied = rep.applied();
                    errors = rep.errors();
                    summary = (rep.profiles().size() + rep.devices().size()) + "";
                    if (applied) {
                        c.d.gate().audit(r.person(), "keys.import", "import " + rep.rows() + " key(s)", null, Map.of("profiles", rep.profiles(),
                                "devices", rep.devices(), "by", "console"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean ok = errors.isEmpty();
            m.put("report", Map.of("ok", ok, "applied", applied, "rows", rows, "problems", errors.size(), "summary", summary));
            table(csv, kind, errors, m);
            if (applied) {
                m.put("csv", "");
            }
            Console.html(r.ex, ok ? 200 : 422, c.pages.render("data-import.ftlh", m));
            return;
        }
        Console.html(r.ex, 200, c.pages.render("data-import.ftlh", m));
    }

    /** The CSV as a table with each refused cell (or row) marked, as on the device import. */
    static void table(String csv, Kind kind, List<FieldError> errors, Map<String, Object> m) {
        Map<Integer, Map<String, String>> byCell = new HashMap<>();
        List<String> general = new ArrayList<>();
        for (FieldError e : errors) {
            if (e.row() <= 0) {
                general.add((e.field() == null || e.field().isEmpty() ? "" : e.field() + ": ") + e.message());
            } else {
                byCell.computeIfAbsent(e.row(), k -> new HashMap<>()).merge(e.field() == null ? "" : e.field(), e.message(), (a, b) -> a + "; " + b);
            }
        }
        m.put("general", general);
        CsvTable table;
        try {
            table = CsvTable.parse(new StringReader(csv), kind.columns, Set.of(), 20_000, new ArrayList<>());
        } catch (IOException | RuntimeException e) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            if (rows.size() >= ImportPage.SHOWN_ROWS) {
                break;
            }
            Map<String, String> problems = byCell.getOrDefault(row.number(), Map.of());
            List<Map<String, String>> cells = new ArrayList<>();
            for (String col : table.columns()) {
                String p = problems.get(col);
                cells.add(Map.of("value", row.get(col), "problem", p == null ? "" : p));
            }
            StringBuilder rowOnly = new StringBuilder();
            problems.forEach((col, msg) -> {
                if (!table.columns().contains(col)) {
                    rowOnly.append(rowOnly.length() == 0 ? "" : "; ").append(col.isEmpty() ? "" : col + ": ").append(msg);
                }
            });
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("number", row.number());
            rm.put("cells", cells);
            rm.put("bad", !problems.isEmpty());
            rm.put("rowProblem", rowOnly.toString());
            rows.add(rm);
        }
        m.put("columns", table.columns());
        m.put("rows", rows);
    }
}
