package io.phonehome.inventory;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The proofs a site accepts before a per-MAC (secret-bearing) file is served:
 * HTTP digest (site credentials or the device's own), a client certificate naming the MAC, a
 * request from one of the site's trusted networks, or the first-provisioning window after import.
 */
public enum AuthMethod {
    DIGEST, CLIENT_CERT, NETWORK, WINDOW;

    /** The default: a credential or a certificate; never "anyone who can guess a MAC". */
    public static final Set<AuthMethod> DEFAULT = EnumSet.of(DIGEST, CLIENT_CERT);

    public static Set<AuthMethod> parseList(String s) {
        EnumSet<AuthMethod> out = EnumSet.noneOf(AuthMethod.class);
        if (s == null || s.isBlank()) {
            return out;
        }
        for (String p : s.split(",")) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                out.add(valueOf(t.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new InventoryException("auth method '" + t + "' must be one of digest, client_cert, network, window");
            }
        }
        return out;
    }

    public static String format(Set<AuthMethod> methods) {
        return methods.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(","));
    }
}
