package io.phonehome.events;

import java.time.Instant;

/**
 * Something that happened to a device or the fleet: a config fetch, an auth failure, an import,
 * an action. {@code detail} is human-readable and never holds a secret.
 *
 * @param type    what happened, e.g. {@code config_fetch}, see {@link EventTypes}
 * @param outcome how it ended: {@code ok}, {@code unauthorized}, {@code not_found}, {@code error}...
 * @param mac     12 lower-case hex digits, or null when no device is concerned
 * @param source  remote address, or the actor for admin changes
 */
public record Event(long id, Instant at, String type, String outcome, String mac, Long siteId, String source, String detail) {
    public static Event of(String type, String outcome, String mac, Long siteId, String source, String detail) {
        return new Event(0, Instant.now(), type, outcome, mac, siteId, source, detail == null ? "" : truncate(detail));
    }

    private static String truncate(String s) {
        return s.length() > 2000 ? s.substring(0, 1997) + "..." : s;
    }
}
