package io.phonehome.phones.yealink;

import io.phonehome.inventory.Mac;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Yealink User-Agents. Seen in the field:
 * {@code Yealink SIP-T46U 108.86.0.20 80:5e:c0:11:22:33} (desk phones),
 * {@code Yealink SIP-T56A  58.80.0.25 001565f429a4} (double space, MAC without colons),
 * {@code Yealink SIP VP-T49G 51.80.0.10 00:15:65:9b:5a:44},
 * {@code Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e} and {@code Yealink W90DM 130.87.0.10 ...} (DECT, no "SIP-"),
 * {@code VP530P 23.70.0.40 00:15:65:31:4b:c0}, and the old MAC-less {@code Yealink-T46G 28.71.0.81 28.1.0.128.0.0.0}.
 */
public final class YealinkUserAgent {
    /** What a User-Agent says; mac may be null. */
    public record Info(String model, String firmware, Mac mac) {
    }

    private static final String MAC = "((?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}|[0-9a-fA-F]{12})";
    /** Blanks between the fields: spaces (T38G and T56A send two) or tabs, never a line break. */
    private static final String SP = "[ \\t]+";
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("^[yY]ealink" + SP + "SIP(?:" + SP + "VP)?-([A-Za-z0-9_]+)" + SP + "([0-9.]+)" + SP + MAC + "[ \\t]*$"),
            Pattern.compile("^[yY]ealink" + SP + "([A-Za-z][A-Za-z0-9_]*)" + SP + "([0-9.]+)" + SP + MAC + "[ \\t]*$"),
            Pattern.compile("^(VP530P?|W52P|W60B)" + SP + "([0-9.]+)" + SP + MAC + "[ \\t]*$"),
            Pattern.compile("^[yY]ealink-([A-Za-z0-9_]+)" + SP + "([0-9.]+)(?:" + SP + "[0-9.]+)?[ \\t]*$"));

    private YealinkUserAgent() {
    }

    public static Optional<Info> parse(String ua) {
        if (ua == null || ua.length() > 256) {
            return Optional.empty();
        }
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(ua);
            if (m.matches()) {
                Mac mac = m.groupCount() >= 3 && m.group(3) != null ? Mac.tryParse(m.group(3)).orElse(null) : null;
                return Optional.of(new Info(m.group(1).toUpperCase(Locale.ROOT), m.group(2), mac));
            }
        }
        return Optional.empty();
    }
}
