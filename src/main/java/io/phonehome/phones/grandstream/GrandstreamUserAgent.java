package io.phonehome.phones.grandstream;

import io.phonehome.inventory.Mac;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Grandstream User-Agents. Seen in the field (wazo-provd's Grandstream plug-in collects them):
 * {@code Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872},
 * {@code Grandstream Model HW GXP2200 V2.2A SW 1.0.1.33 DevId 000b82462d97} (hardware revision after
 * the model), {@code Grandstream Model HW GXV3350  V1.3A SW 1.0.1.8 DevId c074ad150b88} (double
 * space), the HT adapters in the same shape ({@code Grandstream Model HW HT801 V1.1A SW 1.0.17.5
 * DevId c074ad273a10}, {@code Grandstream Model HW HT802V2 V1.0A SW 1.0.5.4 DevId ec74d763e419},
 * wazo-provd's {@code common_ata/common.py}), newer devices with the DevId in upper case with colons ({@code EC:74:D7:89:1A:76}), and
 * the ancient {@code Grandstream GXP2000 (gxp2000e.bin:1.2.5.3/boot55e.bin:1.1.6.9) DevId 000b822726c8}.
 */
public final class GrandstreamUserAgent {
    /** What a User-Agent says; mac is null when the DevId is not a usable MAC. */
    public record Info(String model, String firmware, Mac mac) {
    }

    private static final int MAX_LENGTH = 256;
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("^Grandstream\\s+Model\\s+HW\\s+([A-Za-z][A-Za-z0-9_-]*)(?:\\s+V\\S+)?\\s+SW\\s+([0-9][0-9A-Za-z.]*)"
                    + "\\s+DevId\\s+(\\S+)(?:\\s.*)?$"),
            Pattern.compile("^Grandstream\\s+(GXP[0-9]+)\\s+\\([^:()]*:([0-9][0-9.]*)/[^()]*\\)\\s+DevId\\s+(\\S+)(?:\\s.*)?$"));
    private static final Pattern NOT_HEX = Pattern.compile("[^0-9A-Fa-f]");

    private GrandstreamUserAgent() {
    }

    public static Optional<Info> parse(String ua) {
        if (ua == null || ua.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(ua);
            if (m.matches()) {
                return Optional.of(new Info(m.group(1).toUpperCase(Locale.ROOT), m.group(2), devId(m.group(3))));
            }
        }
        return Optional.empty();
    }

    /** Some firmware writes the DevId as {@code EC:74:D7:89:1A:76}: whatever is not hex is dropped. */
    private static Mac devId(String raw) {
        String hex = NOT_HEX.matcher(raw).replaceAll("");
        return hex.length() == 12 ? Mac.tryParse(hex).orElse(null) : null;
    }
}
