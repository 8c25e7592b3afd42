package io.phonehome.inventory;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A device MAC address, normalised to 12 lower-case hex digits. Accepts the spellings found on
 * delivery notes and in phone requests: {@code 00:15:65:AA:BB:CC}, {@code 00-15-65-aa-bb-cc},
 * {@code 0015.65aa.bbcc}, {@code 001565aabbcc}. Rejects the all-zero and broadcast addresses and
 * group (multicast) addresses, which no phone has.
 */
public record Mac(String hex) implements Comparable<Mac> {
    private static final Pattern COLONS = Pattern.compile("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern DASHES = Pattern.compile("(?i)[0-9a-f]{2}(-[0-9a-f]{2}){5}");
    private static final Pattern DOTS = Pattern.compile("(?i)[0-9a-f]{4}(\\.[0-9a-f]{4}){2}");
    private static final Pattern PLAIN = Pattern.compile("(?i)[0-9a-f]{12}");

    public Mac {
        if (hex == null || !PLAIN.matcher(hex).matches() || !hex.equals(hex.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a normalised MAC: " + hex);
        }
    }

    /** Parses any accepted spelling; the exception message says what is wrong. */
    public static Mac parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InventoryException("MAC address is empty");
        }
        String t = text.trim();
        if (t.length() > 20) {
            throw new InventoryException("'" + abbreviate(t) + "' is not a MAC address (too long)");
        }
        if (!(COLONS.matcher(t).matches() || DASHES.matcher(t).matches() || DOTS.matcher(t).matches() || PLAIN.matcher(t).matches())) {
            throw new InventoryException("'" + t + "' is not a MAC address (expected 12 hex digits, e.g. 00:15:65:AA:BB:CC or 001565aabbcc)");
        }
        String hex = t.replaceAll("[:.\\-]", "").toLowerCase(Locale.ROOT);
        if (hex.equals("000000000000") || hex.equals("ffffffffffff")) {
            throw new InventoryException("'" + t + "' is not a device MAC address (all zeros / broadcast)");
        }
        if ((Integer.parseInt(hex.substring(0, 2), 16) & 1) == 1) {
            throw new InventoryException("'" + t + "' is a group (multicast) address, not a device MAC");
        }
        return new Mac(hex);
    }

    public static Optional<Mac> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (InventoryException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String t) {
        return t.length() > 24 ? t.substring(0, 24) + "..." : t;
    }

    public String upper() {
        return hex.toUpperCase(Locale.ROOT);
    }

    /** {@code 00:15:65:aa:bb:cc}. */
    public String colons() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    /** The vendor prefix (OUI), 6 lower-case hex digits. */
    public String oui() {
        return hex.substring(0, 6);
    }

    @Override
    public int compareTo(Mac o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
