package io.phonehome.console;

import io.phonehome.actions.ActionTarget;
import io.phonehome.actions.NotifyKind;
import io.phonehome.actions.NotifyResult;
import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.firmware.FirmwareTargets;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Handset;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ServedFile;
import io.phonehome.inventory.Site;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.PhoneAnswer;
import io.phonehome.sip.location.Binding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One device: identity, site, lines and handsets, registrations, reported vs target firmware,
 * its files (technicians: a preview of what it gets next, highlighted, and the diff from what it
 * last fetched, both from the phone listener's resolver through {@code phones.DeviceFilePreview},
 * so a preview is what the phone gets), its events (refreshed by htmx while the page is open),
 * and re-sync / reboot with their outcome.
 */
final class DevicePage {
    private static final int EVENTS = 25;
    private final Console c;

    DevicePage(Console c) {
        this.c = c;
    }

    void handle(Req r, List<String> seg) {
        if (seg.size() < 2) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        Device d = find(r, seg.get(1));
        if (seg.size() == 2 && !r.post()) {
            page(r, d);
        } else if (seg.size() == 3 && seg.get(2).equals("events") && !r.post()) {
            Map<String, Object> m = c.model(r, "device");
            m.put("events", events(d, r));
            Console.html(r.ex, 200, c.pages.render("device-events.ftlh", m));
        } else if (seg.size() == 4 && seg.get(2).equals("files") && !r.post()) {
            file(r, d, seg.get(3));
        } else if (seg.size() == 4 && seg.get(2).equals("actions") && r.post()) {
            act(r, d, seg.get(3));
        } else {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
    }

    private Device find(Req r, String macText) {
        Mac mac = Mac.tryParse(macText).orElseThrow(() -> new ConsoleException(404, r.t.get("error.notFound")));
        return c.d.inventory().devices().findByMac(mac).orElseThrow(() -> new ConsoleException(404, mac.colons() + ": " + r.t.get("error.notFound")));
    }

    private void page(Req r, Device d) {
        boolean secrets = r.person().access().seesSecrets();
        Site site = d.siteId() == null ? null : c.d.inventory().sites().findById(d.siteId()).orElse(null);
        Map<String, Object> m = c.model(r, "device");
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("mac", d.mac().colons());
        id.put("vendor", d.vendor());
        id.put("model", d.model());
        id.put("serial", FleetPage.nz(d.serial()));
        id.put("reportedModel", FleetPage.nz(d.reportedModel()));
        id.put("lastSeen", d.lastSeen() == null ? "" : d.lastSeen().toString());
        id.put("lastAddress", FleetPage.nz(d.lastAddress()));
        id.put("site", site == null ? "" : site.name());
        id.put("redirect", c.d.inventory().redirects().find(d.id()).map(x -> x.url()).orElse(""));
        m.put("device", id);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Line l : c.d.inventory().lines().byDevice(d.id())) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("position", l.position());
            lm.put("extension", l.extension());
            lm.put("name", FleetPage.nz(l.displayName()));
            lm.put("label", FleetPage.nz(l.label()));
            lm.put("authUser", FleetPage.nz(l.authUser()));
            // a viewer's page never carries the password, not even hidden: it is left out of the model
            lm.put("password", secrets ? FleetPage.nz(l.password()) : "");
            lm.put("transport", String.valueOf(l.transport()).toLowerCase(Locale.ROOT));
            lines.add(lm);
        }
        m.put("lines", lines);
        List<Map<String, Object>> handsets = new ArrayList<>();
        for (Handset h : c.d.inventory().handsets().byDevice(d.id())) {
            handsets.add(Map.of("index", h.index(), "name", FleetPage.nz(h.name()), "ipui", FleetPage.nz(h.ipui()), "lines",
                    String.valueOf(h.linePositions())));
        }
        m.put("handsets", handsets);
        List<Map<String, Object>> regs = new ArrayList<>();
        for (Binding b : c.d.registrations().everywhereForDevice(d.id())) {
            regs.add(Map.of("extension", b.extension(), "contact", b.contact(), "transport", FleetPage.nz(b.transport()), "userAgent",
                    FleetPage.nz(b.userAgent()), "expires", b.expires() == null ? "" : b.expires().toString(), "source", FleetPage.nz(b.source()),
                    "node", FleetPage.nz(b.node())));
        }
        m.put("registrations", regs);
        Optional<FirmwareTargets.Effective> target = site == null ? Optional.empty() : c.d.firmware().targets().effective(d, site);
        m.put("firmware", Map.of("reported", FleetPage.nz(d.reportedFirmware()), "target", target.map(FirmwareTargets.Effective::version).orElse(""),
                "scope", target.map(t -> String.valueOf(t.scope()).toLowerCase(Locale.ROOT)).orElse("")));
        m.put("files", secrets ? fileNames(d) : List.of());
        m.put("events", events(d, r));
        Console.html(r.ex, 200, c.pages.render("device.ftlh", m));
    }

    /** The device's per-MAC files: what its plug-in says its phones ask for, plus any it was served. */
    private List<String> fileNames(Device d) {
        Set<String> names = new LinkedHashSet<>(c.d.configFiles().vendors().plugin(d.vendor()).map(p -> p.deviceFiles(d.mac(), d.model()))
                .orElse(List.of()));
        for (ServedFile s : c.d.inventory().servedFiles().byDevice(d.mac())) {
            names.add(s.fileName());
        }
        return new ArrayList<>(names);
    }

    private List<Map<String, Object>> events(Device d, Req r) {
        Instant now = Instant.now();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Event e : c.d.events().query(new EventQuery(d.mac().hex(), null, null, null, null, null, EVENTS))) {
            out.add(Map.of("at", e.at().toString(), "ago", Ago.of(e.at(), now, r.t), "type", e.type(), "outcome", FleetPage.nz(e.outcome()),
                    "detail", r.person().access().seesSecrets() ? FleetPage.nz(e.detail()) : FleetPage.nz(e.detail()).replaceAll(
                            "(?i)(password|secret|token)=\\S+", "$1=****")));
        }
        return out;
    }

    private void file(Req r, Device d, String name) {
        Console.require(r, Access.TECHNICIAN);
        if (!fileNames(d).contains(name)) {
            throw new ConsoleException(404, name + ": " + r.t.get("error.notFound"));
        }
        Optional<ServedFile> last = c.d.inventory().servedFiles().find(d.mac(), name);
        PhoneAnswer answer = c.d.previews().previewFor(d, name, origin(d, name, r));
        Map<String, Object> m = c.model(r, "device");
        m.put("mac", d.mac().colons());
        m.put("name", name);
        if (answer instanceof PhoneAnswer.Serve s) {
            String now = new String(s.file().body(), StandardCharsets.UTF_8);
            m.put("lines", Highlight.lines(now));
            m.put("template", c.d.configFiles().resolveTemplate(d.vendor(), s.template(), d));
            String before = last.map(x -> new String(x.body(), StandardCharsets.UTF_8)).orElse("");
            m.put("lastFetched", last.map(x -> x.since().toString()).orElse(""));
            m.put("changed", last.isEmpty() || !last.get().etag().equals(s.file().etag()));
            m.put("diff", TextDiff.lines(before, now));
        } else {
            String problem = answer instanceof PhoneAnswer.NotFound n ? n.reason() : answer instanceof PhoneAnswer.Refused x ? x.reason()
                    : answer instanceof PhoneAnswer.RenderFailed f ? f.message() : String.valueOf(answer);
            m.put("problem", problem);
        }
        Console.html(r.ex, 200, c.pages.render("file.ftlh", m));
    }

    /** The origin the device last fetched from, so the preview is byte for byte what it gets (as the API's preview does). */
    private ConfigFiles.Origin origin(Device d, String name, Req r) {
        Optional<ServedFile> last = c.d.inventory().servedFiles().find(d.mac(), name);
        if (last.isEmpty()) {
            last = c.d.inventory().servedFiles().byDevice(d.mac()).stream().findFirst();
        }
        if (last.isPresent()) {
            return new ConfigFiles.Origin(last.get().baseUrl(), last.get().serverHost());
        }
        String host = c.d.settings().string(Setting.PUBLIC_HOST);
        if (host.isEmpty()) {
            String h = r.ex.getHostName();
            host = h == null || h.isEmpty() ? "127.0.0.1" : h;
        }
        String hostInUrl = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new ConfigFiles.Origin("https://" + hostInUrl + ":" + c.d.phonePort().getAsInt() + "/", host);
    }

    private void act(Req r, Device d, String kindText) {
        Console.require(r, Access.TECHNICIAN);
        NotifyKind kind = switch (kindText) {
            case "resync" -> NotifyKind.RESYNC;
            case "reboot" -> NotifyKind.REBOOT;
            default -> throw new ConsoleException(404, r.t.get("error.notFound"));
        };
        NotifyResult res = c.d.actions().runOne(new ActionTarget(d.mac(), d.siteId()), kind, r.person().name());
        String outcome = res.outcome().name().toLowerCase(Locale.ROOT);
        c.d.gate().audit(r.person(), "action." + kindText, d.mac().colons(), null, Map.of("outcome", outcome, "status", res.status()));
        r.session.flash(Map.of("kind", res.outcome() == NotifyResult.Outcome.ACCEPTED ? "ok" : "warn", "text",
                r.t.get("action." + kindText) + ": " + r.t.getOrDefault("outcome." + outcome, outcome) + (res.status() > 0 ? " (" + res.status() + ")" : "")
                        + (res.detail() == null || res.detail().isEmpty() ? "" : " " + res.detail())));
        Console.redirect(r.ex, "/devices/" + d.mac().hex());
    }
}
