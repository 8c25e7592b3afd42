package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import java.util.List;
import java.util.Optional;

/**
 * The inventory's entry point for the rest of Phonehome: repositories, the supported-model
 * catalog, validated site changes, and the read of everything a device's config is built from.
 */
public final class Inventory {
    private final Jdbc jdbc;
    private final SupportedModels models;
    private final SiteRepository sites;
    private final DeviceRepository devices;
    private final LineRepository lines;
    private final HandsetRepository handsets;
    private final InventoryWriter writer;
    private final RedirectRepository redirects;
    private final ServedFileRepository servedFiles;
    private final DeviceSearch search;
    private final DectBaseLinkRepository dectBaseLinks;
    private final CustomerRepository customers;

    public Inventory(Jdbc jdbc, SupportedModels models) {
        this.jdbc = jdbc;
        this.models = models;
        this.sites = new SiteRepository(jdbc);
        this.devices = new DeviceRepository(jdbc);
        this.lines = new LineRepository(jdbc);
        this.handsets = new HandsetRepository(jdbc);
        this.redirects = new RedirectRepository(jdbc);
        this.servedFiles = new ServedFileRepository(jdbc);
        this.search = new DeviceSearch(jdbc);
        this.dectBaseLinks = new DectBaseLinkRepository(jdbc);
        this.customers = new CustomerRepository(jdbc);
        this.writer = new InventoryWriter(jdbc, search);
    }

    /** A site of the default customer (an installation with one customer never names it). */
    public Site createSite(SiteSpec spec) {
        return createSite(customers.defaultCustomer().id(), spec);
    }

    public Site createSite(long customerId, SiteSpec spec) {
        List<FieldError> errors = SiteValidation.check(spec);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (customers.findById(customerId).isEmpty()) {
            throw new ValidationException(List.of(FieldError.of("customer", "customer " + customerId + " does not exist")));
        }
        return sites.insert(customerId, spec);
    }

    public Site updateSite(long id, SiteSpec spec) {
        List<FieldError> errors = SiteValidation.check(spec);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return sites.update(id, spec);
    }

    /** Everything the config of {@code device} is made from; the site is null when unassigned. */
    public DeviceSnapshot snapshot(Device device) {
        Site site = device.siteId() == null ? null : sites.findById(device.siteId()).orElse(null);
        ModelInfo model = models.find(device.vendor(), device.model()).orElse(null);
        List<DectBase> bases = model != null && model.oneAccountPerHandset() ? dectBaseLinks.basesOf(device.id()) : List.of();
        return new DeviceSnapshot(device, site, lines.byDevice(device.id()), handsets.byDevice(device.id()), bases);
    }

    public Optional<DeviceSnapshot> snapshot(Mac mac) {
        return devices.findByMac(mac).map(this::snapshot);
    }

    public DeviceImport importer() {
        return new DeviceImport(this);
    }

    /** An import limited to one customer's sites and devices; null: the whole installation. */
    public DeviceImport importer(Long customerId) {
        return new DeviceImport(this, customerId);
    }

    public InventoryWriter writer() {
        return writer;
    }

    public SupportedModels models() {
        return models;
    }

    public SiteRepository sites() {
        return sites;
    }

    public DeviceRepository devices() {
        return devices;
    }

    public LineRepository lines() {
        return lines;
    }

    public HandsetRepository handsets() {
        return handsets;
    }

    /** The redirect (RPS role) of devices sent to another provisioning server. */
    public RedirectRepository redirects() {
        return redirects;
    }

    /** What each device was last served, per file name. */
    public ServedFileRepository servedFiles() {
        return servedFiles;
    }

    /** Filtered, paged listings of the fleet. */
    public DeviceSearch search() {
        return search;
    }

    /** Which multi-cell DECT manager each radio base belongs to. */
    public DectBaseLinkRepository dectBaseLinks() {
        return dectBaseLinks;
    }

    /** Customers, and which customer owns a site, device or line. */
    public CustomerRepository customers() {
        return customers;
    }

    public Jdbc jdbc() {
        return jdbc;
    }
}
