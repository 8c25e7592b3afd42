package io.phonehome.inventory;

/**
 * A radio base linked to a multi-cell DECT manager, as the manager's configuration lists it.
 *
 * @param serial   null when none was given
 * @param siteName null when the base has no site
 */
public record DectBase(Mac mac, String model, String serial, String siteName) {
}
