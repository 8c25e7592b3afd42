package io.phonehome.inventory;

import java.util.Locale;

/** SIP transport of a line or registrar. */
public enum Transport {
    UDP, TCP, TLS;

    public static Transport parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InventoryException("transport '" + s + "' must be udp, tcp or tls");
        }
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The registrar's port when none is given. */
    public int defaultPort() {
        return this == TLS ? 5061 : 5060;
    }
}
