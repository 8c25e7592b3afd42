package io.phonehome.inventory;

import java.util.HashSet;
import java.util.Set;

/**
 * Hands out extensions from 200 upwards, skipping any in use. Numbers below 200 are never
 * allocated nor accepted: the first hundred belong to emergency and service numbers (112, 117,
 * 118, 144, 911...), and 1xx is where installers put them on the PBX.
 */
public final class ExtensionAllocator {
    public static final int FIRST = 200;
    public static final long LAST = 99_999_999L;

    private final Set<String> used;
    private long next = FIRST;

    public ExtensionAllocator(Set<String> used) {
        this.used = new HashSet<>(used);
    }

    /** Reserves an explicitly requested extension so it is not allocated to someone else. */
    public void reserve(String extension) {
        used.add(extension);
    }

    public String next() {
        while (next <= LAST) {
            String candidate = Long.toString(next++);
            if (used.add(candidate)) {
                return candidate;
            }
        }
        throw new InventoryException("no free extension left between " + FIRST + " and " + LAST);
    }

    /** Null when acceptable, otherwise why not. */
    public static String problemWith(String extension) {
        if (!extension.matches("[0-9]{3,8}")) {
            return "'" + extension + "' must be 3 to 8 digits";
        }
        if (extension.startsWith("0")) {
            return "'" + extension + "' must not start with 0 (an outside-line prefix on most PBXs)";
        }
        if (Long.parseLong(extension) < FIRST) {
            return "'" + extension + "' is below " + FIRST + ": the first hundred are kept for emergency and service numbers";
        }
        return null;
    }
}
