/**
 * Programmable keys: per device and as named profiles (e.g. "reception") that many devices use,
 * a device's own key replacing the profile's at the same position. Every key is checked when it
 * is entered against what the model can hold (the catalog's {@code line_keys},
 * {@code expansion_modules} and {@code expansion_keys}), what the model's plug-in can write, and
 * the inventory (a busy-lamp or intercom key watches an extension Phonehome provisions), so a
 * configuration is never silently cut short. The configuration model reads the effective keys
 * through the {@link io.phonehome.phones.DeviceKeys} port; each plug-in maps them to its vendor's
 * key names.
 */
package io.phonehome.keys;
