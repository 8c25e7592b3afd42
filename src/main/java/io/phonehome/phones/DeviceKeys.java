package io.phonehome.phones;

import java.util.List;

/**
 * Where the configuration model gets a device's programmable keys from: the effective keys (its
 * profile's, with its own keys in their place), ordered by module and position. A port, so that
 * the keys capability can depend on this package and not the other way round.
 */
@FunctionalInterface
public interface DeviceKeys {
    /** No keys for any device (a server built without the keys capability, tests). */
    DeviceKeys NONE = deviceId -> List.of();

    List<ConfigModel.KeyInfo> keysOf(long deviceId);
}
