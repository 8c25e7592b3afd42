package io.phonehome.phones.snom;

import io.phonehome.inventory.Mac;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Snom User-Agents. The form is
 * {@code Mozilla/4.0 (compatible; snom<TYPE>-SIP <firmware> <build...> [<MAC>] [SXM:n UXM:n UXMC:n])}, seen as e.g.
 * <ul>
 * <li>{@code Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)}</li>
 * <li>{@code Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 2010.12-00004-g9ba52f5 000413922D24 SXM:0 UXM:0)}</li>
 * <li>{@code Mozilla/4.0 (compatible; snom710-SIP 8.7.5.35 1.1.5-IFX-05.01.12 000413741767)}</li>
 * <li>{@code Mozilla/4.0 (compatible; snom760-SIP 8.7.3.19 2010.06)} (older firmware: no MAC)</li>
 * </ul>
 * (wazo-provd-plugins {@code plugins/wazo_snom/common/common.py} collects these). The build part has
 * a varying number of words, so the MAC is not found by position: it is the word of exactly 12
 * upper-case hex digits, preferring Snom's OUI {@code 000413} and then the word right before
 * {@code SXM:} when several words qualify.
 */
public final class SnomUserAgent {
    /** What a User-Agent says; mac may be null. */
    public record Info(String model, String firmware, Mac mac) {
    }

    /** Snom's IEEE OUI, upper case as the firmware writes it. */
    static final String SNOM_OUI = "000413";
    /** Longer than any real Snom User-Agent by far; anything longer is not parsed at all. */
    private static final int MAX_LENGTH = 512;
    private static final Pattern HEAD = Pattern.compile("\\bsnom([A-Za-z0-9]{1,16})-SIP\\s+([0-9]+(?:\\.[0-9]+){1,5})(?=[\\s);]|$)");
    private static final Pattern SXM = Pattern.compile("\\s+SXM:");
    private static final Pattern HEX12 = Pattern.compile("(?<![0-9A-Za-z])([0-9A-F]{12})(?![0-9A-Za-z])");

    private SnomUserAgent() {
    }

    public static Optional<Info> parse(String ua) {
        if (ua == null || ua.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher head = HEAD.matcher(ua);
        if (!head.find()) {
            return Optional.empty();
        }
        String model = head.group(1).toUpperCase(Locale.ROOT);
        String firmware = head.group(2);
        return Optional.of(new Info(model, firmware, mac(ua.substring(head.end())).orElse(null)));
    }

    private static Optional<Mac> mac(String rest) {
        List<String> words = new ArrayList<>();
        String beforeSxm = null;
        Matcher m = HEX12.matcher(rest);
        while (m.find()) {
            words.add(m.group(1));
            if (SXM.matcher(rest).region(m.end(), rest.length()).lookingAt()) {
                beforeSxm = m.group(1);
            }
        }
        String pick = words.stream().filter(w -> w.startsWith(SNOM_OUI)).findFirst()
                .orElse(beforeSxm != null ? beforeSxm : words.size() == 1 ? words.get(0) : null);
        return pick == null ? Optional.empty() : Mac.tryParse(pick);
    }
}
