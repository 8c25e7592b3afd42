package io.phonehome.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text rules every column of a device import obeys, checked before any planning: the longest
 * value its database column holds (or the tighter limit the phones' files impose), and no control
 * characters, line breaks or broken UTF-16. One table for CSV imports, their dry runs and the
 * admin API's JSON device writes (which become rows too), so that a value the database would
 * refuse is reported with its row and column instead of failing the write.
 */
public final class ColumnRules {
    /** Longest value per column, in characters. */
    static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(
            Map.entry("mac", 32),                 // any usual spelling; stored as 12 hex digits
            Map.entry("model", 32),               // devices.model
            Map.entry("vendor", 32),              // devices.vendor
            Map.entry("serial", 64),              // devices.serial
            Map.entry("site", 100),               // sites.name
            Map.entry("line", 4),                 // a line number
            Map.entry("extension", 32),           // lines.extension (the extension rule is tighter still)
            Map.entry("display_name", 100),       // lines.display_name
            Map.entry("label", 100),              // lines.label
            Map.entry("handset", 4),              // a handset number
            Map.entry("handset_name", 100),       // handsets.name
            Map.entry("auth_user", 64),           // lines.auth_user
            Map.entry("password", 64),            // lines.password holds 100; phones' own fields take 64
            Map.entry("transport", 8),            // lines.transport
            Map.entry("srtp", 16),                // lines.srtp
            Map.entry("redirect_url", Redirect.MAX_URL_LENGTH), // devices.redirect_url
            Map.entry("redirect_username", 64),   // devices.redirect_username
            Map.entry("redirect_password", 64),   // devices.redirect_password holds 100; redirect files take 64
            Map.entry("dect_manager", 32),        // a MAC, any usual spelling
            // what an export adds: ignored on import, still bounded so a report never echoes a huge value
            Map.entry("reported_model", 64),
            Map.entry("reported_firmware", 64),
            Map.entry("last_seen", 64),
            Map.entry("last_address", 64));

    private ColumnRules() {
    }

    /** The longest value {@code column} takes, or -1 for a key that is no import column. */
    public static int maxLength(String column) {
        return MAX_LENGTH.getOrDefault(column, -1);
    }

    /** Every broken rule of one row, one error per column at most. */
    public static List<FieldError> check(CsvTable.Row row) {
        List<FieldError> errors = new ArrayList<>();
        for (String column : row.values().keySet()) {
            // the value as planning reads and stores it (trimmed)
            String problem = problem(column, row.get(column));
            if (problem != null) {
                errors.add(new FieldError(row.number(), column, problem));
            }
        }
        return errors;
    }

    /** What is wrong with {@code value} in {@code column}, or null. Never echoes the value (it may be a password). */
    public static String problem(String column, String value) {
        Integer max = MAX_LENGTH.get(column);
        if (max == null || value == null) {
            return null;
        }
        if (value.length() > max) {
            return "is " + value.length() + " characters long; at most " + max + " are allowed";
        }
        if (Texts.hasControlCharacters(value)) {
            // a line break would start a new key in the key = value files phones read
            return "must be printable text, without control characters or line breaks";
        }
        if (hasBrokenSurrogate(value)) {
            return "is not valid text (a broken UTF-16 surrogate)";
        }
        return null;
    }

    private static boolean hasBrokenSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
