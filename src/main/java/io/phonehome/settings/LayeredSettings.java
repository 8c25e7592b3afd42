package io.phonehome.settings;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.ValidationException;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.DeviceSettings;
import io.phonehome.phones.PhonePlugin;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.store.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The setting store: sets and removes values at a scope (checking typed values against the
 * registry and raw keys with the vendor's plug-in) and answers a device's effective values, the
 * most specific scope winning. The values are held in memory, read again after every committed
 * write of {@code setting_values} or {@code sites} (a deleted site takes its values along), so
 * a render never waits on the database and {@link #generation()} moves with every change.
 */
public final class LayeredSettings implements DeviceSettings {
    /** The scope reported for a value no scope sets but the site implies. */
    public static final String DEFAULT_SCOPE = "default";

    private final SettingValueStore store;
    private final Inventory inventory;
    private final VendorRegistry vendors;
    private final SettingRegistry registry = new SettingRegistry();
    private final AtomicLong generation = new AtomicLong();
    private volatile List<StoredValue> values = List.of();

    public LayeredSettings(Inventory inventory, VendorRegistry vendors) {
        this.store = new SettingValueStore(inventory.jdbc());
        this.inventory = inventory;
        this.vendors = vendors;
        inventory.jdbc().onCommittedWrite(t -> {
            if (t == Table.SETTING_VALUES || t == Table.SITES) {
                reload();
            }
        });
        reload();
    }

    public SettingRegistry registry() {
        return registry;
    }

    /**
     * Reads the values again; the generation moves only when they changed, so editing a site
     * (which may rename it or delete its values) does not make every cached file stale.
     */
    private synchronized void reload() {
        List<StoredValue> fresh = List.copyOf(store.all());
        if (!fresh.equals(values) || generation.get() == 0) {
            values = fresh;
            generation.incrementAndGet();
        }
    }

    @Override
    public long generation() {
        return generation.get();
    }

    // ------------------------------------------------------------------ scopes

    /**
     * Reads a scope as people spell it ({@link Scope}); a site may be named by its id.
     *
     * @throws ValidationException for a malformed scope or an unknown vendor or model
     * @throws SettingsException   for a site that does not exist
     */
    public Scope parseScope(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.indexOf(':');
        String kindText = colon < 0 ? t : t.substring(0, colon);
        String rest = colon < 0 ? "" : t.substring(colon + 1);
        ScopeKind kind;
        try {
            kind = ScopeKind.valueOf(kindText.replace('-', '_').toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("scope", "\"" + t + "\" is not a scope: use fleet, vendor:<vendor>, model:<vendor>:<model>, site:<site>, "
                    + "site_model:<site>:<vendor>:<model> or device:<mac>");
        }
        switch (kind) {
            case FLEET -> {
                if (!rest.isEmpty()) {
                    throw invalid("scope", "the fleet scope is just \"fleet\"");
                }
                return Scope.FLEET;
            }
            case VENDOR -> {
                return new Scope(kind, vendor(rest), null, 0, null, null);
            }
            case MODEL -> {
                ModelInfo m = model(rest);
                return new Scope(kind, m.vendor(), m.model(), 0, null, null);
            }
            case SITE -> {
                Site s = site(rest);
                return new Scope(kind, null, null, s.id(), s.name(), null);
            }
            case SITE_MODEL -> {
                int last = rest.lastIndexOf(':');
                int vendorColon = last <= 0 ? -1 : rest.lastIndexOf(':', last - 1);
                if (vendorColon <= 0) {
                    throw invalid("scope", "a site_model scope is site_model:<site>:<vendor>:<model>");
                }
                Site s = site(rest.substring(0, vendorColon));
                ModelInfo m = model(rest.substring(vendorColon + 1));
                return new Scope(kind, m.vendor(), m.model(), s.id(), s.name(), null);
            }
            default -> {
                try {
                    return new Scope(kind, null, null, 0, null, Mac.parse(rest));
                } catch (RuntimeException e) {
                    throw invalid("scope", "\"" + rest + "\" is not a MAC address");
                }
            }
        }
    }

    private String vendor(String id) {
        if (vendors.plugin(id).isEmpty()) {
            throw invalid("scope", "unknown vendor \"" + id + "\"; known: " + String.join(", ", VendorRegistry.ids()));
        }
        return id;
    }

    private ModelInfo model(String vendorAndModel) {
        int colon = vendorAndModel.indexOf(':');
        if (colon <= 0) {
            throw invalid("scope", "a model is named <vendor>:<model>, e.g. the vendor's id and the catalog's model name");
        }
        String vendor = vendor(vendorAndModel.substring(0, colon));
        String model = vendorAndModel.substring(colon + 1);
        return inventory.models().find(vendor, model)
                .orElseThrow(() -> invalid("scope", "model \"" + model + "\" is not in the " + vendor + " catalog"));
    }

    /**
     * A site by name, or by id where a name cannot be written (the admin API refuses encoded
     * characters in paths, so "Zurich Office" is written as its id there).
     */
    private Site site(String nameOrId) {
        Optional<Site> byName = inventory.sites().findByName(nameOrId);
        if (byName.isEmpty() && nameOrId.matches("[0-9]{1,18}")) {
            byName = inventory.sites().findById(Long.parseLong(nameOrId));
        }
        return byName.orElseThrow(() -> new SettingsException("no site named \"" + nameOrId + "\""));
    }

    // ------------------------------------------------------------------ writing

    /**
     * The value as it would be stored, checked: a typed setting's value normalised, a raw key
     * checked by its vendor's plug-in.
     *
     * @throws ValidationException naming the allowed values, the closest setting name or the
     *                             plug-in's reason
     */
    public StoredValue check(Scope scope, String name, String value) {
        return check(scope, name, value, 0);
    }

    StoredValue check(Scope scope, String name, String value, int row) {
        if (name == null || name.isBlank()) {
            throw new ValidationException(List.of(new FieldError(row, "name", "a setting name is required")));
        }
        if (value == null) {
            throw new ValidationException(List.of(new FieldError(row, "value", "a value is required")));
        }
        int colon = name.indexOf(':');
        if (colon > 0) {
            String vendor = name.substring(0, colon);
            String key = name.substring(colon + 1);
            Optional<PhonePlugin> plugin = vendors.plugin(vendor);
            if (plugin.isEmpty()) {
                throw new ValidationException(List.of(new FieldError(row, "name", "a raw key is <vendor>:<key>; unknown vendor \""
                        + vendor + "\" (known: " + String.join(", ", VendorRegistry.ids()) + ")")));
            }
            if (scope.vendor() != null && !scope.vendor().equals(vendor)) {
                throw new ValidationException(List.of(new FieldError(row, "name", "a " + vendor + " key cannot be set for "
                        + scope.display() + ": it would apply to no device")));
            }
            if (scope.kind() == ScopeKind.DEVICE) {
                Optional<Device> d = inventory.devices().findByMac(scope.mac());
                if (d.isPresent() && !d.get().vendor().equals(vendor)) {
                    throw new ValidationException(List.of(new FieldError(row, "name", "device " + scope.mac().hex() + " is a "
                            + d.get().vendor() + " phone; a " + vendor + " key would never reach it")));
                }
            }
            Optional<String> problem = plugin.get().rawSettingProblem(key, value);
            if (problem.isPresent()) {
                throw new ValidationException(List.of(new FieldError(row, "value", vendor + " refuses " + key + ": " + problem.get())));
            }
            return new StoredValue(scope, name, value);
        }
        TypedSetting t = registry.find(name).orElseThrow(() -> new ValidationException(List.of(new FieldError(row, "name",
                "unknown setting \"" + name + "\"" + registry.closest(name).map(c -> "; did you mean " + c + "?").orElse("")
                        + " (a raw vendor key is written <vendor>:<key>)"))));
        TypedSetting.Checked c = t.check(value);
        if (!c.isOk()) {
            throw new ValidationException(List.of(new FieldError(row, "value", c.problem())));
        }
        for (String vendor : vendorsReached(scope)) {
            Optional<String> problem = vendors.plugin(vendor).flatMap(p -> p.typedSettingProblem(name, c.value()));
            if (problem.isPresent()) {
                throw new ValidationException(List.of(new FieldError(row, "value", "the " + vendor + " phones "
                        + scope.display() + " reaches refuse " + name + ": " + problem.get())));
            }
        }
        return new StoredValue(scope, name, c.value());
    }

    /**
     * The vendors whose devices a value at this scope can reach: the scope's own, a device's, or
     * every vendor for the fleet and a site (a site may get any vendor's phone later).
     */
    private List<String> vendorsReached(Scope scope) {
        if (scope.vendor() != null) {
            return List.of(scope.vendor());
        }
        if (scope.kind() == ScopeKind.DEVICE) {
            Optional<Device> d = inventory.devices().findByMac(scope.mac());
            if (d.isPresent()) {
                return List.of(d.get().vendor());
            }
        }
        return VendorRegistry.ids();
    }

    // ------------------------------------------------------------------ showing

    /** What the API, CLI and audit log show instead of a secret value. */
    public static final String MASKED = "****";

    /**
     * True for a value that is shown only as set: a secret typed setting, or a raw key named like
     * a password (the escape hatch may carry one the registry does not model).
     */
    public boolean isSecret(String name) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            return registry.isSecret(name);
        }
        String key = name.substring(colon + 1).toLowerCase(java.util.Locale.ROOT);
        return key.contains("password") || key.endsWith("pass") || key.endsWith("_pw") || key.contains("secret");
    }

    /** The value as people may see it: masked when the setting is a secret. */
    public String shown(String name, String value) {
        return value != null && isSecret(name) ? MASKED : value;
    }

    /** A stored value as people may see it. */
    public StoredValue shown(StoredValue v) {
        return isSecret(v.name()) ? new StoredValue(v.scope(), v.name(), MASKED) : v;
    }

    /**
     * A device's effective values as people may see them: a secret says only that it is set and
     * at which scope (and which scopes it overrides), never its value.
     */
    public List<EffectiveSetting> effectiveShown(Device d, Site site) {
        return effective(d, site).stream().map(e -> !isSecret(e.name()) ? e : new EffectiveSetting(e.name(), MASKED, e.scope(),
                e.overrides().stream().map(o -> new EffectiveSetting.Overridden(o.scope(), MASKED)).toList())).toList();
    }

    /**
     * The codecs of the device's effective {@code codecs.order} it will not offer, each with the
     * plug-in's reason (its model lacks it, or the vendor documents no key for it); empty when
     * no codec order applies or every listed codec is written.
     */
    public Map<String, String> codecsNotOffered(Device d, Site site) {
        Optional<String> order = effective(d, site).stream().filter(e -> e.name().equals("codecs.order"))
                .map(EffectiveSetting::value).findFirst();
        Optional<ModelInfo> model = inventory.models().find(d.vendor(), d.model());
        Optional<PhonePlugin> plugin = vendors.plugin(d.vendor());
        if (order.isEmpty() || model.isEmpty() || plugin.isEmpty()) {
            return Map.of();
        }
        return plugin.get().codecsNotOffered(model.get(), List.of(order.get().split(",")));
    }

    /** Checks and stores a value; returns it as stored. */
    public StoredValue set(Scope scope, String name, String value) {
        StoredValue v = check(scope, name, value);
        inventory.jdbc().inTransaction(() -> store.put(v));
        return v;
    }

    /** Stores checked values in one transaction: all or none. */
    public void setAll(List<StoredValue> checked) {
        inventory.jdbc().inTransaction(() -> checked.forEach(store::put));
    }

    /**
     * Removes a value.
     *
     * @throws SettingsException when the scope sets no such value
     */
    public void unset(Scope scope, String name) {
        if (!inventory.jdbc().inTransaction(() -> store.remove(scope, name))) {
            throw new SettingsException(scope.display() + " sets no value for \"" + name + "\"");
        }
    }

    // ------------------------------------------------------------------ reading

    /** The values set at one scope. */
    public List<StoredValue> at(Scope scope) {
        return values.stream().filter(v -> v.scope().key().equals(scope.key())).toList();
    }

    /** Every stored value. */
    public List<StoredValue> all() {
        return values;
    }

    private static boolean applies(Scope s, Device d, Site site) {
        return switch (s.kind()) {
            case FLEET -> true;
            case VENDOR -> s.vendor().equals(d.vendor());
            case MODEL -> s.vendor().equals(d.vendor()) && s.model().equalsIgnoreCase(d.model());
            case SITE -> site != null && s.siteId() == site.id();
            case SITE_MODEL -> site != null && s.siteId() == site.id() && s.vendor().equals(d.vendor()) && s.model().equalsIgnoreCase(d.model());
            case DEVICE -> s.mac().equals(d.mac());
        };
    }

    /**
     * Every effective value of a device with the scope it comes from and what it overrides:
     * typed settings (including the defaults its site implies) and the raw keys of its vendor.
     */
    public List<EffectiveSetting> effective(Device d, Site site) {
        return effective(values, d, site);
    }

    private List<EffectiveSetting> effective(List<StoredValue> values, Device d, Site site) {
        Map<String, List<StoredValue>> byName = new TreeMap<>();
        for (StoredValue v : values) {
            if (applies(v.scope(), d, site) && (!v.raw() || d.vendor().equals(v.rawVendor()))) {
                byName.computeIfAbsent(v.name(), n -> new ArrayList<>()).add(v);
            }
        }
        List<EffectiveSetting> out = new ArrayList<>();
        for (TypedSetting t : registry.all()) {
            if (!byName.containsKey(t.name()) && site != null) {
                t.defaultFor().apply(site).ifPresent(v -> out.add(new EffectiveSetting(t.name(), v, DEFAULT_SCOPE, List.of())));
            }
        }
        for (Map.Entry<String, List<StoredValue>> e : byName.entrySet()) {
            List<StoredValue> chain = new ArrayList<>(e.getValue());
            chain.sort(Comparator.comparing((StoredValue v) -> v.scope().kind()).reversed());
            List<EffectiveSetting.Overridden> over = new ArrayList<>();
            for (StoredValue v : chain.subList(1, chain.size())) {
                over.add(new EffectiveSetting.Overridden(v.scope().display(), v.value()));
            }
            String name = e.getKey();
            if (!name.contains(":") && site != null) {
                registry.find(name).flatMap(t -> t.defaultFor().apply(site))
                        .ifPresent(v -> over.add(new EffectiveSetting.Overridden(DEFAULT_SCOPE, v)));
            }
            out.add(new EffectiveSetting(name, chain.get(0).value(), chain.get(0).scope().display(), over));
        }
        out.sort(Comparator.comparing(EffectiveSetting::name));
        return out;
    }

    /**
     * The devices whose effective settings would change if {@code name} at {@code scope} were
     * set to {@code value} (null: removed): computed from memory, nothing is stored, so a dry
     * run can say how many phones a change reaches.
     */
    public List<Device> devicesChangedBy(Scope scope, String name, String value) {
        List<StoredValue> after = new ArrayList<>();
        for (StoredValue v : values) {
            if (!(v.scope().key().equals(scope.key()) && v.name().equals(name))) {
                after.add(v);
            }
        }
        if (value != null) {
            after.add(new StoredValue(scope, name, value));
        }
        Map<Long, Site> sites = new java.util.HashMap<>();
        for (Site s : inventory.sites().list()) {
            sites.put(s.id(), s);
        }
        List<Device> changed = new ArrayList<>();
        for (Device d : inventory.devices().list()) {
            if (scope.kind() != ScopeKind.FLEET && !applies(scope, d, d.siteId() == null ? null : sites.get(d.siteId()))) {
                continue;
            }
            Site site = d.siteId() == null ? null : sites.get(d.siteId());
            if (!settingsOf(effective(values, d, site)).equals(settingsOf(effective(after, d, site)))) {
                changed.add(d);
            }
        }
        return changed;
    }

    @Override
    public ConfigModel.SettingsInfo forDevice(Device device, Site site) {
        return settingsOf(effective(device, site));
    }

    private static ConfigModel.SettingsInfo settingsOf(List<EffectiveSetting> effective) {
        Map<String, String> typed = new LinkedHashMap<>();
        List<ConfigModel.RawSetting> raw = new ArrayList<>();
        for (EffectiveSetting e : effective) {
            int colon = e.name().indexOf(':');
            if (colon > 0) {
                raw.add(new ConfigModel.RawSetting(e.name().substring(colon + 1), e.value()));
            } else {
                typed.put(e.name(), e.value());
            }
        }
        return new ConfigModel.SettingsInfo(typed, raw);
    }

    private static ValidationException invalid(String field, String message) {
        return new ValidationException(List.of(FieldError.of(field, message)));
    }
}
