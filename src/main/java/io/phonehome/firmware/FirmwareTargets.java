package io.phonehome.firmware;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Site;
import io.phonehome.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Target versions: per model, overridden per site (for that model) and per device. Setting one
 * checks that the catalog has the image (a version that does not exist is refused), and marks
 * the configs of the devices it concerns as changed so the next fetch carries the new firmware
 * URL (see {@link TargetRepository#touchDevices}).
 */
public final class FirmwareTargets {
    /** The target that applies to a device and where it comes from. */
    public record Effective(String version, TargetScope scope, Long campaignId) {
    }

    private final TargetRepository repository;
    private final FirmwareCatalog catalog;
    private final Inventory inventory;
    private final Jdbc jdbc;
    private final Clock clock;

    public FirmwareTargets(TargetRepository repository, FirmwareCatalog catalog, Inventory inventory, Clock clock) {
        this.repository = repository;
        this.catalog = catalog;
        this.inventory = inventory;
        this.jdbc = inventory.jdbc();
        this.clock = clock;
    }

    public List<FirmwareTarget> list() {
        return repository.list();
    }

    /** Sets the target of every device of a model (that has no narrower target). */
    public FirmwareTarget setForModel(String vendor, String model, String version, String actor) {
        ModelInfo m = model(vendor, model);
        requireImage(m, version);
        Instant now = clock.instant();
        return jdbc.inTransaction(() -> {
            repository.put(TargetScope.MODEL, m.vendor(), m.model(), null, null, version, null, actor, now);
            repository.touchDevices(m.vendor(), m.model(), null, now);
            return repository.find(TargetScope.MODEL, m.vendor(), m.model(), null, null).orElseThrow();
        });
    }

    /** Sets the target of a model at one site, overriding the model's. */
    public FirmwareTarget setForSite(long siteId, String vendor, String model, String version, String actor) {
        ModelInfo m = model(vendor, model);
        inventory.sites().findById(siteId).orElseThrow(() -> FirmwareException.notFound("site " + siteId + " does not exist"));
        requireImage(m, version);
        Instant now = clock.instant();
        return jdbc.inTransaction(() -> {
            repository.put(TargetScope.SITE, m.vendor(), m.model(), siteId, null, version, null, actor, now);
            repository.touchDevices(m.vendor(), m.model(), siteId, now);
            return repository.find(TargetScope.SITE, m.vendor(), m.model(), siteId, null).orElseThrow();
        });
    }

    /** Sets one device's own target, overriding its site's and its model's. */
    public FirmwareTarget setForDevice(Mac mac, String version, String actor) {
        Device d = device(mac);
        ModelInfo m = model(d.vendor(), d.model());
        requireImage(m, version);
        Instant now = clock.instant();
        return jdbc.inTransaction(() -> {
            repository.put(TargetScope.DEVICE, d.vendor(), d.model(), null, d.id(), version, null, actor, now);
            repository.touchDevice(d.id(), now);
            return repository.find(TargetScope.DEVICE, d.vendor(), d.model(), null, d.id()).orElseThrow();
        });
    }

    /** Removes a target; the next wider one applies again. Returns what was removed. */
    public FirmwareTarget clear(TargetScope scope, String vendor, String model, Long siteId, Mac mac) {
        Instant now = clock.instant();
        return jdbc.inTransaction(() -> {
            Optional<FirmwareTarget> removed;
            switch (scope) {
                case DEVICE -> {
                    Device d = device(mac);
                    removed = repository.remove(TargetScope.DEVICE, d.vendor(), d.model(), null, d.id());
                    removed.ifPresent(t -> repository.touchDevice(d.id(), now));
                }
                case SITE -> {
                    ModelInfo m = model(vendor, model);
                    removed = repository.remove(TargetScope.SITE, m.vendor(), m.model(), siteId, null);
                    removed.ifPresent(t -> repository.touchDevices(m.vendor(), m.model(), siteId, now));
                }
                default -> {
                    ModelInfo m = model(vendor, model);
                    removed = repository.remove(TargetScope.MODEL, m.vendor(), m.model(), null, null);
                    removed.ifPresent(t -> repository.touchDevices(m.vendor(), m.model(), null, now));
                }
            }
            return removed.orElseThrow(() -> FirmwareException.notFound("no " + scope.lower() + " target is set there"));
        });
    }

    /**
     * The target that applies to a device: its own, else its site's for its model, else its
     * model's. A device target set while the device was another model is ignored.
     */
    public Optional<Effective> effective(Device device, Site site) {
        List<FirmwareTarget> all = repository.candidates(device.vendor(), device.model(), site == null ? null : site.id(), device.id());
        return all.stream()
                .filter(t -> t.scope() != TargetScope.DEVICE || (t.vendor().equals(device.vendor()) && t.model().equals(device.model())))
                .max(Comparator.comparing(FirmwareTarget::scope))
                .map(t -> new Effective(t.version(), t.scope(), t.campaignId()));
    }

    /** The device's own target (campaigns replace it and restore it). */
    Optional<FirmwareTarget> deviceTarget(Device d) {
        return repository.find(TargetScope.DEVICE, d.vendor(), d.model(), null, d.id());
    }

    /** A campaign points one device at its version; returns the device target it replaced. */
    Optional<FirmwareTarget> setForCampaign(Device d, String version, long campaignId, Instant now) {
        return jdbc.inTransaction(() -> {
            Optional<FirmwareTarget> before = repository.put(TargetScope.DEVICE, d.vendor(), d.model(), null, d.id(), version, campaignId,
                    "campaign " + campaignId, now);
            repository.touchDevice(d.id(), now);
            return before;
        });
    }

    /**
     * Undoes a campaign's device target after the device failed, if the target is still the
     * campaign's (a person may have changed it since): back to what it was, or none.
     */
    void restoreAfterCampaign(long deviceId, String vendor, String model, long campaignId, String previousVersion, String previousBy,
                              Instant now) {
        jdbc.inTransaction(() -> {
            Optional<FirmwareTarget> current = repository.find(TargetScope.DEVICE, vendor, model, null, deviceId);
            if (current.isEmpty() || current.get().campaignId() == null || current.get().campaignId() != campaignId) {
                return null;
            }
            if (previousVersion == null) {
                repository.remove(TargetScope.DEVICE, vendor, model, null, deviceId);
            } else {
                repository.put(TargetScope.DEVICE, vendor, model, null, deviceId, previousVersion, null,
                        previousBy == null ? "restored" : previousBy, now);
            }
            repository.touchDevice(deviceId, now);
            return null;
        });
    }

    /** Targets that name this image's version for one of its models. */
    List<FirmwareTarget> using(FirmwareImage image) {
        return repository.withVersion(image.vendor(), image.version()).stream().filter(t -> image.isFor(t.model())).toList();
    }

    private ModelInfo model(String vendor, String model) {
        if (vendor == null || model == null) {
            throw FirmwareException.invalid("vendor and model are required");
        }
        return inventory.models().find(vendor.trim(), model.trim())
                .orElseThrow(() -> FirmwareException.invalid("model " + vendor.trim().toLowerCase(Locale.ROOT) + " " + model.trim()
                        + " is not supported (see the model catalog)"));
    }

    private Device device(Mac mac) {
        return inventory.devices().findByMac(mac).orElseThrow(() -> FirmwareException.notFound("device " + mac.colons() + " is not in the inventory"));
    }

    private void requireImage(ModelInfo m, String version) {
        Versions.check(version);
        if (catalog.find(m.vendor(), m.model(), version, ImageKind.DEVICE).isEmpty()) {
            List<String> known = catalog.versions(m.vendor(), m.model());
            throw FirmwareException.invalid("the catalog has no " + m.vendor() + " " + m.model() + " image of version " + version
                    + (known.isEmpty() ? " (it has none for this model)" : " (it has " + String.join(", ", known) + ")"));
        }
    }
}
