package io.phonehome.errors;

/**
 * Marks an exception that says the named thing (site, device, image, campaign...) does not
 * exist. Edges answer it as "not found" whatever area threw it.
 */
public interface NotFound {
}
