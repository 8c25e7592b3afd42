package io.phonehome.events;

import java.time.Instant;

/** Filters for {@link EventLog#query}; null means "any". {@code beforeId} pages backwards. */
public record EventQuery(String mac, Long siteId, String type, Instant since, Instant until, Long beforeId, int limit) {
    public static EventQuery forMac(String mac) {
        return new EventQuery(mac, null, null, null, null, null, 100);
    }

    public static EventQuery ofType(String type) {
        return new EventQuery(null, null, type, null, null, null, 100);
    }
}
