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

    /**
     * The keys of device {@code ownerId} as device {@code deviceId} carries them (a hot desk with a
     * user carries the keys of the user's own phone): only those the device's model holds, each on
     * the device's first account, which is the one the user's line takes.
     */
    default List<ConfigModel.KeyInfo> keysOf(long deviceId, long ownerId) {
        return deviceId == ownerId ? keysOf(deviceId) : List.of();
    }
}
