package io.phonehome.actions;

/**
 * How a NOTIFY to one device ended.
 *
 * @param status the SIP final response code, or 0 when there was none
 * @param detail human-readable, for events (never a secret)
 */
public record NotifyResult(Outcome outcome, int status, String detail) {
    /** The outcome classes recorded in events and shown in campaign/action progress. */
    public enum Outcome { ACCEPTED, REJECTED, TIMED_OUT, NOT_REGISTERED, ERROR }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
