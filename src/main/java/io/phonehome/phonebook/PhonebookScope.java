package io.phonehome.phonebook;

import java.util.Locale;
import java.util.Optional;

/** Which phonebook a site's phones get. */
public enum PhonebookScope {
    /** The site's own lines and contacts (the default), plus the fleet-wide contacts for the default customer's sites. */
    SITE,
    /** Every line and every contact of the site's customer (fleet-wide contacts: the default customer's). */
    FLEET;

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PhonebookScope> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "site" -> Optional.of(SITE);
            case "fleet" -> Optional.of(FLEET);
            default -> Optional.empty();
        };
    }
}
