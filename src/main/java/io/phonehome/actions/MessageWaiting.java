package io.phonehome.actions;

/**
 * Lights or clears a line's message lamp. Implemented by the SIP core, which tells every phone
 * watching the line's mailbox (an RFC 3842 {@code message-summary} subscription) and, when no
 * phone subscribed, every registered contact of the line unsolicited. Called by whatever keeps
 * the line's voice messages, which must not depend on the SIP edge directly.
 *
 * <p>Contract: returns at once (the NOTIFYs are sent in the background); the latest counts of a
 * line are remembered and sent to a phone that subscribes later, in memory only, so the keeper of
 * the messages calls again for each line with messages after a restart; an extension that is no
 * line, or a negative count, is an {@link IllegalArgumentException}; safe to call from many threads.
 */
@FunctionalInterface
public interface MessageWaiting {
    /**
     * The line's mailbox now holds {@code newMessages} unheard and {@code oldMessages} heard voice
     * messages (both at least 0).
     */
    void messagesWaiting(String extension, int newMessages, int oldMessages);

    /**
     * The mailbox of extension {@code extension} of customer {@code customerId} (each customer has
     * its own extension space, issue 17) now holds these counts; an extension the customer has no
     * line with is an {@link IllegalArgumentException}. The default names the line by its bare
     * extension, which is right only while one customer has it.
     */
    default void messagesWaiting(long customerId, String extension, int newMessages, int oldMessages) {
        messagesWaiting(extension, newMessages, oldMessages);
    }
}
