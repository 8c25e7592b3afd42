package io.phonehome.phones;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.Site;

/**
 * The port through which a device's effective layered settings reach its configuration (the
 * setting store implements it; the plug-in package does not know where values come from).
 * Both methods read memory only: {@link #generation()} is part of every per-device render
 * cache key, so a changed setting makes every cached file stale without anyone invalidating it.
 */
public interface DeviceSettings {
    /** No layered settings at all. */
    DeviceSettings NONE = new DeviceSettings() {
        @Override
        public ConfigModel.SettingsInfo forDevice(Device device, Site site) {
            return ConfigModel.SettingsInfo.NONE;
        }

        @Override
        public long generation() {
            return 0;
        }
    };

    /** The effective settings of this device at this site (defaults included). */
    ConfigModel.SettingsInfo forDevice(Device device, Site site);

    /** Rises with every change of any stored value. */
    long generation();
}
