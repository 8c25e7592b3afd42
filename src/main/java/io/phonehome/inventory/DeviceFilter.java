package io.phonehome.inventory;

import java.time.Instant;

/**
 * Filters of a device listing; null means "any". All given filters must match.
 *
 * @param seenBefore devices last seen before this instant (never-seen devices do not match)
 * @param seenAfter  devices last seen at or after this instant
 * @param neverSeen  true: only devices that never fetched anything; false: only devices that did
 * @param text       case-insensitive search in MAC (any spelling), serial, extensions, display names and labels
 * @param redirected true: only devices sent to another provisioning server; false: only the others
 */
public record DeviceFilter(Long siteId, String vendor, String model, String firmware, Instant seenBefore, Instant seenAfter,
                           Boolean neverSeen, String text, Boolean redirected) {
    public static final DeviceFilter ALL = new DeviceFilter(null, null, null, null, null, null, null, null, null);

    public static DeviceFilter site(long siteId) {
        return new DeviceFilter(siteId, null, null, null, null, null, null, null, null);
    }
}
