package io.phonehome.console;

import java.util.Locale;

/**
 * What a signed-in person may do: the admin API's roles, by the same names and with the same
 * order (viewer &lt; technician &lt; admin), so a token means the same on a page as in the API.
 * The composition root maps the API's role to this by name.
 */
public enum Access {
    VIEWER, TECHNICIAN, ADMIN;

    public boolean allows(Access required) {
        return compareTo(required) >= 0;
    }

    /** Viewers never see SIP passwords, provisioning passwords or file contents (which carry them). */
    public boolean seesSecrets() {
        return allows(TECHNICIAN);
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Access parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("role '" + s + "' must be one of viewer, technician, admin");
        }
    }
}
