package io.phonehome.firmware;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where one device of a campaign is, driven by real signals only:
 * <ol>
 * <li>{@code pending}: not started yet;</li>
 * <li>{@code notifying}: its target is set and the NOTIFY (re-sync) is on its way;</li>
 * <li>{@code notified}: the phone accepted the NOTIFY ({@code DeviceNotifier} result);</li>
 * <li>{@code downloading}: it started downloading the image (the firmware listener saw it);</li>
 * <li>{@code rebooted}: it downloaded the whole image and came back (fetched its config or
 *     registered) afterwards;</li>
 * <li>{@code confirmed}: it reports the target version (User-Agent of a config fetch or REGISTER).</li>
 * </ol>
 * Or it ends {@code failed} (NOTIFY refused or unanswered, came back on another version),
 * {@code timed_out} (no next signal before its deadline), {@code skipped} (never eligible: the
 * reason is recorded at creation) or {@code cancelled} (the campaign was cancelled first).
 */
public enum DeviceState {
    PENDING, NOTIFYING, NOTIFIED, DOWNLOADING, REBOOTED, CONFIRMED, FAILED, TIMED_OUT, SKIPPED, CANCELLED;

    /** Started and not finished: counts against the concurrency cap (until rebooted) and keeps the campaign open. */
    public static final Set<DeviceState> IN_FLIGHT = EnumSet.of(NOTIFYING, NOTIFIED, DOWNLOADING, REBOOTED);
    /** May be downloading now: what the cap on concurrent downloads counts. */
    public static final Set<DeviceState> DOWNLOAD_SLOTS = EnumSet.of(NOTIFYING, NOTIFIED, DOWNLOADING);
    public static final Set<DeviceState> FAILURES = EnumSet.of(FAILED, TIMED_OUT);

    public boolean terminal() {
        return this == CONFIRMED || this == FAILED || this == TIMED_OUT || this == SKIPPED || this == CANCELLED;
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeviceState parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
