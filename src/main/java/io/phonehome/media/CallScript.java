package io.phonehome.media;

/**
 * What a call Phonehome answers (or places) itself does once its media runs: an IVR menu, a
 * mailbox, a commissioning check, the hot-desk login. The SIP edge owns the dialog and the media;
 * a script only reacts to the call's events and acts through its {@link CallControl}.
 *
 * <p>Every method of one call is called by one thread at a time, in the order the events
 * happened (the edge serialises them per call), so a script keeps its state in plain fields; it
 * must not block for long (a database read is fine, waiting for a person is what
 * {@link CallControl#after} is for).
 */
public interface CallScript {
    /** The call is up: media agreed and, for an answered call, the ACK arrived. */
    void answered(CallControl call);

    /**
     * A key the caller pressed, from RFC 4733 telephone events or, for phones that send them so,
     * SIP INFO ({@code application/dtmf-relay} or {@code application/dtmf}): each key once.
     */
    default void digit(CallControl call, char key) {
    }

    /** The call is over (BYE from either side, silence, shutdown); nothing can be played any more. */
    default void ended(CallControl call, String why) {
    }
}
