package io.phonehome.console;

import io.phonehome.actions.ActionJob;
import io.phonehome.actions.ActionTarget;
import io.phonehome.actions.NotifyKind;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceFilter;
import io.phonehome.inventory.DeviceSearch;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fleet table: the inventory's own search ({@link DeviceSearch}: filters in SQL, the count and
 * one page of rows, the page's lines in one more query), so 10,000 devices cost one page of work;
 * sortable columns, filters by site, vendor, model, firmware, last seen, never seen, redirected,
 * and free text (MAC in any spelling, serial, extension, name). Selected rows get a re-sync or a
 * reboot through the API's {@code ActionRunner}, paced like the API's, audited under the person.
 */
final class FleetPage {
    static final int PAGE_SIZE = 50;
    /** The last-seen filter's choices: within a time, or not for a time. */
    static final Map<String, Duration> SEEN = Map.of("24h", Duration.ofHours(24), "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));
    private final Console c;

    FleetPage(Console c) {
        this.c = c;
    }

    void handle(Req r, List<String> seg) {
        if (seg.size() == 1 && !r.post()) {
            page(r);
        } else if (seg.size() == 2 && seg.get(1).equals("actions") && r.post()) {
            act(r);
        } else {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
    }

    /** The filters of the query string, as the inventory's search takes them. */
    static DeviceFilter filter(Req r, Instant now) {
        Long site = null;
        if (r.query("site") != null) {
            try {
                site = Long.parseLong(r.query("site"));
            } catch (NumberFormatException e) {
                throw new ConsoleException(400, "site must be a number");
            }
        }
        Instant seenAfter = null;
        Instant seenBefore = null;
        String seen = r.query("seen");
        if (seen != null) {
            boolean not = seen.startsWith("not");
            Duration span = SEEN.get(not ? seen.substring(3) : seen);
            if (span == null) {
                throw new ConsoleException(400, "seen must be one of 24h, 7d, 30d, not24h, not7d, not30d");
            }
            if (not) {
                seenBefore = now.minus(span);
            } else {
                seenAfter = now.minus(span);
            }
        }
        Boolean never = "1".equals(r.query("never")) ? Boolean.TRUE : null;
        Boolean redirected = r.query("redirected") == null ? null : r.query("redirected").equals("yes");
        String text = r.query("q");
        if (text != null) {
            // A whole MAC in any spelling (dashes, colons, dots, spaces) is searched as its 12 hex digits.
            String compact = text.replace(" ", "");
            text = Mac.tryParse(compact).map(Mac::hex).orElse(text);
        }
        return new DeviceFilter(site, r.query("vendor"), r.query("model"), r.query("firmware"), seenBefore, seenAfter, never, text, redirected);
    }

    private void page(Req r) {
        Instant now = Instant.now();
        DeviceFilter f = filter(r, now);
        DeviceSearch.Sort sort = DeviceSearch.Sort.MAC;
        if (r.query("sort") != null) {
            try {
                sort = DeviceSearch.Sort.valueOf(r.query("sort").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConsoleException(400, "cannot sort by " + r.query("sort"));
            }
        }
        boolean desc = "desc".equals(r.query("dir"));
        int pageNo = 1;
        try {
            pageNo = r.query("page") == null ? 1 : Math.max(1, Integer.parseInt(r.query("page")));
        } catch (NumberFormatException e) {
            throw new ConsoleException(400, "page must be a number");
        }
        DeviceSearch.Page page = c.d.inventory().search().page(f, sort, desc, (pageNo - 1) * PAGE_SIZE, PAGE_SIZE);
        Map<Long, List<Line>> lines = c.d.inventory().search().lines(page.rows().stream().map(x -> x.device().id()).toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DeviceSearch.Row row : page.rows()) {
            Device d = row.device();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mac", d.mac().colons());
            m.put("vendor", d.vendor());
            m.put("model", d.model());
            m.put("serial", nz(d.serial()));
            m.put("site", row.siteName() == null ? "" : row.siteName());
            m.put("firmware", nz(d.reportedFirmware()));
            m.put("lastSeen", d.lastSeen() == null ? "" : Ago.of(d.lastSeen(), now, r.t));
            m.put("lastSeenIso", d.lastSeen() == null ? "" : d.lastSeen().toString());
            m.put("redirected", row.redirectUrl() != null);
            m.put("extensions", String.join(", ", lines.getOrDefault(d.id(), List.of()).stream().map(Line::extension).toList()));
            m.put("names", String.join(", ", lines.getOrDefault(d.id(), List.of()).stream().map(l -> nz(l.displayName())).filter(s -> !s.isEmpty())
                    .toList()));
            rows.add(m);
        }
        Map<String, Object> m = c.model(r, "fleet");
        m.put("rows", rows);
        m.put("total", page.total());
        m.put("pageNo", pageNo);
        long pages = Math.max(1, (page.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        m.put("pages", pages);
        m.put("from", page.total() == 0 ? 0 : (pageNo - 1) * PAGE_SIZE + 1);
        m.put("to", (pageNo - 1) * PAGE_SIZE + rows.size());
        m.put("sort", sort.name().toLowerCase(Locale.ROOT));
        m.put("dir", desc ? "desc" : "asc");
        Map<String, String> q = new LinkedHashMap<>();
        for (String k : List.of("q", "site", "vendor", "model", "firmware", "seen", "never", "redirected")) {
            q.put(k, r.query(k) == null ? "" : r.query(k));
        }
        m.put("q", q);
        m.put("filterQuery", query(q));
        m.put("sorts", List.of("mac", "vendor", "model", "site", "firmware", "last_seen", "serial"));
        m.put("sites", c.d.inventory().sites().list().stream().map(s -> Map.of("id", String.valueOf(s.id()), "name", s.name())).toList());
        Set<String> vendors = new TreeSet<>();
        Set<String> models = new TreeSet<>();
        for (ModelInfo mi : c.d.inventory().models().all()) {
            vendors.add(mi.vendor());
            models.add(mi.model());
        }
        m.put("vendors", List.copyOf(vendors));
        m.put("models", List.copyOf(models));
        Console.html(r.ex, 200, c.pages.render("fleet.ftlh", m));
    }

    /** The query string of these filters (for sort links and paging). */
    static String query(Map<String, String> q) {
        StringBuilder s = new StringBuilder();
        q.forEach((k, v) -> {
            if (!v.isEmpty()) {
                s.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return s.toString();
    }

    private void act(Req r) {
        Console.require(r, Access.TECHNICIAN);
        String kindText = r.field("kind");
        if ("site".equals(kindText) || "target".equals(kindText)) {
            bulk(r, kindText);
            return;
        }
        NotifyKind kind = "reboot".equals(kindText) ? NotifyKind.REBOOT : "resync".equals(kindText) ? NotifyKind.RESYNC : null;
        if (kind == null) {
            throw new ConsoleException(400, "kind must be resync or reboot");
        }
        Set<Mac> macs = selected(r);
        String back = Console.safeBack(r.field("back"));
        if (macs.isEmpty()) {
            return;
        }
        List<ActionTarget> targets = new ArrayList<>();
        for (Mac mac : macs) {
            Device d = c.d.inventory().devices().findByMac(mac).orElseThrow(() -> new ConsoleException(404, mac.colons() + ": " + r.t.get("error.notFound")));
            targets.add(new ActionTarget(d.mac(), d.siteId()));
        }
        String what = kind.name().toLowerCase(Locale.ROOT);
        ActionJob job = c.d.actions().start(kind, targets, r.person().name(), targets.size() + " selected device(s) (console)");
        c.d.gate().audit(r.person(), "action." + what, "action " + job.id(), null, Map.of("devices", targets.size(), "selection", "console"));
        r.session.flash(Map.of("kind", "ok", "text", r.t.get("fleet.started").replace("{0}", r.t.get("action." + what))
                .replace("{1}", String.valueOf(targets.size())).replace("{2}", String.valueOf(job.id()))));
        Console.redirect(r.ex, back);
    }

    /** Assign to a site or set a firmware target: {@link FleetBulk}, all or nothing. */
    private void bulk(Req r, String kind) {
        Set<Mac> macs = selected(r);
        if (!macs.isEmpty()) {
            new FleetBulk(c).handle(r, kind, macs, Console.safeBack(r.field("back")));
        }
    }

    /**
     * The MACs ticked in the fleet's multi-select (400 for one that is not a MAC); none ticked
     * answers the request itself (back to the fleet with a warning) and returns an empty set.
     */
    private static Set<Mac> selected(Req r) {
        Set<Mac> macs = new LinkedHashSet<>();
        for (String s : r.fields("mac")) {
            macs.add(Mac.tryParse(s).orElseThrow(() -> new ConsoleException(400, "not a MAC: " + s)));
        }
        if (macs.isEmpty()) {
            r.session.flash(Map.of("kind", "warn", "text", r.t.get("fleet.noneSelected")));
            Console.redirect(r.ex, Console.safeBack(r.field("back")));
        }
        return macs;
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

}
