package io.phonehome.console;

import io.phonehome.firmware.Campaign;
import io.phonehome.firmware.CampaignDevice;
import io.phonehome.firmware.CampaignProgress;
import io.phonehome.firmware.CampaignSpec;
import io.phonehome.firmware.CampaignState;
import io.phonehome.firmware.DeviceState;
import io.phonehome.firmware.FirmwareException;
import io.phonehome.firmware.FirmwareImage;
import io.phonehome.firmware.FirmwareTarget;
import io.phonehome.firmware.TargetScope;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Site;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Firmware: the image catalog (what the API's {@code GET /api/v1/firmware/images} lists), the
 * targets per model and per site and model (set, clear), and upgrade campaigns: the list, a
 * create form (devices by MAC or by model and site, canary, pace), and a campaign's page whose
 * progress block reloads itself with htmx every two seconds while the campaign is not finished
 * (no inline script: the CSP allows none), with start, pause, resume and cancel. Everything is
 * asked of the firmware capability directly, as the API does, under the same rules; every change
 * is audited under the person with the API's action names. A command the campaign's state does
 * not allow is refused with the capability's own explanation ("it is paused (pause needs
 * running)").
 */
final class FirmwarePage {
    /** How often the campaign page asks for fresh progress, in the {@code hx-trigger} syntax. */
    static final String POLL = "every 2s";
    static final List<String> VERBS = List.of("start", "pause", "resume", "cancel");
    /** Where the image upload form posts (multipart: {@link Req#acceptUpload}). */
    static final String UPLOAD_PATH = "/firmware/images";
    private final Console c;

    FirmwarePage(Console c) {
        this.c = c;
    }

    void handle(Req r, List<String> seg) {
        int n = seg.size();
        if (n == 1 && !r.post()) {
            catalog(r, null, null);
        } else if (n == 2 && seg.get(1).equals("images") && r.post()) {
            upload(r);
        } else if (n == 2 && seg.get(1).equals("targets") && r.post()) {
            setTarget(r);
        } else if (n == 3 && seg.get(1).equals("targets") && seg.get(2).equals("clear") && r.post()) {
            clearTarget(r);
        } else if (n == 2 && seg.get(1).equals("campaigns")) {
            if (r.post()) {
                create(r);
            } else {
                campaigns(r, null, null);
            }
        } else if (n == 3 && seg.get(1).equals("campaigns") && !r.post()) {
            campaign(r, id(r, seg.get(2)), false);
        } else if (n == 4 && seg.get(1).equals("campaigns") && seg.get(3).equals("progress") && !r.post()) {
            campaign(r, id(r, seg.get(2)), true);
        } else if (n == 4 && seg.get(1).equals("campaigns") && VERBS.contains(seg.get(3)) && r.post()) {
            command(r, id(r, seg.get(2)), seg.get(3));
        } else {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
    }

    private static long id(Req r, String s) {
        if (!s.matches("[0-9]{1,18}")) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        return Long.parseLong(s);
    }

    // ----- catalog and targets

    private void catalog(Req r, List<Map<String, String>> errors, Map<String, String> form, List<Map<String, String>> uploadErrors,
                         Map<String, String> upload) {
        Map<String, Object> m = c.model(r, "firmware");
        List<Map<String, Object>> images = new ArrayList<>();
        for (FirmwareImage i : c.d.firmware().catalog().list()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("vendor", i.vendor());
            im.put("models", String.join(", ", i.models()));
            im.put("version", i.version());
            im.put("kind", i.kind().lower());
            im.put("file", i.relativePath());
            im.put("size", i.size());
            im.put("sizeText", size(i.size()));
            im.put("sha256", i.sha256());
            images.add(im);
        }
        m.put("images", images);
        m.put("problems", c.d.firmware().catalog().problems().stream().map(p -> Map.of("path", p.path(), "message", p.message())).toList());
        Map<Long, String> siteNames = new LinkedHashMap<>();
        for (Site s : c.d.inventory().sites().list()) {
            siteNames.put(s.id(), s.name());
        }
        List<Map<String, Object>> targets = new ArrayList<>();
        for (FirmwareTarget t : c.d.firmware().targets().list()) {
            if (t.scope() == TargetScope.DEVICE) {
                continue; // a device's own target is on its page and in the fleet's bulk action, not in this table
            }
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("scope", t.scope().lower());
            tm.put("vendor", t.vendor());
            tm.put("model", t.model());
            tm.put("siteId", t.siteId() == null ? "" : String.valueOf(t.siteId()));
            tm.put("site", t.siteId() == null ? "" : siteNames.getOrDefault(t.siteId(), "#" + t.siteId()));
            tm.put("version", t.version());
            tm.put("campaign", t.campaignId() == null ? "" : String.valueOf(t.campaignId()));
            tm.put("setBy", t.setBy() == null ? "" : t.setBy());
            targets.add(tm);
        }
        m.put("targets", targets);
        m.put("models", modelChoices());
        m.put("sites", siteNames.entrySet().stream().map(e -> Map.of("id", String.valueOf(e.getKey()), "name", e.getValue())).toList());
        m.put("errors", errors == null ? List.of() : errors);
        m.put("form", form == null ? Map.of("model", "", "site", "", "version", "") : form);
        m.put("uploadErrors", uploadErrors == null ? List.of() : uploadErrors);
        m.put("upload", upload == null ? Map.of("vendor", "", "version", "", "models", "", "kind", "", "sha256", "") : upload);
        m.put("vendors", c.d.inventory().models().all().stream().map(ModelInfo::vendor).distinct().sorted().toList());
        m.put("maxUpload", size(c.d.firmware().maxUploadBytes()));
        Console.html(r.ex, errors == null && uploadErrors == null ? 200 : 422, c.pages.render("firmware.ftlh", m));
    }

    private void catalog(Req r, List<Map<String, String>> errors, Map<String, String> form) {
        catalog(r, errors, form, null, null);
    }

    /**
     * An image from the browser: the same checks and catalog as {@code POST /api/v1/firmware/images}
     * (vendor, version, models, kind; the file kept only when complete and its SHA-256 verified).
     * The SHA-256 may be left empty: the file came over TLS, so it is computed here; given (from
     * the vendor's release notes), it also proves the file is the one the vendor published.
     */
    private void upload(Req r) {
        Console.require(r, Access.TECHNICIAN);
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : List.of("vendor", "version", "models", "kind", "sha256")) {
            form.put(k, r.field(k) == null ? "" : r.field(k));
        }
        Req.Upload file = r.file("image");
        List<Map<String, String>> errors = new ArrayList<>();
        if (file == null) {
            errors.add(problem("image", r.t.get("firmware.chooseFile")));
        }
        if (form.get("vendor").isEmpty()) {
            errors.add(problem("vendor", r.t.get("firmware.chooseVendor")));
        }
        io.phonehome.firmware.ImageKind kind = null;
        if (!form.get("kind").isEmpty()) {
            try {
                kind = io.phonehome.firmware.ImageKind.parse(form.get("kind"));
            } catch (RuntimeException e) {
                errors.add(problem("kind", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            catalog(r, null, null, errors, form);
            return;
        }
        List<String> models = Arrays.stream(form.get("models").split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        String name = java.nio.file.Path.of(file.fileName().replace('\\', '/')).getFileName().toString();   // browsers may send a path
        try {
            String sha = form.get("sha256").isEmpty() ? sha256Of(file.path()) : form.get("sha256");
            FirmwareImage img;
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file.path())) {
                img = c.d.firmware().addImage(new io.phonehome.firmware.FirmwareCatalog.Upload(form.get("vendor"), name,
                        form.get("version").isEmpty() ? null : form.get("version"), models, kind, sha), in, r.person().name());
            }
            c.d.gate().audit(r.person(), "firmware.image.add", img.id(), null, Map.of("vendor", img.vendor(), "version", img.version(),
                    "models", String.join(",", img.models()), "size", img.size(), "sha256", img.sha256(), "by", "console"));
            r.session.flash(Map.of("kind", "ok", "text", r.t.get("firmware.imageAdded").replace("{0}", img.version()).replace("{1}", name)));
            Console.redirect(r.ex, "/firmware");
        } catch (FirmwareException e) {
            catalog(r, null, null, problems(e), form);
        } catch (java.io.IOException e) {
            throw new ConsoleException(400, "the upload could not be read: " + e.getMessage());
        }
    }

    private static String sha256Of(java.nio.file.Path file) throws java.io.IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** "vendor/model" of every supported model, for the target and campaign forms. */
    private List<String> modelChoices() {
        Set<String> out = new TreeSet<>();
        for (ModelInfo mi : c.d.inventory().models().all()) {
            out.add(mi.vendor() + "/" + mi.model());
        }
        return List.copyOf(out);
    }

    private void setTarget(Req r) {
        Console.require(r, Access.TECHNICIAN);
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : List.of("model", "site", "version")) {
            form.put(k, r.field(k) == null ? "" : r.field(k));
        }
        List<Map<String, String>> errors = new ArrayList<>();
        String[] vm = form.get("model").split("/", 2);
        if (vm.length != 2) {
            errors.add(problem("model", r.t.get("firmware.chooseModel")));
        }
        if (form.get("version").isEmpty()) {
            errors.add(problem("version", r.t.get("firmware.versionRequired")));
        }
        Long site = null;
        if (!form.get("site").isEmpty()) {
            try {
                site = Long.parseLong(form.get("site"));
            } catch (NumberFormatException e) {
                errors.add(problem("site", "site must be a number"));
            }
        }
        if (!errors.isEmpty()) {
            catalog(r, errors, form);
            return;
        }
        Long siteId = site;
        try {
            FirmwareTarget t = c.d.inventory().jdbc().inTransaction(() -> {
                FirmwareTarget set = siteId == null
                        ? c.d.firmware().targets().setForModel(vm[0], vm[1], form.get("version"), r.person().name())
                        : c.d.firmware().targets().setForSite(siteId, vm[0], vm[1], form.get("version"), r.person().name());
                c.d.gate().audit(r.person(), "firmware.target.set", (siteId == null ? "model " : "site " + siteId + " ") + set.vendor() + "/" + set.model(),
                        null, Map.of("scope", set.scope().lower(), "version", set.version(), "by", "console"));
                return set;
            });
            r.session.flash(Map.of("kind", "ok", "text", r.t.get("firmware.targetSet").replace("{0}", t.model()).replace("{1}", t.version())));
            Console.redirect(r.ex, "/firmware");
        } catch (FirmwareException e) {
            catalog(r, problems(e), form);
        }
    }

    private void clearTarget(Req r) {
        Console.require(r, Access.TECHNICIAN);
        String[] vm = (r.field("model") == null ? "" : r.field("model")).split("/", 2);
        if (vm.length != 2) {
            throw new ConsoleException(400, r.t.get("firmware.chooseModel"));
        }
        Long site = null;
        if (r.field("site") != null) {
            try {
                site = Long.parseLong(r.field("site"));
            } catch (NumberFormatException e) {
                throw new ConsoleException(400, "site must be a number");
            }
        }
        Long siteId = site;
        try {
            c.d.inventory().jdbc().inTransaction(() -> {
                FirmwareTarget t = c.d.firmware().targets().clear(siteId == null ? TargetScope.MODEL : TargetScope.SITE, vm[0], vm[1], siteId, null);
                c.d.gate().audit(r.person(), "firmware.target.clear", (siteId == null ? "model " : "site " + siteId + " ") + t.vendor() + "/" + t.model(),
                        Map.of("scope", t.scope().lower(), "version", t.version()), null);
            });
        } catch (FirmwareException e) {
            throw new ConsoleException(e instanceof io.phonehome.errors.NotFound ? 404 : 409, e.getMessage());
        }
        r.session.flash(Map.of("kind", "ok", "text", r.t.get("firmware.targetCleared").replace("{0}", vm[1])));
        Console.redirect(r.ex, "/firmware");
    }

    // ----- campaigns

    private void campaigns(Req r, List<Map<String, String>> errors, Map<String, String> form) {
        Map<String, Object> m = c.model(r, "campaigns");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Campaign k : c.d.firmware().campaigns().list()) {
            Map<String, Object> km = new LinkedHashMap<>();
            km.put("id", String.valueOf(k.id()));
            km.put("name", k.name());
            km.put("vendor", k.vendor());
            km.put("version", k.version());
            km.put("state", k.state().lower());
            km.put("createdBy", k.createdBy());
            km.put("created", Ago.of(k.createdAt(), Instant.now(), r.t));
            rows.add(km);
        }
        m.put("campaigns", rows);
        m.put("models", modelChoices());
        m.put("sites", c.d.inventory().sites().list().stream().map(s -> Map.of("id", String.valueOf(s.id()), "name", s.name())).toList());
        m.put("errors", errors == null ? List.of() : errors);
        Map<String, String> f = new LinkedHashMap<>();
        for (String k : CREATE_FIELDS) {
            f.put(k, form == null ? "" : form.getOrDefault(k, ""));
        }
        if (form == null) {
            f.put("per_minute", String.valueOf(CampaignSpec.DEFAULT_PER_MINUTE));
            f.put("max_concurrent", String.valueOf(CampaignSpec.DEFAULT_MAX_CONCURRENT));
            f.put("device_timeout_seconds", String.valueOf(CampaignSpec.DEFAULT_DEVICE_TIMEOUT_SECONDS));
            f.put("notify_kind", "resync");
        }
        m.put("form", f);
        Console.html(r.ex, errors == null ? 200 : 422, c.pages.render("campaigns.ftlh", m));
    }

    static final List<String> CREATE_FIELDS = List.of("name", "version", "macs", "model", "site", "canary_count", "per_minute", "max_concurrent",
            "device_timeout_seconds", "notify_kind", "start");

    private void create(Req r) {
        Console.require(r, Access.TECHNICIAN);
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : CREATE_FIELDS) {
            form.put(k, r.field(k) == null ? "" : r.field(k));
        }
        List<Map<String, String>> errors = new ArrayList<>();
        Integer canary = number(form, "canary_count", errors, r);
        Integer perMinute = number(form, "per_minute", errors, r);
        Integer concurrent = number(form, "max_concurrent", errors, r);
        Integer timeout = number(form, "device_timeout_seconds", errors, r);
        if (!errors.isEmpty()) {
            campaigns(r, errors, form);
            return;
        }
        List<String> macs = Arrays.stream(form.get("macs").split("[\\s,;]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String model = form.get("model").contains("/") ? form.get("model").substring(form.get("model").indexOf('/') + 1) : form.get("model");
        List<String> models = model.isEmpty() ? List.of() : List.of(model);
        List<String> sites = form.get("site").isEmpty() ? List.of() : List.of(form.get("site"));
        CampaignSpec spec = new CampaignSpec(form.get("name").isEmpty() ? null : form.get("name"), form.get("version"), macs, models, sites, canary,
                null, null, perMinute, concurrent, timeout, form.get("notify_kind").isEmpty() ? null : form.get("notify_kind"));
        boolean start = !form.get("start").isEmpty();
        long id;
        try {
            id = c.d.inventory().jdbc().inTransaction(() -> {
                CampaignProgress p = c.d.firmware().campaigns().create(spec, r.person().name());
                Campaign k = p.campaign();
                c.d.gate().audit(r.person(), "firmware.campaign.create", "campaign " + k.id(), null, Map.of("name", k.name(), "version", k.version(),
                        "devices", p.total(), "by", "console"));
                return k.id();
            });
        } catch (FirmwareException e) {
            campaigns(r, problems(e), form);
            return;
        }
        if (start) {
            command(r, id, "start");
            return;
        }
        r.session.flash(Map.of("kind", "ok", "text", r.t.get("campaign.createdFlash").replace("{0}", String.valueOf(id))));
        Console.redirect(r.ex, "/firmware/campaigns/" + id);
    }

    private static Integer number(Map<String, String> form, String field, List<Map<String, String>> errors, Req r) {
        String v = form.get(field);
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            errors.add(problem(field, r.t.get("campaign.notANumber")));
            return null;
        }
    }

    /** The page, or only its progress block (what htmx polls). */
    private void campaign(Req r, long id, boolean fragment) {
        CampaignProgress p;
        try {
            p = c.d.firmware().campaigns().progress(id, true);
        } catch (FirmwareException e) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        Campaign k = p.campaign();
        Map<String, Object> m = c.model(r, "campaigns");
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("id", String.valueOf(k.id()));
        cm.put("name", k.name());
        cm.put("vendor", k.vendor());
        cm.put("version", k.version());
        cm.put("state", k.state().lower());
        cm.put("reason", k.stateReason() == null ? "" : k.stateReason());
        cm.put("selection", k.selection());
        cm.put("canary", k.canaryCount());
        cm.put("perMinute", k.perMinute());
        cm.put("maxConcurrent", k.maxConcurrent());
        cm.put("timeout", k.deviceTimeoutSeconds());
        cm.put("notify", k.notifyKind().name().toLowerCase(Locale.ROOT));
        cm.put("createdBy", k.createdBy());
        cm.put("finished", k.finished());
        m.put("campaign", cm);
        m.put("total", p.total());
        m.put("done", p.finished());
        m.put("percent", p.total() == 0 ? 100 : p.finished() * 100 / p.total());
        List<Map<String, Object>> states = new ArrayList<>();
        for (DeviceState s : DeviceState.values()) {
            states.add(Map.of("state", s.lower(), "count", p.count(s)));
        }
        m.put("states", states);
        List<Map<String, Object>> devices = new ArrayList<>();
        for (CampaignDevice d : p.devices()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("mac", d.mac().colons());
            dm.put("hex", d.mac().hex());
            dm.put("model", d.model());
            dm.put("canary", d.canary());
            dm.put("state", d.state().lower());
            dm.put("detail", d.detail() == null ? "" : d.detail());
            dm.put("from", d.fromVersion() == null ? "" : d.fromVersion());
            dm.put("updated", d.updatedAt() == null ? "" : Ago.of(d.updatedAt(), Instant.now(), r.t));
            devices.add(dm);
        }
        m.put("devices", devices);
        m.put("verbs", allowed(k.state()));
        // poll until the campaign is over: a finished campaign's page stops asking
        m.put("poll", k.finished() ? "" : POLL);
        Console.html(r.ex, 200, c.pages.render(fragment ? "campaign-progress.ftlh" : "campaign.ftlh", m));
    }

    /** The commands that apply in a state (the others are not offered; sent anyway, they are refused). */
    static List<String> allowed(CampaignState s) {
        Map<String, Set<CampaignState>> from = Map.of("start", EnumSet.of(CampaignState.DRAFT), "pause", EnumSet.of(CampaignState.RUNNING),
                "resume", EnumSet.of(CampaignState.PAUSED, CampaignState.HALTED), "cancel",
                EnumSet.of(CampaignState.DRAFT, CampaignState.RUNNING, CampaignState.PAUSED, CampaignState.HALTED));
        return VERBS.stream().filter(v -> from.get(v).contains(s)).toList();
    }

    private void command(Req r, long id, String verb) {
        Console.require(r, Access.TECHNICIAN);
        Campaign before;
        try {
            before = c.d.firmware().campaigns().get(id);
        } catch (FirmwareException e) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        Campaign after;
        try {
            after = switch (verb) {
                case "start" -> c.d.firmware().campaigns().start(id, r.person().name());
                case "pause" -> c.d.firmware().campaigns().pause(id, r.person().name());
                case "resume" -> c.d.firmware().campaigns().resume(id, r.person().name());
                default -> c.d.firmware().campaigns().cancel(id, r.person().name());
            };
        } catch (FirmwareException e) {
            // e.g. "cannot pause campaign 3: it is completed (pause needs running)"
            throw new ConsoleException(409, r.t.get("campaign.refused").replace("{0}", r.t.get("campaign." + verb)) + " " + e.getMessage());
        }
        c.d.gate().audit(r.person(), "firmware.campaign." + verb, "campaign " + id, Map.of("state", before.state().lower()),
                Map.of("state", after.state().lower(), "by", "console"));
        r.session.flash(Map.of("kind", "ok", "text", r.t.get("campaign.done").replace("{0}", r.t.get("campaign." + verb))
                .replace("{1}", r.t.get("campaign.state." + after.state().lower()))));
        Console.redirect(r.ex, "/firmware/campaigns/" + id);
    }

    // ----- shared

    private static Map<String, String> problem(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static List<Map<String, String>> problems(FirmwareException e) {
        if (e.errors().isEmpty()) {
            return List.of(problem("", e.getMessage()));
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (FieldError fe : e.errors()) {
            out.add(problem(fe.field() == null ? "" : fe.field(), fe.message()));
        }
        return out;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
