package io.phonehome.phones;

import io.phonehome.inventory.Device;

/**
 * "What would this device get for this file from this origin": the provisioning resolver's
 * answer for a request it takes as proved to come from the device itself. The admin preview
 * asks this port instead of deciding redirect, file kind and template itself, so a preview is
 * what the phone gets by construction. A preview has no side effects: no fetch is recorded,
 * no budget or limiter is touched.
 */
@FunctionalInterface
public interface DeviceFilePreview {
    PhoneAnswer previewFor(Device device, String fileName, ConfigFiles.Origin origin);
}
