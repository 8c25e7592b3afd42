package io.phonehome.admin;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.keys.EffectiveKey;
import io.phonehome.keys.Key;
import io.phonehome.keys.KeyImport;
import io.phonehome.keys.KeyInput;
import io.phonehome.keys.KeyPlans;
import io.phonehome.keys.KeyProfile;
import io.phonehome.http.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Programmable keys: a device's own keys and its effective keys ({@code /api/v1/devices/{mac}/keys}),
 * key profiles ({@code /api/v1/key-profiles/{name}}) and which profile a device uses
 * ({@code /api/v1/devices/{mac}/key-profile}).
 */
final class KeyRoutes {
    /** The body of a key list: {@code {"keys": [...]}}. */
    record KeysInput(List<KeyInput> keys) {
    }

    /** The body of a profile assignment: {@code {"profile": "reception"}} or {@code {"profile": null}}. */
    record ProfileChoice(String profile) {
    }

    record KeyView(int module, int position, String type, String value, String label, int line, String source) {
        static KeyView of(Key k, String source) {
            return new KeyView(k.module(), k.position(), k.type().wire(), k.value(), k.label(), k.line(), source);
        }
    }

    record DeviceKeysView(String mac, String profile, List<KeyView> keys) {
    }

    record ProfileView(String name, List<KeyView> keys, List<String> devices) {
    }

    private final AdminContext ctx;
    private final KeyPlans keys;

    KeyRoutes(AdminContext ctx, KeyPlans keys) {
        this.ctx = ctx;
        this.keys = keys;
    }

    void register(Router r) {
        r.get("/api/v1/devices/{mac}/keys", Role.VIEWER, Set.of(), this::effective);
        r.put("/api/v1/devices/{mac}/keys", Role.TECHNICIAN, this::setDeviceKeys);
        r.put("/api/v1/devices/{mac}/key-profile", Role.TECHNICIAN, this::assign);
        r.get("/api/v1/key-profiles", Role.VIEWER, Set.of(), this::profiles);
        r.get("/api/v1/key-profiles/{name}", Role.VIEWER, Set.of(), this::profile);
        r.put("/api/v1/key-profiles/{name}", Role.TECHNICIAN, this::putProfile);
        r.delete("/api/v1/key-profiles/{name}", Role.TECHNICIAN, this::deleteProfile);
        r.post("/api/v1/keys/import", Role.TECHNICIAN, Set.of("dry_run"), this::importCsv);
    }

    record ImportView(boolean dryRun, boolean applied, int rows, List<String> profiles, List<String> devices) {
    }

    /** Key CSV: all or nothing; a refused import is a 422 listing each row's problem, like the device import. */
    private void importCsv(Call c) throws java.io.IOException {
        boolean dryRun = Boolean.TRUE.equals(c.boolQuery("dry_run"));
        String csv = c.csvBody();
        KeyImport.Report report = keys.importCsv(new java.io.StringReader(csv), dryRun);
        if (!report.errors().isEmpty()) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("dry_run", dryRun);
            extra.put("applied", false);
            extra.put("rows", report.rows());
            throw new ProblemException(422, "import-refused", report.errors().size() + " row problem(s); nothing was written",
                    Errors.fieldProblems(report.errors()), extra);
        }
        ImportView v = new ImportView(report.dryRun(), report.applied(), report.rows(), report.profiles(), report.devices());
        if (report.applied()) {
            ctx.audit().record(c.actor(), "keys.import", "import " + report.rows() + " key(s)", null, v);
        }
        c.ok(v);
    }

    private DeviceKeysView deviceView(Mac mac, List<EffectiveKey> effective) {
        return new DeviceKeysView(mac.colons(), keys.profileOf(mac).orElse(null),
                effective.stream().map(e -> KeyView.of(e.key(), e.source())).toList());
    }

    private void effective(Call c) {
        Mac mac = c.mac("mac");
        c.ok(deviceView(mac, keys.effective(mac)));
    }

    private void setDeviceKeys(Call c) {
        Mac mac = c.mac("mac");
        KeysInput in = c.body(KeysInput.class);
        DeviceKeysView v = ctx.inventory().jdbc().inTransaction(() -> {
            DeviceKeysView before = deviceView(mac, keys.effective(mac));
            DeviceKeysView after = deviceView(mac, keys.setDeviceKeys(mac, in.keys()));
            ctx.audit().record(c.actor(), "device.keys", "device " + mac.colons(), before, after);
            return after;
        });
        c.ok(v);
    }

    private void assign(Call c) {
        Mac mac = c.mac("mac");
        ProfileChoice in = c.body(ProfileChoice.class);
        DeviceKeysView v = ctx.inventory().jdbc().inTransaction(() -> {
            DeviceKeysView before = deviceView(mac, keys.effective(mac));
            DeviceKeysView after = deviceView(mac, keys.assign(mac, in.profile()));
            ctx.audit().record(c.actor(), "device.key_profile", "device " + mac.colons(), before, after);
            return after;
        });
        c.ok(v);
    }

    private ProfileView profileView(KeyProfile p) {
        return new ProfileView(p.name(), p.keys().stream().map(k -> KeyView.of(k, "profile:" + p.name())).toList(),
                keys.devicesUsing(p.name()).stream().map(Mac::colons).toList());
    }

    private KeyProfile find(String name) {
        return keys.profile(name).orElseThrow(() -> new NotFoundException("key profile '" + name + "' does not exist"));
    }

    private void profiles(Call c) {
        c.ok(keys.profileNames().stream().map(n -> profileView(find(n))).toList());
    }

    private void profile(Call c) {
        c.ok(profileView(find(c.path("name"))));
    }

    private void putProfile(Call c) {
        String name = c.path("name");
        KeysInput in = c.body(KeysInput.class);
        ProfileView v = ctx.inventory().jdbc().inTransaction(() -> {
            ProfileView before = keys.profile(name).map(this::profileView).orElse(null);
            ProfileView after = profileView(keys.putProfile(name, in.keys()));
            ctx.audit().record(c.actor(), "key_profile.put", "key profile " + name, before, after);
            return after;
        });
        c.ok(v);
    }

    private void deleteProfile(Call c) {
        String name = c.path("name");
        ctx.inventory().jdbc().inTransaction(() -> {
            ProfileView before = profileView(find(name));
            keys.deleteProfile(name);
            ctx.audit().record(c.actor(), "key_profile.delete", "key profile " + name, before, null);
        });
        c.noContent();
    }
}
