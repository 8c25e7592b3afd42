package io.phonehome.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admins' audit log: newest first, {@value #PAGE} entries a page, paged backwards by id (so a
 * page does not shift as new entries arrive), filtered by actor, action (a prefix when it ends in
 * '.') and UTC dates. The entries are the API's own (its masking of secrets included), read
 * through {@link AdminGate}.
 */
final class AuditPage {
    static final int PAGE = 50;
    private final Console c;

    AuditPage(Console c) {
        this.c = c;
    }

    void handle(Req r, List<String> seg) {
        Console.require(r, Access.ADMIN);
        if (seg.size() != 1 || r.post()) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        Instant since = date(r, "since", 0);
        Instant until = date(r, "until", 1);
        Long before = null;
        if (r.query("before") != null) {
            try {
                before = Long.parseLong(r.query("before"));
            } catch (NumberFormatException e) {
                throw new ConsoleException(400, "before must be a number");
            }
        }
        // one more than a page, to know whether an older page exists
        List<AdminGate.AuditRow> found = c.d.gate().auditLog(r.query("actor"), r.query("action"), since, until, before, PAGE + 1);
        boolean older = found.size() > PAGE;
        List<AdminGate.AuditRow> page = older ? found.subList(0, PAGE) : found;
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AdminGate.AuditRow a : page) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", Ago.of(a.at(), now, r.t));
            m.put("atIso", a.at().toString());
            m.put("actor", a.actor());
            m.put("role", FleetPage.nz(a.role()));
            m.put("source", FleetPage.nz(a.source()));
            m.put("action", a.action());
            m.put("target", FleetPage.nz(a.target()));
            m.put("before", shorten(a.before()));
            m.put("after", shorten(a.after()));
            rows.add(m);
        }
        Map<String, Object> m = c.model(r, "audit");
        m.put("entries", rows);
        Map<String, String> q = new LinkedHashMap<>();
        for (String k : List.of("actor", "action", "since", "until")) {
            q.put(k, r.query(k) == null ? "" : r.query(k));
        }
        m.put("q", q);
        m.put("filterQuery", FleetPage.query(q));
        m.put("olderThan", older ? String.valueOf(page.get(page.size() - 1).id()) : "");
        m.put("paged", before != null);
        Console.html(r.ex, 200, c.pages.render("audit.ftlh", m));
    }

    /** A {@code yyyy-mm-dd} filter as the start of that UTC day (plus {@code days}). */
    private static Instant date(Req r, String name, int days) {
        String s = r.query(name);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s).plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConsoleException(400, name + " must be a date such as 2026-12-04");
        }
    }

    private static String shorten(String json) {
        if (json == null) {
            return "";
        }
        return json.length() > 400 ? json.substring(0, 397) + "..." : json;
    }
}
