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
 * @param customerId only devices of a site of this customer (devices without a site never match)
 */
public record DeviceFilter(Long siteId, String vendor, String model, String firmware, Instant seenBefore, Instant seenAfter,
                           Boolean neverSeen, String text, Boolean redirected, Long customerId) {
    public static final DeviceFilter ALL = new DeviceFilter(null, null, null, null, null, null, null, null, null);

    /** Any customer's devices. */
    public DeviceFilter(Long siteId, String vendor, String model, String firmware, Instant seenBefore, Instant seenAfter,
                        Boolean neverSeen, String text, Boolean redirected) {
        this(siteId, vendor, model, firmware, seenBefore, seenAfter, neverSeen, text, redirected, null);
    }

    /** This filter, further limited to one customer's devices; null: unchanged. */
    public DeviceFilter withinCustomer(Long customer) {
        return customer == null ? this
                : new DeviceFilter(siteId, vendor, model, firmware, seenBefore, seenAfter, neverSeen, text, redirected, customer);
    }

    public static DeviceFilter site(long siteId) {
        return new DeviceFilter(siteId, null, null, null, null, null, null, null, null);
    }
}
