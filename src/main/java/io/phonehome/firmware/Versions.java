package io.phonehome.firmware;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Firmware version strings as phones report them ({@code 108.86.0.20}, {@code 10.1.184.15},
 * {@code 1.0.11.16}, {@code 2.12.20.6903}). Versions are compared for equality only: the
 * question Phonehome asks is "does the phone already run its target?", never "is it newer?"
 * (a downgrade to a known-good version is a legitimate target).
 */
public final class Versions {
    /** What a version may look like: it becomes a URL path segment and a file name part. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}");

    private Versions() {
    }

    public static boolean isValid(String version) {
        return version != null && VALID.matcher(version).matches() && !version.contains("..");
    }

    /** Throws with a message naming the rule when {@code version} cannot be a version. */
    public static String check(String version) {
        if (!isValid(version)) {
            throw FirmwareException.invalid("'" + abbreviate(version) + "' is not a firmware version (letters, digits, '.', '_', '-'; "
                    + "at most 64 characters, starting with a letter or digit)");
        }
        return version;
    }

    /** True when a phone reporting {@code reported} runs {@code target}; case and surrounding spaces do not matter. */
    public static boolean same(String reported, String target) {
        if (reported == null || target == null) {
            return false;
        }
        return reported.trim().toLowerCase(Locale.ROOT).equals(target.trim().toLowerCase(Locale.ROOT));
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
