package io.phonehome.phones;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.SupportedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The one registration point of phone plug-ins: every {@link PhonePlugin} the
 * {@link ServiceLoader} finds on the class path, in the order of their {@code META-INF/services}
 * entries. The edges ask it for whatever differs between vendors; they never name a vendor.
 */
public final class VendorRegistry {
    private final List<PhonePlugin> plugins;
    private final Map<String, PhonePlugin> byId;
    private final SupportedModels models;

    /** A registry of exactly these plug-ins, already given their catalog (tests, tools). */
    public VendorRegistry(List<PhonePlugin> plugins, SupportedModels models) {
        this.plugins = List.copyOf(plugins);
        Map<String, PhonePlugin> ids = new HashMap<>();
        for (PhonePlugin p : this.plugins) {
            if (ids.put(p.id(), p) != null) {
                throw new IllegalStateException("two phone plug-ins say they are '" + p.id() + "'");
            }
        }
        this.byId = Map.copyOf(ids);
        this.models = models;
    }

    /**
     * Finds every plug-in, builds the model catalog from their models and {@code extraModels}
     * ({@code <data_dir>/models.csv}; may be null or missing) and hands it to them.
     */
    public static VendorRegistry load(Path extraModels) {
        List<PhonePlugin> found = discover();
        List<SupportedModels.Source> sources = new ArrayList<>();
        for (PhonePlugin p : found) {
            String resource = p.modelsResource();
            sources.add(new SupportedModels.Source(p.id(), resource, p.getClass().getClassLoader().getResource(resource)));
        }
        SupportedModels models = SupportedModels.load(sources, extraModels);
        return new VendorRegistry(found.stream().map(p -> p.withCatalog(models)).toList(), models);
    }

    /** {@link #load} with the built-in models only. */
    public static VendorRegistry builtIn() {
        return load(null);
    }

    /** The ids of every plug-in on the class path, in registration order (help texts; no catalog needed). */
    public static List<String> ids() {
        return discover().stream().map(PhonePlugin::id).toList();
    }

    private static List<PhonePlugin> discover() {
        Map<String, PhonePlugin> found = new LinkedHashMap<>();
        for (PhonePlugin p : ServiceLoader.load(PhonePlugin.class, PhonePlugin.class.getClassLoader())) {
            String id = p.id();
            if (id == null || !id.matches("[a-z][a-z0-9]{1,31}")) {
                throw new IllegalStateException(p.getClass().getName() + " has id '" + id + "': a plug-in id is lower-case letters and digits");
            }
            PhonePlugin twice = found.putIfAbsent(id, p);
            if (twice != null && twice.getClass() != p.getClass()) {
                throw new IllegalStateException("two phone plug-ins say they are '" + id + "': " + twice.getClass().getName() + " and "
                        + p.getClass().getName());
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no phone plug-in on the class path (META-INF/services/" + PhonePlugin.class.getName() + ")");
        }
        return List.copyOf(found.values());
    }

    /** The key types the model's plug-in writes ({@link PhonePlugin#keyTypes}); none for an unknown vendor. */
    public Set<String> keyTypes(ModelInfo model) {
        PhonePlugin p = byId.get(model.vendor());
        return p == null ? Set.of() : p.keyTypes(model);
    }

    /** Why the model's plug-in writes no key for it ({@link PhonePlugin#noKeysReason}); empty for an unknown vendor. */
    public Optional<String> noKeysReason(ModelInfo model) {
        PhonePlugin p = byId.get(model.vendor());
        return p == null ? Optional.empty() : p.noKeysReason(model);
    }

    /** What the model's plug-in finds wrong with one key ({@link PhonePlugin#keyProblem}). */
    public Optional<String> keyProblem(ModelInfo model, int module, int position, String type, String value) {
        PhonePlugin p = byId.get(model.vendor());
        return p == null ? Optional.empty() : p.keyProblem(model, module, position, type, value);
    }

    /** The catalog the plug-ins were given. */
    public SupportedModels models() {
        return models;
    }

    /** The highest-scoring identification, or empty when no plug-in knows the file name. */
    public Optional<Identification> identify(FetchRequest request) {
        Identification best = null;
        for (PhonePlugin p : plugins) {
            Optional<Identification> id = identifyWith(p, request);
            if (id.isPresent() && (best == null || id.get().score() > best.score())) {
                best = id.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** What a given vendor's plug-in makes of the request (used once the inventory names the vendor). */
    public Optional<Identification> identifyAs(String vendor, FetchRequest request) {
        return plugin(vendor).flatMap(p -> identifyWith(p, request));
    }

    private static Optional<Identification> identifyWith(PhonePlugin p, FetchRequest request) {
        Optional<Identification> id = p.identify(request);
        return id.isPresent() ? id : PhonebookRequests.identify(p, request);
    }

    /** The MAC an HTTP User-Agent names, read by whichever plug-in recognises it. */
    public Optional<Mac> agentMac(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Optional.empty();
        }
        for (PhonePlugin p : plugins) {
            Optional<AgentInfo> info = p.parseUserAgent(userAgent);
            if (info.isPresent()) {
                return Optional.ofNullable(info.get().mac());
            }
        }
        return Optional.empty();
    }

    /** The firmware a SIP User-Agent reports, when it is a phone of {@code vendor} that sent it. */
    public Optional<String> firmwareInSipUserAgent(String vendor, String userAgent) {
        if (userAgent == null || userAgent.length() > 255) {
            return Optional.empty();
        }
        return plugin(vendor).flatMap(p -> p.firmwareInSipUserAgent(userAgent));
    }

    /** The NOTIFY events of a vendor's phones; the common check-sync form for a vendor without plug-in. */
    public NotifyEvents notifyEvents(String vendor) {
        return plugin(vendor).map(PhonePlugin::notifyEvents).orElse(NotifyEvents.CHECK_SYNC);
    }

    public Optional<PhonePlugin> plugin(String vendor) {
        return vendor == null ? Optional.empty() : Optional.ofNullable(byId.get(vendor.toLowerCase(Locale.ROOT)));
    }

    public List<PhonePlugin> plugins() {
        return plugins;
    }

    /** Every plug-in's id, in registration order. */
    public List<String> vendorIds() {
        return plugins.stream().map(PhonePlugin::id).toList();
    }
}
