package io.phonehome.inventory;

import java.time.Instant;

/**
 * A customer (tenant) of the installation: it groups sites, and API tokens may be limited to it.
 * Every installation has the {@linkplain #DEFAULT_SLUG default} customer, which the upgrade to
 * customers gave every existing site.
 *
 * @param slug      short name for the CLI and URLs: lower-case letters, digits and '-'
 * @param sipDomain the customer's own SIP domain, or null for the installation's configured one
 */
public record Customer(long id, String name, String slug, String sipDomain, Instant createdAt) {
    /** The customer the migration created; it can be renamed but keeps this slug and is never deleted. */
    public static final String DEFAULT_SLUG = "default";

    public boolean isDefault() {
        return DEFAULT_SLUG.equals(slug);
    }
}
