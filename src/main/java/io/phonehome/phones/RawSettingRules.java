package io.phonehome.phones;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks every plug-in's {@link PhonePlugin#rawSettingProblem} builds on: a value never
 * carries a control character (a line break would start a new key in a {@code key = value}
 * file, and XML 1.0 cannot hold most of them), and an XML element name is a plain ASCII name
 * (no spaces, quotes or angle brackets, nothing starting with {@code xml}).
 */
public final class RawSettingRules {
    /** Long enough for a URL or a certificate fingerprint, short enough to stay a setting. */
    public static final int MAX_VALUE_LENGTH = 1000;
    public static final int MAX_KEY_LENGTH = 120;
    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private RawSettingRules() {
    }

    /** Control characters, Unicode line and paragraph separators, over-long values. */
    public static Optional<String> valueProblem(String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            return Optional.of("value is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return Optional.of("value contains a control character or line break (U+" + String.format("%04X", (int) c) + ")");
            }
        }
        return Optional.empty();
    }

    /** An element name as XML 1.0 allows it, restricted to ASCII. */
    public static Optional<String> xmlNameProblem(String name) {
        if (name.isEmpty() || name.length() > MAX_KEY_LENGTH) {
            return Optional.of("key must have 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (!XML_NAME.matcher(name).matches()) {
            return Optional.of("\"" + name + "\" is not an XML element name (letters, digits, '_', '-', '.', starting with a letter or '_')");
        }
        if (name.regionMatches(true, 0, "xml", 0, 3)) {
            return Optional.of("XML element names may not start with \"xml\"");
        }
        return Optional.empty();
    }
}
