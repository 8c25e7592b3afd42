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
    private final DeviceRoutes devices;

    SettingRoutes(AdminContext ctx, DeviceRoutes devices) {
        this.ctx = ctx;
        this.devices = devices;
    }

    void register(Router r) {
        r.get("/api/v1/setting-types", Role.VIEWER, Set.of(), this::types);
        r.get("/api/v1/settings/{scope}", Role.VIEWER, Set.of(), this::list);
        r.put("/api/v1/settings/{scope}", Role.TECHNICIAN, this::set);
        r.add("DELETE", "/api/v1/settings/{scope}", Role.TECHNICIAN, Set.of("name"), this::unset);
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
        if (report.applied()) {
            ctx.audit().record(c.actor(), "setting.import", "import " + report.values().size() + " setting(s)", null,
                    report.values().stream().map(ValueView::of).toList());
        }
        c.ok(new ImportView(report.rows(), dryRun, report.applied(), report.values().stream().map(ValueView::of).toList()));
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
            return new TypedView(t.name(), t.description(), t.type().name().toLowerCase(java.util.Locale.ROOT), t.allowed(),
                    integer ? t.min() : null, integer ? t.max() : null);
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
        c.ok(Map.of("scope", scope.display(), "values", settings().at(scope).stream().map(ValueView::of).toList()));
    }

    private void set(Call c) {
        Scope scope = settings().parseScope(c.path("scope"));
        SettingInput in = c.body(SettingInput.class);
        String before = settings().at(scope).stream().filter(v -> v.name().equals(in.name())).map(StoredValue::value).findFirst().orElse(null);
        StoredValue stored = settings().set(scope, in.name(), in.value());
        ctx.audit().record(c.actor(), "setting.set", scope.display() + " " + stored.name(), before, stored.value());
        c.ok(ValueView.of(stored));
    }

    private void unset(Call c) {
        Scope scope = settings().parseScope(c.path("scope"));
        String name = c.query("name").orElseThrow(() -> HttpStatusException.badRequest("name the setting to remove: ?name=..."));
        String before = settings().at(scope).stream().filter(v -> v.name().equals(name)).map(StoredValue::value).findFirst().orElse(null);
        settings().unset(scope, name);
        ctx.audit().record(c.actor(), "setting.unset", scope.display() + " " + name, before, null);
        c.noContent();
    }

    private void effective(Call c) {
        Device d = devices.find(c.mac("mac"));
        Site site = d.siteId() == null ? null : ctx.inventory().sites().findById(d.siteId()).orElse(null);
        List<EffectiveSetting> values = settings().effective(d, site);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mac", d.mac().colons());
        body.put("site", site == null ? null : site.name());
        body.put("settings", values);
        c.ok(body);
    }
}
