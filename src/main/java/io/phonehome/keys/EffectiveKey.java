package io.phonehome.keys;

/**
 * A key a device gets, with where it comes from.
 *
 * @param source {@code device} for the device's own key, {@code profile:<name>} for its profile's
 */
public record EffectiveKey(Key key, String source) {
}
