package io.phonehome.vendor;

import java.util.List;
import java.util.Optional;

/** All vendor plug-ins; picks the one that recognises a request best. */
public final class VendorRegistry {
    private final List<VendorPlugin> plugins;

    public VendorRegistry(List<VendorPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    /** The highest-scoring identification, or empty when no plug-in knows the file name. */
    public Optional<Identification> identify(FetchRequest request) {
        Identification best = null;
        for (VendorPlugin p : plugins) {
            Optional<Identification> id = p.identify(request);
            if (id.isPresent() && (best == null || id.get().score() > best.score())) {
                best = id.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** What a given vendor's plug-in makes of the request (used once the inventory names the vendor). */
    public Optional<Identification> identifyAs(String vendor, FetchRequest request) {
        return plugin(vendor).flatMap(p -> p.identify(request));
    }

    public Optional<VendorPlugin> plugin(String vendor) {
        return plugins.stream().filter(p -> p.id().equals(vendor)).findFirst();
    }

    public List<VendorPlugin> plugins() {
        return plugins;
    }
}
