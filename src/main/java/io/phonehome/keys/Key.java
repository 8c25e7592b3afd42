package io.phonehome.keys;

/**
 * One programmable key as stored.
 *
 * @param module   0 for the phone's own keys, M (1-based) for expansion module M
 * @param position 1-based on the phone or the module
 * @param value    extension, number or park slot; empty where the type takes none
 * @param line     the account index the key uses, 1-based
 */
public record Key(int module, int position, KeyType type, String value, String label, int line) {
    /** "key 7" or "expansion module 2 key 7", as errors and the API name a position. */
    public String where() {
        return module == 0 ? "key " + position : "expansion module " + module + " key " + position;
    }

    boolean samePlace(Key other) {
        return module == other.module && position == other.position;
    }
}
