package io.phonehome.firmware;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Site;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.FirmwareResolver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a device's config to upgrade when, and only when, the device has a target, reports a
 * different version, and the catalog has the image. The URL points at this server's firmware
 * path with the device's download token ({@link DownloadTokens}):
 * {@code <base>firmware/<vendor>/<version>/<mac>-<tag>/<name>}. Each vendor's templates take it
 * from there (Yealink {@code static.firmware.url}, Snom's firmware file, Grandstream's P192
 * directory, Fanvil {@code Auto_Image_URL}).
 *
 * <p>Common (model-wide) files never carry firmware: they are shared by devices that may have
 * different targets (a device override, a campaign), so a model target there would downgrade a
 * device its own file upgrades. Every vendor's per-device file carries the key instead.
 *
 * <p>When the phone does not say what it runs (a User-Agent without version), the version the
 * inventory last recorded counts; when neither is known, nothing is emitted, so a phone can never
 * loop on an upgrade it has already done.
 *
 * <p>The last segment of the URL is the vendor's choice ({@link FirmwareCatalog#urlName}): a DECT
 * manager and its radio bases may each expand it to their own product name.
 */
public final class CatalogFirmwareResolver implements FirmwareResolver {
    private static final Logger log = LoggerFactory.getLogger(CatalogFirmwareResolver.class);
    /** The path prefix of every firmware URL, below the provisioning base URL. */
    public static final String PATH = "firmware";

    private final FirmwareTargets targets;
    private final FirmwareCatalog catalog;
    /** Missing images already logged, so a fleet asking every hour does not flood the log. */
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();

    public CatalogFirmwareResolver(FirmwareTargets targets, FirmwareCatalog catalog) {
        this.targets = targets;
        this.catalog = catalog;
    }

    @Override
    public Optional<ConfigModel.FirmwareInfo> target(ModelInfo model, Device device, Site site, String reportedFirmware, String baseUrl) {
        if (device == null) {
            return Optional.empty();
        }
        Optional<FirmwareTargets.Effective> target = targets.effective(device, site);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        String version = target.get().version();
        String current = reportedFirmware != null ? reportedFirmware : device.reportedFirmware();
        if (current == null || Versions.same(current, version)) {
            return Optional.empty();
        }
        Optional<FirmwareImage> image = catalog.find(device.vendor(), device.model(), version, ImageKind.DEVICE);
        if (image.isEmpty()) {
            if (warned.putIfAbsent(device.vendor() + "/" + device.model() + "/" + version, Boolean.TRUE) == null) {
                log.warn("{} {} has target {} but the catalog has no such image; its devices are not told to upgrade", device.vendor(),
                        device.model(), version);
            }
            return Optional.empty();
        }
        warned.remove(device.vendor() + "/" + device.model() + "/" + version);
        return Optional.of(new ConfigModel.FirmwareInfo(version, url(baseUrl, device, model, image.get())));
    }

    private String url(String baseUrl, Device device, ModelInfo model, FirmwareImage image) {
        String name = catalog.urlName(image, model, device.model());
        return baseUrl + PATH + "/" + image.vendor() + "/" + image.version() + "/" + DownloadTokens.segment(device) + "/" + name;
    }
}
