package io.phonehome.phones;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Site;
import java.util.Optional;

/**
 * Decides whether a config should tell the device to fetch firmware: only when a target is set
 * for it and it does not already run that version (so a phone never loops on upgrades).
 */
@FunctionalInterface
public interface FirmwareResolver {
    /**
     * @param device           null for a common (model) file
     * @param site             null for a common file or an unassigned device
     * @param reportedFirmware what the phone says it runs now, or null
     * @param baseUrl          the provisioning base URL the phone uses, ending in '/'
     */
    Optional<ConfigModel.FirmwareInfo> target(ModelInfo model, Device device, Site site, String reportedFirmware, String baseUrl);

    FirmwareResolver NONE = (model, device, site, reported, baseUrl) -> Optional.empty();
}
