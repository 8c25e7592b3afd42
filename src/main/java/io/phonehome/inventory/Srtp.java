package io.phonehome.inventory;

import java.util.Locale;

/** Media encryption of a line: off, offered but optional, or mandatory. */
public enum Srtp {
    OFF, OPTIONAL, MANDATORY;

    public static Srtp parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InventoryException("srtp '" + s + "' must be off, optional or mandatory");
        }
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
