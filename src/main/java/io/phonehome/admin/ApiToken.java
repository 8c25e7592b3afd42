package io.phonehome.admin;

import java.time.Instant;

/**
 * An API token as stored: never the token itself, only its hash and its first characters.
 *
 * @param prefix     the first characters of the token, so a person can tell tokens apart
 * @param customerId the customer the token is limited to, or null for the whole installation
 */
public record ApiToken(long id, String name, Role role, String prefix, Instant createdAt, String createdBy, Instant lastUsedAt,
                       Instant revokedAt, Long customerId) {
    public boolean active() {
        return revokedAt == null;
    }
}
