package io.phonehome.firmware;

import io.phonehome.actions.DeviceNotifier;
import io.phonehome.auth.ProbeLimiter;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.events.SecurityLog;
import io.phonehome.inventory.Inventory;
import io.phonehome.sip.location.Registrations;
import io.phonehome.phones.FirmwareResolver;
import io.phonehome.phones.VendorRegistry;
import io.undertow.server.HttpHandler;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The firmware capability in one place, for the composition root and the edges (admin API, CLI):
 * the catalog, the targets and the resolver that turns them into config keys, the campaigns and
 * their driver, and the handler that serves images on the provisioning listener.
 */
public final class Firmware implements AutoCloseable {
    /** Tunables, named with their units. */
    public record Options(Path firmwareDir, Path dataDir, long catalogCheckMillis, long campaignTickMillis, Duration campaignLease,
                          long maxUploadBytes, int signalQueueSize) {
    }

    private final FirmwareCatalog catalog;
    private final FirmwareTargets targets;
    private final CatalogFirmwareResolver resolver;
    private final Campaigns campaigns;
    private final CampaignDriver driver;
    private final DownloadSignals signals;
    private final Inventory inventory;
    private final EventLog events;
    private final long maxUploadBytes;
    private final VendorRegistry phones;

    /**
     * @param notifier      how campaigns reach phones (the SIP core's, or a stand-in that answers not registered)
     * @param registrations null when no SIP core is wired in (registration is then not checked when a campaign is created)
     */
    public Firmware(Options options, VendorRegistry phones, Inventory inventory, EventLog events, DeviceNotifier notifier,
                    Registrations registrations, Clock clock) {
        this.inventory = inventory;
        this.phones = phones;
        this.events = events;
        this.maxUploadBytes = options.maxUploadBytes();
        this.catalog = new FirmwareCatalog(options.firmwareDir(), options.dataDir(), phones, inventory.models(), options.catalogCheckMillis(),
                () -> clock.millis());
        this.targets = new FirmwareTargets(new TargetRepository(inventory.jdbc()), catalog, inventory, clock);
        this.resolver = new CatalogFirmwareResolver(targets, catalog);
        CampaignRepository repository = new CampaignRepository(inventory.jdbc());
        this.campaigns = new Campaigns(repository, catalog, inventory, registrations, events, clock);
        this.signals = new DownloadSignals(repository, clock, options.signalQueueSize());
        this.driver = new CampaignDriver(repository, targets, inventory, notifier, events, clock, options.campaignTickMillis(),
                options.campaignLease());
    }

    /** Starts writing download signals and driving campaigns. */
    public void start() {
        signals.start();
        driver.start();
    }

    public FirmwareCatalog catalog() {
        return catalog;
    }

    public FirmwareTargets targets() {
        return targets;
    }

    public Campaigns campaigns() {
        return campaigns;
    }

    public FirmwareResolver resolver() {
        return resolver;
    }

    public DownloadSignals signals() {
        return signals;
    }

    public CampaignDriver driver() {
        return driver;
    }

    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /**
     * The handler that answers firmware URLs and passes every other request to {@code next};
     * {@code network} is the phone listener's trusted-network rule, which a download without token is judged by.
     */
    public HttpHandler handler(HttpHandler next, ProbeLimiter limiter, SecurityLog security, NetworkProof network) {
        return new FirmwareHandler(next, catalog, inventory, limiter, events, security, signals, phones::agentMac, network);
    }

    /** Adds an uploaded image (see {@link FirmwareCatalog#add}) and records who did. */
    public FirmwareImage addImage(FirmwareCatalog.Upload upload, InputStream body, String actor) {
        FirmwareImage img = catalog.add(upload, body, maxUploadBytes);
        events.record(Event.of(EventTypes.FIRMWARE_CATALOG, "added", null, null, actor, "image " + img.id() + " " + img.vendor() + " "
                + String.join(",", img.models()) + " " + img.version() + " (" + img.size() + " bytes, sha256 " + img.sha256() + ")"));
        return img;
    }

    /** Deletes an image that no target and no unfinished campaign uses; otherwise says who uses it. */
    public FirmwareImage deleteImage(String id, String actor) {
        FirmwareImage img = catalog.byId(id).orElseThrow(() -> FirmwareException.notFound("no firmware image with id " + id));
        List<String> users = new ArrayList<>();
        for (FirmwareTarget t : targets.using(img)) {
            users.add(t.scope().lower() + " target " + t.model() + (t.siteId() != null ? " at site " + t.siteId() : "")
                    + (t.deviceId() != null ? " of device " + t.deviceId() : ""));
        }
        for (Campaign c : campaigns.using(img)) {
            users.add("campaign " + c.id() + " (" + c.state().lower() + ")");
        }
        if (!users.isEmpty()) {
            throw FirmwareException.conflict("image " + img.id() + " (" + img.vendor() + " " + img.version() + ") is in use: "
                    + String.join("; ", users.subList(0, Math.min(5, users.size()))) + (users.size() > 5 ? "; ..." : ""));
        }
        FirmwareImage deleted = catalog.delete(id);
        events.record(Event.of(EventTypes.FIRMWARE_CATALOG, "deleted", null, null, actor, "image " + img.id() + " " + img.vendor() + " "
                + String.join(",", img.models()) + " " + img.version()));
        return deleted;
    }

    @Override
    public void close() {
        driver.close();
        signals.close();
    }
}
