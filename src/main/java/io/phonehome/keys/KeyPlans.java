package io.phonehome.keys;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.inventory.ValidationException;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.DeviceKeys;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Programmable keys of devices and profiles: checks what is entered (the model must hold every
 * key, its plug-in must write the type, watched extensions must exist) and answers with the
 * effective keys. Every change bumps the revision of each device whose file it changes, so the
 * render cache and the phones' config revisions follow.
 */
public final class KeyPlans implements DeviceKeys {
    /** Labels are shown on small displays; longer ones would only be cut by the phone. */
    static final int MAX_LABEL = 64;
    /** Digits, letters and the dial characters: nothing that could end a vendor's value ({@code @}, {@code /}, {@code |}, space). */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9*#+._-]{1,32}");
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Inventory inventory;
    private final KeyRepository repo;
    private final KeyForms forms;

    /** @param keyTypes the key types the model's plug-in writes, with no further reasons or checks */
    public KeyPlans(Inventory inventory, Function<ModelInfo, Set<String>> keyTypes) {
        this(inventory, KeyForms.typesOnly(keyTypes));
    }

    /** @param forms what the model's plug-in writes ({@link KeyForms#of}) */
    public static KeyPlans of(Inventory inventory, KeyForms forms) {
        return new KeyPlans(inventory, forms);
    }

    private KeyPlans(Inventory inventory, KeyForms forms) {
        this.inventory = inventory;
        this.repo = new KeyRepository(inventory.jdbc());
        this.forms = forms;
    }

    // ------------------------------------------------------------------ reading

    @Override
    public List<ConfigModel.KeyInfo> keysOf(long deviceId) {
        return effective(deviceId).stream()
                .map(e -> new ConfigModel.KeyInfo(e.key().module(), e.key().position(), e.key().type().wire(), e.key().value(),
                        e.key().label(), e.key().line()))
                .toList();
    }

    /**
     * A user's keys on a hot desk: the effective keys of the user's own phone that the desk's model
     * can hold and its plug-in writes (a key the desk cannot take is left out rather than failing
     * the desk's file), each on the desk's first account, where the user's line is.
     */
    @Override
    public List<ConfigModel.KeyInfo> keysOf(long deviceId, long ownerId) {
        if (deviceId == ownerId) {
            return keysOf(deviceId);
        }
        Optional<Device> desk = inventory.devices().findById(deviceId);
        Optional<ModelInfo> model = desk.flatMap(d -> inventory.models().find(d.vendor(), d.model()));
        if (model.isEmpty()) {
            return List.of();
        }
        return effective(ownerId).stream().map(EffectiveKey::key)
                .filter(k -> refusal(model.get(), k).isEmpty())
                .map(k -> new ConfigModel.KeyInfo(k.module(), k.position(), k.type().wire(), k.value(), k.label(), 1))
                .toList();
    }

    /** The device's keys: its profile's, with its own in their place, by module and position. */
    public List<EffectiveKey> effective(Mac mac) {
        return effective(device(mac).id());
    }

    private List<EffectiveKey> effective(long deviceId) {
        Map<String, EffectiveKey> byPlace = new TreeMap<>();
        Optional<String> profile = repo.profileOf(deviceId);
        if (profile.isPresent()) {
            for (Key k : repo.profile(profile.get()).map(KeyProfile::keys).orElse(List.of())) {
                byPlace.put(place(k), new EffectiveKey(k, "profile:" + profile.get()));
            }
        }
        for (Key k : repo.deviceKeys(deviceId)) {
            byPlace.put(place(k), new EffectiveKey(k, "device"));
        }
        return List.copyOf(byPlace.values());
    }

    private static String place(Key k) {
        return String.format("%03d-%04d", k.module(), k.position());
    }

    public Optional<String> profileOf(Mac mac) {
        return repo.profileOf(device(mac).id());
    }

    public Optional<KeyProfile> profile(String name) {
        return repo.profile(name);
    }

    public List<String> profileNames() {
        return repo.profileNames();
    }

    public List<Mac> devicesUsing(String profileName) {
        KeyProfile p = profileOrThrow(profileName);
        List<Mac> out = new ArrayList<>();
        for (long id : repo.devicesUsing(p.id())) {
            inventory.devices().findById(id).ifPresent(d -> out.add(d.mac()));
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    /** Replaces the device's own keys; the profile's stay underneath. */
    public List<EffectiveKey> setDeviceKeys(Mac mac, List<KeyInput> input) {
        return inventory.jdbc().inTransaction(() -> {
            Device d = device(mac);
            List<Key> keys = checkDeviceKeys(d, input);
            repo.replaceDeviceKeys(d.id(), keys);
            inventory.devices().bumpRevision(d.id());
            return effective(d.id());
        });
    }

    /** The keys of the input when the device's model holds every one, else a {@link ValidationException} (rows of the input). */
    private List<Key> checkDeviceKeys(Device d, List<KeyInput> input) {
        ModelInfo model = model(d);
        List<Key> keys = parse(input);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            int row = i + 1;
            refusal(model, keys.get(i)).ifPresent(msg -> errors.add(new FieldError(row, "position", msg)));
            otherSite(d, keys.get(i)).ifPresent(msg -> errors.add(new FieldError(row, "value", msg)));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return keys;
    }

    /** Creates or replaces a profile; every device that uses it must hold every key. */
    public KeyProfile putProfile(String name, List<KeyInput> input) {
        return inventory.jdbc().inTransaction(() -> {
            List<Key> keys = checkProfileKeys(name, input);
            long id = repo.ensureProfile(name);
            repo.replaceProfileKeys(id, keys);
            for (long deviceId : repo.devicesUsing(id)) {
                inventory.devices().bumpRevision(deviceId);
            }
            return repo.profile(name).orElseThrow();
        });
    }

    /** The keys of the input when every device using the profile holds them, else a {@link ValidationException}. */
    private List<Key> checkProfileKeys(String name, List<KeyInput> input) {
        checkProfileName(name);
        List<Key> keys = parse(input);
        Optional<KeyProfile> before = repo.profile(name);
        if (before.isPresent()) {
            List<FieldError> errors = new ArrayList<>();
            for (long deviceId : repo.devicesUsing(before.get().id())) {
                inventory.devices().findById(deviceId).ifPresent(d -> fit(d, keys, errors));
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
        }
        return keys;
    }

    /**
     * Keys from a CSV table, one row per key: {@code profile} or {@code mac} names whose keys the
     * row is (each named profile or device gets exactly the rows that name it), then
     * {@code module}, {@code position}, {@code type}, {@code value}, {@code label}, {@code line}.
     * All or nothing: every row is checked as the API checks it, each problem reported with its
     * row; nothing is written on a dry run or when any row is refused.
     */
    public KeyImport.Report importCsv(Reader csv, boolean dryRun) throws IOException {
        KeyImport plan = KeyImport.read(csv);
        List<FieldError> errors = new ArrayList<>(plan.errors());
        for (KeyImport.Group g : plan.groups()) {
            try {
                if (g.mac() != null) {
                    Optional<Device> d = inventory.devices().findByMac(g.mac());
                    if (d.isEmpty()) {
                        errors.add(new FieldError(g.rows().get(0), "mac", "device " + g.mac().colons() + " does not exist"));
                        continue;
                    }
                    checkDeviceKeys(d.get(), g.keys());
                } else {
                    checkProfileKeys(g.profile(), g.keys());
                }
            } catch (ValidationException e) {
                for (FieldError fe : e.errors()) {
                    int row = fe.row() > 0 && fe.row() <= g.rows().size() ? g.rows().get(fe.row() - 1) : g.rows().get(0);
                    errors.add(new FieldError(row, fe.field(), fe.message()));
                }
            }
        }
        errors.sort(Comparator.comparingInt(FieldError::row));
        boolean apply = errors.isEmpty() && !dryRun;
        if (apply) {
            inventory.jdbc().inTransaction(() -> {
                for (KeyImport.Group g : plan.groups()) {
                    if (g.mac() != null) {
                        setDeviceKeys(g.mac(), g.keys());
                    } else {
                        putProfile(g.profile(), g.keys());
                    }
                }
            });
        }
        return new KeyImport.Report(dryRun, apply, plan.rowCount(),
                plan.groups().stream().filter(g -> g.profile() != null).map(KeyImport.Group::profile).toList(),
                plan.groups().stream().filter(g -> g.mac() != null).map(g -> g.mac().colons()).toList(), List.copyOf(errors));
    }

    /** Deletes a profile that no device uses. */
    public void deleteProfile(String name) {
        inventory.jdbc().inTransaction(() -> {
            KeyProfile p = profileOrThrow(name);
            List<Long> users = repo.devicesUsing(p.id());
            if (!users.isEmpty()) {
                throw new io.phonehome.inventory.ConflictException("key profile '" + name + "' is used by " + users.size()
                        + " device(s); assign them another profile (or none) first");
            }
            repo.deleteProfile(p.id());
        });
    }

    /** Assigns a profile to the device (null: none); the device's model must hold every key of it. */
    public List<EffectiveKey> assign(Mac mac, String profileName) {
        return inventory.jdbc().inTransaction(() -> {
            Device d = device(mac);
            Long profileId = null;
            if (profileName != null) {
                KeyProfile p = profileOrThrow(profileName);
                List<FieldError> errors = new ArrayList<>();
                fit(d, p.keys(), errors);
                if (!errors.isEmpty()) {
                    throw new ValidationException(errors);
                }
                profileId = p.id();
            }
            repo.assign(d.id(), profileId);
            inventory.devices().bumpRevision(d.id());
            return effective(d.id());
        });
    }

    /** Adds one error per key of the list the device's model cannot hold, naming the device. */
    private void fit(Device d, List<Key> keys, List<FieldError> errors) {
        ModelInfo model = model(d);
        for (Key k : keys) {
            Optional<String> why = refusal(model, k);
            if (why.isPresent()) {
                errors.add(new FieldError(0, "device " + d.mac().colons(), why.get()));
                return;
            }
        }
        for (Key k : keys) {
            otherSite(d, k).ifPresent(why -> errors.add(new FieldError(0, "device " + d.mac().colons(), why)));
        }
    }

    /**
     * Why a key of device {@code d} cannot watch or call its extension: the SIP core lets a line
     * subscribe to the dialog state only of extensions on its own site (devices without a site
     * count as one site) and answers 403 otherwise, so such a BLF key would never light; refused
     * here, where the installer can still see which row it is.
     */
    private Optional<String> otherSite(Device d, Key k) {
        if (!k.type().targetsExtension()) {
            return Optional.empty();
        }
        // the watched extension is looked up in the device's customer (issue 17): extension 382 may
        // be another customer's too, and a key never reaches across customers
        Optional<Long> customer = d.siteId() == null ? Optional.empty() : inventory.sites().findById(d.siteId()).map(s -> s.customerId());
        Optional<io.phonehome.inventory.Line> line = customer.isPresent() ? inventory.lines().byExtension(customer.get(), k.value())
                : inventory.lines().byExtension(k.value());
        if (customer.isPresent() && line.isEmpty()) {
            return Optional.of(k.where() + ": extension " + k.value() + " is no line of the customer of device " + d.mac().colons()
                    + "; a " + k.type().wire() + " key watches only its own customer's extensions");
        }
        Optional<Device> watched = line.flatMap(l -> inventory.devices().findById(l.deviceId()));
        if (watched.isEmpty() || watched.get().id() == d.id() || Objects.equals(watched.get().siteId(), d.siteId())) {
            return Optional.empty();
        }
        return Optional.of(k.where() + ": extension " + k.value() + " is on " + siteName(watched.get().siteId()) + ", device "
                + d.mac().colons() + " on " + siteName(d.siteId()) + "; a " + k.type().wire()
                + " key watches only extensions of its own site (Phonehome's SIP core refuses the subscription from another site)");
    }

    private String siteName(Long siteId) {
        if (siteId == null) {
            return "no site";
        }
        return inventory.sites().findById(siteId).map(s -> "site '" + s.name() + "'").orElse("site #" + siteId);
    }

    private Optional<String> refusal(ModelInfo model, Key k) {
        Set<String> known = forms.types(model);
        if (known.isEmpty()) {
            // The plug-in's reason comes first: a model that takes no key at all is not helped by
            // hearing that its catalog row lacks a key count.
            Optional<String> why = forms.whyNone(model);
            if (why.isPresent()) {
                return Optional.of(k.where() + ": the " + model.vendor() + " " + model.model() + " takes no programmable keys from Phonehome: "
                        + why.get());
            }
        }
        Optional<String> capacity = KeyCapacity.of(model).refuse(k);
        if (capacity.isPresent()) {
            return capacity;
        }
        if (!known.contains(k.type().wire())) {
            return Optional.of(k.where() + ": Phonehome writes no documented " + k.type().wire() + " key for the " + model.vendor() + " "
                    + model.model() + (known.isEmpty() ? " (no key types for this model)" : " (it writes: " + String.join(", ", sorted(known)) + ")"));
        }
        if (k.line() > model.accounts()) {
            return Optional.of(k.where() + ": line " + k.line() + " is beyond the " + model.accounts() + " accounts of the " + model.vendor()
                    + " " + model.model());
        }
        return forms.problem(model, k).map(p -> k.where() + ": " + p);
    }

    private static List<String> sorted(Set<String> types) {
        return types.stream().sorted().toList();
    }

    /**
     * Checks each row on its own (type, position, value, label, line, watched extension) and that
     * no two rows take the same position; all problems at once, each with its row.
     */
    /** @return one key per row, in the input's order (or a {@link ValidationException}) */
    List<Key> parse(List<KeyInput> input) {
        if (input == null) {
            throw new ValidationException(List.of(FieldError.of("keys", "a list of keys is required (an empty list removes them all)")));
        }
        List<FieldError> errors = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < input.size(); i++) {
            int row = i + 1;
            KeyInput in = input.get(i);
            if (in == null) {
                errors.add(new FieldError(row, "key", "a key is an object"));
                continue;
            }
            int before = errors.size();
            Optional<KeyType> type = KeyType.parse(in.type());
            if (type.isEmpty()) {
                errors.add(new FieldError(row, "type", "'" + in.type() + "' is not a key type (one of: " + KeyType.allWire() + ")"));
            }
            int module = in.module() == null ? 0 : in.module();
            if (module < 0 || module > 99) {
                errors.add(new FieldError(row, "module", "an expansion module is numbered from 1 (0 or absent for the phone's own keys)"));
            }
            if (in.position() == null || in.position() < 1 || in.position() > 999) {
                errors.add(new FieldError(row, "position", "a key position is a number from 1"));
            }
            int line = in.line() == null ? 1 : in.line();
            if (line < 1 || line > 99) {
                errors.add(new FieldError(row, "line", "an account index is a number from 1"));
            }
            String value = in.value() == null ? "" : in.value().trim();
            if (type.isPresent() && type.get().needsValue() && value.isEmpty()) {
                errors.add(new FieldError(row, "value", "a " + type.get().wire() + " key needs a value (extension, number or park slot)"));
            } else if (!value.isEmpty() && !VALUE.matcher(value).matches()) {
                errors.add(new FieldError(row, "value", "a key value is 1 to 32 digits, letters or * # + . _ -"));
            } else if (type.isPresent() && type.get().targetsExtension() && !inventory.lines().anyHas(value)) {
                errors.add(new FieldError(row, "value", "extension " + value + " is no line of the inventory; a " + type.get().wire()
                        + " key watches or calls an extension Phonehome provisions"));
            }
            String label = in.label() == null ? "" : in.label();
            if (label.length() > MAX_LABEL) {
                errors.add(new FieldError(row, "label", "a label is at most " + MAX_LABEL + " characters"));
            }
            if (errors.size() > before) {
                continue;
            }
            Key k = new Key(module, in.position(), type.get(), value, label, line);
            Integer first = seen.putIfAbsent(place(k), row);
            if (first != null) {
                errors.add(new FieldError(row, "position", k.where() + " is already given in row " + first));
                continue;
            }
            keys.add(k);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return keys;
    }

    private static void checkProfileName(String name) {
        if (name == null || !PROFILE_NAME.matcher(name).matches()) {
            throw new ValidationException(List.of(FieldError.of("name",
                    "a profile name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")));
        }
    }

    private KeyProfile profileOrThrow(String name) {
        return repo.profile(name).orElseThrow(() -> new NotFoundException("key profile '" + name + "' does not exist"));
    }

    private Device device(Mac mac) {
        return inventory.devices().findByMac(mac).orElseThrow(() -> new NotFoundException("device " + mac.colons() + " does not exist"));
    }

    private ModelInfo model(Device d) {
        return inventory.models().find(d.vendor(), d.model()).orElseThrow(() -> new ValidationException(List.of(FieldError.of("model",
                "model " + d.vendor() + " " + d.model() + " of device " + d.mac().colons() + " is no longer in the model catalog"))));
    }
}
