package io.phonehome.sip.location;

import java.util.List;

/**
 * What the location service did with a REGISTER.
 *
 * @param bindings   the line's bindings after the request (for the 200 response), newest first
 * @param added      bindings that did not exist before
 * @param removed    bindings the request removed (not counting refreshes)
 * @param minExpires for {@link Status#INTERVAL_TOO_BRIEF}: the shortest interval accepted
 * @param newUserAgent true when no earlier binding of the line carried this request's User-Agent
 */
public record RegisterResult(Status status, List<ContactBinding> bindings, List<ContactBinding> added, List<ContactBinding> removed,
                             long minExpires, boolean newUserAgent) {
    /** The registrar's verdict; the SIP edge maps it to a response code. */
    public enum Status {
        /** Bindings were added, refreshed or removed. */
        UPDATED,
        /** Nothing changed: the request was a retransmission or older than what is stored (same Call-ID, CSeq not higher). */
        UNCHANGED,
        /** An expiry below the minimum was asked for; nothing changed. */
        INTERVAL_TOO_BRIEF,
        /** The request would exceed the contacts allowed per line; nothing changed. */
        TOO_MANY_CONTACTS
    }
}
