package io.phonehome.events;

import java.time.Instant;

/**
 * Filters for {@link EventLog#query}; null means "any". {@code beforeId} pages backwards.
 * {@code customerId}: only events of a site of this customer (events without a site, such as a
 * probe from an unknown address, belong to the installation and never match).
 */
public record EventQuery(String mac, Long siteId, String type, Instant since, Instant until, Long beforeId, int limit, Long customerId) {
    public EventQuery(String mac, Long siteId, String type, Instant since, Instant until, Long beforeId, int limit) {
        this(mac, siteId, type, since, until, beforeId, limit, null);
    }

    public static EventQuery forMac(String mac) {
        return new EventQuery(mac, null, null, null, null, null, 100);
    }

    public static EventQuery ofType(String type) {
        return new EventQuery(null, null, type, null, null, null, 100);
    }
}
