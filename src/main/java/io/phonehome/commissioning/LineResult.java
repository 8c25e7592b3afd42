package io.phonehome.commissioning;

import java.util.Locale;

/** What a commissioning run found for one line, as the report names it. */
public enum LineResult {
    /** Not called yet. */
    PENDING,
    /** No registered contact: the phone is off, not provisioned, or cannot reach Phonehome. */
    NOT_REGISTERED,
    /** Rang until the ring timeout (or the phone said 408/480). */
    NO_ANSWER,
    /** 486, 600 or 603. */
    BUSY,
    /** Answered, but nobody pressed 1: someone picked up, or an answering machine. */
    ANSWERED,
    /** Answered and 1 pressed: a person heard the message on this line. */
    CONFIRMED,
    /** Another SIP refusal or a local problem; the detail says which. */
    FAILED,
    /** The run was cancelled before this line was called. */
    CANCELLED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LineResult ofLabel(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
