package io.phonehome.phones.fanvil;

import io.phonehome.inventory.Mac;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Fanvil User-Agents: {@code Fanvil <model> <firmware> <mac>}, the MAC in 12 lower-case hex
 * digits. Seen in the field (wazo-provd's Fanvil plug-in collects them):
 * {@code Fanvil X4U 2.12.16.17 0c383e557eb1}, {@code Fanvil X5U-V2 2.12.16.17 0c383e557eb1},
 * {@code Fanvil X6U Pro 0.0.10 0c383e2cd782} (a space inside the model), {@code Fanvil i10SV 2.12.10.1 0c383e2397f4}.
 * The model is returned in the catalog's spelling: upper case, a space becomes {@code -}
 * ({@code X6U-PRO}), so a Pro variant is a different catalog row, not silently the base model.
 */
public final class FanvilUserAgent {
    /** What a User-Agent says. */
    public record Info(String model, String firmware, Mac mac) {
    }

    private static final int MAX_LENGTH = 256;
    private static final Pattern UA = Pattern.compile(
            "^Fanvil\\s+([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:\\s+Pro)?)\\s+([0-9][0-9.]*)\\s+([0-9A-Fa-f]{12})\\s*$");

    private FanvilUserAgent() {
    }

    public static Optional<Info> parse(String ua) {
        if (ua == null || ua.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = UA.matcher(ua);
        if (!m.matches()) {
            return Optional.empty();
        }
        String model = m.group(1).trim().replaceAll("\\s+", "-").toUpperCase(Locale.ROOT);
        return Optional.of(new Info(model, m.group(2), Mac.tryParse(m.group(3)).orElse(null)));
    }
}
