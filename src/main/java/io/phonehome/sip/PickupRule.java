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
    /**
     * Dialled before an extension, picks up the call ringing there: {@code **} is what Grandstream
     * ("BLF Call-pickup Prefix", P1347) and Yealink ({@code features.pickup.direct_pickup_code})
     * are provisioned with in the public templates (FusionPBX gxp21xx, t54w).
     */
    static final String CODE_PREFIX = "**";

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
        Optional<Line> ringing = activity.ringingExtension(callIdOf(replaces)).flatMap(lines::byAor);
        if (ringing.isEmpty() || sameSite(picker, ringing.get())) {
            return Optional.empty();
        }
        return Optional.of("Forbidden: extension " + ringing.get().extension() + " is on another site");
    }

    /**
     * What an INVITE to the pickup code ({@link #CODE_PREFIX} + extension) becomes, or empty when
     * the dialled number is no pickup code. Phones whose BLF key picks up by dialling a prefix
     * (Grandstream's "BLF Call-pickup Prefix") cannot build a {@code Replaces} themselves, so
     * Phonehome builds it for them from the call it routes and sends the picker's INVITE on to the
     * caller's phone, which takes it over from the ringing one as RFC 3891 says.
     */
    Optional<Decision> byCode(String dialled, Line picker) {
        if (dialled == null || !dialled.startsWith(CODE_PREFIX) || dialled.length() == CODE_PREFIX.length()) {
            return Optional.empty();
        }
        String extension = dialled.substring(CODE_PREFIX.length());
        // the picker's own customer's extension (issue 17); activity is kept by address of record
        Optional<Line> rung = lines.byExtension(lines.spaceOf(picker), extension);
        if (rung.isEmpty()) {
            return Optional.of(Decision.refused(404, "Not Found: extension " + extension + " is no line"));
        }
        if (!sameSite(picker, rung.get())) {
            return Optional.of(Decision.refused(403, "Forbidden: extension " + extension + " is on another site"));
        }
        Optional<LineActivity.Ringing> ringing = activity.ringingAt(lines.aor(rung.get()));
        if (ringing.isEmpty()) {
            return Optional.of(Decision.refused(480, "Temporarily Unavailable: nothing rings at extension " + extension));
        }
        LineActivity.Ringing r = ringing.get();
        // The caller's phone matches the dialog with its own tag as to-tag (RFC 3891 section 3);
        // early-only: a call answered meanwhile is not taken from whoever answered it.
        return Optional.of(new Decision(0, null, r.callerExtension(),
                r.callId() + ";to-tag=" + r.callerTag() + ";from-tag=" + r.calleeTag() + ";early-only"));
    }

    /**
     * A pickup code's outcome: refused with a status and reason phrase, or routed to the caller's
     * extension with a {@code Replaces} header of the ringing dialog.
     */
    record Decision(int status, String reason, String callerExtension, String replaces) {
        static Decision refused(int status, String reason) {
            return new Decision(status, reason, null, null);
        }

        boolean refused() {
            return status != 0;
        }
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
