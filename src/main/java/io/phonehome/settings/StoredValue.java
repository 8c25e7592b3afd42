package io.phonehome.settings;

/**
 * One value as stored: a typed setting's name ({@code time.format}) or a raw vendor key
 * ({@code <vendor>:<key>}), at one scope.
 */
public record StoredValue(Scope scope, String name, String value) {
    /** Whether the name is a raw vendor key rather than a typed setting. */
    public boolean raw() {
        return name.indexOf(':') > 0;
    }

    /** The vendor of a raw key, else null. */
    public String rawVendor() {
        int i = name.indexOf(':');
        return i > 0 ? name.substring(0, i) : null;
    }

    /** The key of a raw value without its vendor, else null. */
    public String rawKey() {
        int i = name.indexOf(':');
        return i > 0 ? name.substring(i + 1) : null;
    }
}
