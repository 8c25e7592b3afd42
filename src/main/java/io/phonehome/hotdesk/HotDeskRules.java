package io.phonehome.hotdesk;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

/**
 * The operator's hot-desk settings.
 *
 * @param loginCode      dialled as {@code <loginCode>*<extension>*<pin>} to log in
 * @param logoutCode     dialled as is to log out
 * @param emergency      numbers a desk without a user may still call
 * @param nightlyLogout  site-local time at which every desk of the site is freed
 * @param maxWrongPins   wrong PINs per target extension, and per desk, within {@code lockWindow} before both are locked
 * @param lockWindow     the counting window, and how long a lockout lasts
 */
public record HotDeskRules(String loginCode, String logoutCode, Set<String> emergency, LocalTime nightlyLogout, int maxWrongPins,
                           Duration lockWindow) {
    public HotDeskRules {
        emergency = Set.copyOf(emergency);
    }
}
