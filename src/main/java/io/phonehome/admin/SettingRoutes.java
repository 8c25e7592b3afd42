package io.phonehome.admin;

import io.phonehome.http.HttpStatusException;
import io.phonehome.http.ProblemException;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Site;
import io.phonehome.settings.EffectiveSetting;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.settings.Scope;
import io.phonehome.settings.SettingsImport;
import io.phonehome.settings.StoredValue;
import io.phonehome.settings.TypedSetting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layered setting store:
 * <ul>
 * <li>{@code GET /api/v1/setting-types}: the typed settings a scope can set (type, allowed values, range);</li>
 * <li>{@code GET|PUT /api/v1/settings/{scope}}: the values of one scope; set one
 *     ({@code {"name": ..., "value": ...}});</li>
 * <li>{@code DELETE /api/v1/settings/{scope}?name=...}: remove one;</li>
 * <li>{@code GET /api/v1/devices/{mac}/settings}: a device's effective values, each with the
 *     scope it comes from and the values it overrides.</li>
 * </ul>
 * A scope is spelled as {@link Scope} says, in one path segment.
 */
final class SettingRoutes {
    private final AdminContext ctx;
    /** Devices shown with their diff lines in a change's answer; the rest are counted. */
    static final int SAMPLE_DEVICES = 5;
    static final int SAMPLE_DIFF_LINES = 8;
    private final DeviceRoutes devices;
    private final PreviewRoutes previews;

    SettingRoutes(AdminContext ctx, DeviceRoutes devices, PreviewRoutes previews) {
        this.ctx = ctx;
        this.devices = devices;
        this.previews = previews;
    }

    void register(Router r) {
        r.get("/api/v1/setting-types", Role.VIEWER, Set.of(), this::types);
        r.get("/api/v1/settings/{scope}", Role.VIEWER, Set.of(), this::list);
        r.add("PUT", "/api/v1/settings/{scope}", Role.TECHNICIAN, Set.of("dry_run", "resync"), this::set);
        r.add("DELETE", "/api/v1/settings/{scope}", Role.TECHNICIAN, Set.of("name", "dry_run", "resync"), this::unset);
        r.get("/api/v1/devices/{mac}/settings", Role.VIEWER, Set.of(), this::effective);
        r.post("/api/v1/settings/import", Role.TECHNICIAN, Set.of("dry_run"), this::importCsv);
    }

    record ImportView(int rows, boolean dryRun, boolean applied, List<ValueView> values) {
    }

    /** CSV rows (scope, target, name, value): all or nothing; a dry run only checks. */
    private void importCsv(Call c) throws java.io.IOException {
        boolean dryRun = Boolean.TRUE.equals(c.boolQuery("dry_run"));
        SettingsImport.Report report = new SettingsImport(settings()).run(new java.io.StringReader(c.csvBody()), dryRun);
        if (!report.ok()) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("dry_run", dryRun);
            extra.put("applied", false);
            extra.put("rows", report.rows());
            throw new ProblemException(422, "import-refused", report.errors().size() + " row problem(s); nothing was written",
                    Errors.fieldProblems(report.errors()), extra);
        }
        List<ValueView> shown = report.values().stream().map(v -> ValueView.of(settings().shown(v))).toList();
        if (report.applied()) {
            ctx.audit().record(c.actor(), "setting.import", "import " + report.values().size() + " setting(s)", null, shown);
        }
        c.ok(new ImportView(report.rows(), dryRun, report.applied(), shown));
    }

    /** A value to set at a scope. */
    record SettingInput(String name, String value) {
    }

    record ValueView(String scope, String name, String value) {
        static ValueView of(StoredValue v) {
            return new ValueView(v.scope().display(), v.name(), v.value());
        }
    }

    record TypedView(String name, String description, String type, List<String> allowed, Integer min, Integer max) {
        static TypedView of(TypedSetting t) {
            boolean integer = t.type() == TypedSetting.Type.INTEGER;
            // For a secret, min and max are its length.
            boolean bounded = integer || t.type() == TypedSetting.Type.SECRET;
            return new TypedView(t.name(), t.description(), t.type().name().toLowerCase(java.util.Locale.ROOT), t.allowed(),
                    bounded ? t.min() : null, bounded ? t.max() : null);
        }
    }

    private LayeredSettings settings() {
        return ctx.layeredSettings();
    }

    private void types(Call c) {
        c.ok(Map.of("items", settings().registry().all().stream().map(TypedView::of).toList()));
    }

    private void list(Call c) {
        Scope scope = settings().parseScope(c.path("scope"));
        c.ok(Map.of("scope", scope.display(), "values", settings().at(scope).stream().map(v -> ValueView.of(settings().shown(v))).toList()));
    }

    private void set(Call c) {
        Scope scope = settings().parseScope(c.path("scope"));
        SettingInput in = c.body(SettingInput.class);
        StoredValue checked = settings().check(scope, in.name(), in.value());
        change(c, scope, checked.name(), checked.value(), () -> settings().set(scope, in.name(), in.value()), "setting.set");
    }

    private void unset(Call c) {
        Scope scope = settings().parseScope(c.path("scope"));
        String name = c.query("name").orElseThrow(() -> HttpStatusException.badRequest("name the setting to remove: ?name=..."));
        if (settings().at(scope).stream().noneMatch(v -> v.name().equals(name))) {
            throw new io.phonehome.settings.SettingsException(scope.display() + " sets no value for \"" + name + "\"");
        }
        change(c, scope, name, null, () -> settings().unset(scope, name), "setting.unset");
    }

    /** One device whose files change, with the first changed lines. */
    record SampleView(String mac, List<String> diff) {
    }

    /**
     * @param devicesChanged devices whose effective settings change
     * @param filesChanged   devices whose served files changed (null in a dry run: no file is
     *                       rendered with a value that is not stored)
     */
    record ChangeView(String scope, String name, String value, boolean dryRun, int devicesChanged, Integer filesChanged,
                      List<SampleView> sample, Long resyncAction) {
    }

    /**
     * Applies a change (or, in a dry run, only measures it): which devices' effective settings
     * change, then, for those, each per-MAC file rendered by the preview before and after, so
     * the count and the sample are what the phones will get; {@code resync=true} starts a paced
     * re-sync of exactly the devices whose files changed.
     */
    private void change(Call c, Scope scope, String name, String value, Runnable write, String action) {
        boolean dryRun = Boolean.TRUE.equals(c.boolQuery("dry_run"));
        boolean resync = Boolean.TRUE.equals(c.boolQuery("resync"));
        if (dryRun && resync) {
            throw HttpStatusException.badRequest("a dry run changes nothing, so it re-syncs nothing: drop resync or dry_run");
        }
        String before = settings().at(scope).stream().filter(v -> v.name().equals(name)).map(StoredValue::value).findFirst().orElse(null);
        List<Device> affected = settings().devicesChangedBy(scope, name, value);
        // A secret is answered, audited and sampled as set, never as itself (the files keep it).
        String shownBefore = settings().shown(name, before);
        String shownValue = settings().shown(name, value);
        if (dryRun) {
            List<SampleView> sample = affected.stream().limit(SAMPLE_DEVICES).map(d -> new SampleView(d.mac().colons(),
                    settingLines(name, shownBefore, shownValue))).toList();
            c.ok(new ChangeView(scope.display(), name, shownValue, true, affected.size(), null, sample, null));
            return;
        }
        Map<Device, Map<String, String>> old = new LinkedHashMap<>();
        for (Device d : affected) {
            old.put(d, previews.currentFiles(d, c));
        }
        write.run();
        ctx.audit().record(c.actor(), action, scope.display() + " " + name, shownBefore, shownValue);
        List<Device> changed = new java.util.ArrayList<>();
        List<SampleView> sample = new java.util.ArrayList<>();
        for (Map.Entry<Device, Map<String, String>> e : old.entrySet()) {
            Map<String, String> now = previews.currentFiles(e.getKey(), c);
            if (now.equals(e.getValue())) {
                continue;
            }
            changed.add(e.getKey());
            if (sample.size() < SAMPLE_DEVICES) {
                List<String> lines = diffLines(e.getValue(), now);
                if (settings().isSecret(name)) {
                    lines = lines.stream().map(l -> masked(masked(l, before), value)).toList();
                }
                sample.add(new SampleView(e.getKey().mac().colons(), lines));
            }
        }
        Long job = null;
        if (resync && !changed.isEmpty()) {
            List<io.phonehome.actions.ActionTarget> targets = changed.stream()
                    .map(d -> new io.phonehome.actions.ActionTarget(d.mac(), d.siteId())).toList();
            job = ctx.actions().start(io.phonehome.actions.NotifyKind.RESYNC, targets, c.actor().name(),
                    "setting " + name + " at " + scope.display()).id();
        }
        c.ok(new ChangeView(scope.display(), name, shownValue, false, affected.size(), changed.size(), sample, job));
    }

    private static String masked(String line, String secret) {
        return secret == null || secret.isEmpty() ? line : line.replace(secret, LayeredSettings.MASKED);
    }

    private static List<String> settingLines(String name, String before, String after) {
        List<String> out = new java.util.ArrayList<>();
        out.add("- " + name + (before == null ? " (not set at this scope)" : " = " + before));
        out.add("+ " + name + (after == null ? " (removed from this scope)" : " = " + after));
        return out;
    }

    private static List<String> diffLines(Map<String, String> before, Map<String, String> after) {
        List<String> out = new java.util.ArrayList<>();
        for (Map.Entry<String, String> f : after.entrySet()) {
            String old = before.getOrDefault(f.getKey(), "");
            if (old.equals(f.getValue())) {
                continue;
            }
            for (String line : LineDiff.unified(f.getKey(), f.getKey(), old, f.getValue()).split("\n")) {
                if (out.size() >= SAMPLE_DIFF_LINES) {
                    return out;
                }
                if (line.startsWith("---") || line.startsWith("+++")) {
                    continue;
                }
                if (line.startsWith("+") || line.startsWith("-")) {
                    out.add(f.getKey() + ": " + line);
                }
            }
        }
        return out;
    }

    private void effective(Call c) {
        Device d = devices.find(c.mac("mac"));
        Site site = d.siteId() == null ? null : ctx.inventory().sites().findById(d.siteId()).orElse(null);
        List<EffectiveSetting> values = settings().effectiveShown(d, site);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mac", d.mac().colons());
        body.put("site", site == null ? null : site.name());
        body.put("settings", values);
        // Which codecs of the effective codec order this device will not offer, and why.
        body.put("codecs_not_offered", settings().codecsNotOffered(d, site).entrySet().stream()
                .map(e -> Map.of("codec", e.getKey(), "reason", e.getValue())).toList());
        c.ok(body);
    }
}
