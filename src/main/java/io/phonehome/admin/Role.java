package io.phonehome.admin;

import java.util.Locale;

/**
 * What a token may do. Ordered: each role can do everything the ones before it can.
 * <ul>
 * <li>{@code viewer}: read the inventory, events and catalogs; secrets are masked;</li>
 * <li>{@code technician}: also change the inventory (sites, devices, lines, imports), preview
 *     configs and send device actions; sees secrets;</li>
 * <li>{@code admin}: also tokens, the audit log and settings.</li>
 * </ul>
 */
public enum Role {
    VIEWER, TECHNICIAN, ADMIN;

    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }

    /** Viewers never see passwords, tokens or keys; the others do where a resource has them. */
    public boolean seesSecrets() {
        return allows(TECHNICIAN);
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("role '" + s + "' must be one of viewer, technician, admin");
        }
    }
}
