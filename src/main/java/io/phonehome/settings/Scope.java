package io.phonehome.settings;

import io.phonehome.inventory.Mac;

/**
 * One scope a value is set at. Spelled {@code fleet}, {@code vendor:<vendor>},
 * {@code model:<vendor>:<model>}, {@code site:<site name>},
 * {@code site_model:<site name>:<vendor>:<model>} or {@code device:<mac>}: one URL path segment,
 * one CSV cell. The site is named by its name where people read or write a scope and by its id
 * where it is stored ({@link #key()}), so renaming a site keeps its values.
 *
 * @param siteId   0 unless a site scope
 * @param siteName null unless a site scope
 * @param mac      null unless a device scope
 */
public record Scope(ScopeKind kind, String vendor, String model, long siteId, String siteName, Mac mac) {
    public static final Scope FLEET = new Scope(ScopeKind.FLEET, null, null, 0, null, null);

    /** The stored, unique spelling: the site by id. */
    public String key() {
        return switch (kind) {
            case FLEET -> "fleet";
            case VENDOR -> "vendor:" + vendor;
            case MODEL -> "model:" + vendor + ":" + model;
            case SITE -> "site:" + siteId;
            case SITE_MODEL -> "site_model:" + siteId + ":" + vendor + ":" + model;
            case DEVICE -> "device:" + mac.hex();
        };
    }

    /** The spelling people read and write: the site by name. */
    public String display() {
        return switch (kind) {
            case SITE -> "site:" + siteName;
            case SITE_MODEL -> "site_model:" + siteName + ":" + vendor + ":" + model;
            default -> key();
        };
    }

    @Override
    public String toString() {
        return display();
    }
}
