package io.phonehome.sip.location;

import java.time.Instant;
import java.util.List;

/**
 * One registered contact of a line, with everything the SIP core needs to reach the phone:
 * the flow it registered over and the Path it registered through (RFC 3327). Immutable; the
 * location service replaces it on every refresh.
 *
 * @param extension     the address of record (the line's extension)
 * @param contact       the contact URI as registered
 * @param path          Path header values (outermost proxy first), empty when the phone registered directly
 * @param q             the contact's q-value, or -1 when it named none
 * @param expiresAt     epoch milliseconds
 * @param registeredAt  epoch milliseconds of the first REGISTER that created this binding
 * @param updatedAt     epoch milliseconds of the last REGISTER that refreshed it
 * @param storedExpiresAt the expiry the database copy carries (refreshes are written lazily, see
 *                      {@link LocationService})
 */
public record ContactBinding(String extension, long lineId, long deviceId, String contact, Flow flow, List<String> path,
                             String userAgent, float q, long expiresAt, String callId, long cseq, long registeredAt, long updatedAt,
                             long storedExpiresAt) {
    public ContactBinding {
        path = List.copyOf(path);
        userAgent = userAgent == null ? "" : userAgent;
    }

    /** Seconds left, at least 0. */
    public long remainingSeconds(long nowMillis) {
        return Math.max(0, (expiresAt - nowMillis + 999) / 1000);
    }

    public boolean expired(long nowMillis) {
        return expiresAt <= nowMillis;
    }

    /** The read-side view for the admin API and diagnostics. */
    public Binding toBinding() {
        return toBinding(null);
    }

    /** As held by {@code node} (the admin API shows which node holds each flow). */
    public Binding toBinding(String node) {
        return new Binding(extension, contact, flow.hostPort(), flow.transport(), userAgent, Instant.ofEpochMilli(expiresAt), callId, cseq, node);
    }

    ContactBinding withStoredExpiresAt(long stored) {
        return new ContactBinding(extension, lineId, deviceId, contact, flow, path, userAgent, q, expiresAt, callId, cseq, registeredAt,
                updatedAt, stored);
    }
}
