package io.phonehome.sip;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the firmware version out of a REGISTER's User-Agent, for the device's vendor only (a
 * softphone registering a desk phone's line must not rewrite the desk phone's firmware). The
 * table is data: how each vendor's SIP User-Agent starts; the version is the first dotted number
 * of three or more parts after it. Kept here (not in the vendor plug-ins, which must not know the
 * SIP edge).
 */
final class FirmwareFromUserAgent {
    /** Vendor ({@code Device.vendor()}) to the start of its User-Agent. */
    private static final Map<String, Pattern> PREFIX = Map.of(
            // "Yealink SIP-T46U 108.86.0.20", "Yealink W70B 146.85.0.20" (vendor-formats 1.2 / 2.1, MAC not sent over SIP)
            "yealink", Pattern.compile("^\\s*yealink\\b", Pattern.CASE_INSENSITIVE),
            // "snomD785/10.1.46.16", or the HTTP form "... snomD785-SIP 10.1.169.16 ..." (vendor-formats 3.2)
            "snom", Pattern.compile("\\bsnom\\w*", Pattern.CASE_INSENSITIVE),
            // "Grandstream GXP2170 1.0.11.3", "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId ..." (vendor-formats 4.2)
            "grandstream", Pattern.compile("^\\s*grandstream\\b", Pattern.CASE_INSENSITIVE),
            // "Fanvil X4 2.10.2.6887 0c383e07e16c" (vendor-formats 5.2)
            "fanvil", Pattern.compile("^\\s*fanvil\\b", Pattern.CASE_INSENSITIVE));
    private static final Pattern VERSION = Pattern.compile("(?<![\\d.])(\\d{1,5}(?:\\.\\d{1,6}){2,5})(?![\\d.])");

    private FirmwareFromUserAgent() {
    }

    static Optional<String> firmware(String vendor, String userAgent) {
        if (vendor == null || userAgent == null || userAgent.length() > 255) {
            return Optional.empty();
        }
        Pattern prefix = PREFIX.get(vendor.toLowerCase(Locale.ROOT));
        if (prefix == null) {
            return Optional.empty();
        }
        Matcher p = prefix.matcher(userAgent);
        if (!p.find()) {
            return Optional.empty();
        }
        Matcher v = VERSION.matcher(userAgent);
        return v.find(p.end()) ? Optional.of(v.group(1)) : Optional.empty();
    }
}
