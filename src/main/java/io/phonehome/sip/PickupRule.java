package io.phonehome.sip;

import io.phonehome.inventory.DeviceRepository;
import io.phonehome.inventory.Line;
import java.util.Objects;
import java.util.Optional;
import javax.sip.header.Header;
import javax.sip.message.Request;

/**
 * Who may pick up a ringing extension. A BLF key picks up with an INVITE to the caller carrying
 * {@code Replaces} with the ringing call's dialog (RFC 3891, built from the dialog-info NOTIFY);
 * Phonehome routes it like any call, so the caller's phone takes it and cancels the ringing.
 * The busy lamp of an extension is shown only to lines of its own site (devices without a site
 * count as one site), and a pickup is held to the same rule: a line of another site that
 * learns or guesses the dialog is refused. A {@code Replaces} of a call that is not ringing (an
 * attended transfer's answered call, or a call Phonehome does not know) is left to the phones.
 */
final class PickupRule {
    private final LineActivity activity;
    private final LineDirectory lines;
    private final DeviceRepository devices;

    PickupRule(LineActivity activity, LineDirectory lines, DeviceRepository devices) {
        this.activity = activity;
        this.lines = lines;
        this.devices = devices;
    }

    /** The reason phrase of a 403 when {@code picker} may not take over the ringing call the INVITE replaces. */
    Optional<String> refusal(Request invite, Line picker) {
        Header replaces = invite.getHeader("Replaces");
        if (replaces == null) {
            return Optional.empty();
        }
        Optional<Line> ringing = activity.ringingExtension(callIdOf(replaces)).flatMap(lines::byExtension);
        if (ringing.isEmpty() || sameSite(picker, ringing.get())) {
            return Optional.empty();
        }
        return Optional.of("Forbidden: extension " + ringing.get().extension() + " is on another site");
    }

    /** The Call-ID a Replaces header names: its value up to the first parameter. */
    static String callIdOf(Header replaces) {
        String s = replaces.toString().strip();
        int colon = s.indexOf(':');
        String value = colon >= 0 && s.regionMatches(true, 0, "Replaces", 0, colon) ? s.substring(colon + 1) : s;
        int semi = value.indexOf(';');
        return (semi >= 0 ? value.substring(0, semi) : value).strip();
    }

    private boolean sameSite(Line a, Line b) {
        if (a.deviceId() == b.deviceId()) {
            return true;
        }
        Long siteA = devices.findById(a.deviceId()).map(d -> d.siteId()).orElse(null);
        Long siteB = devices.findById(b.deviceId()).map(d -> d.siteId()).orElse(null);
        return Objects.equals(siteA, siteB);
    }
}
