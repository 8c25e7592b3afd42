package io.phonehome.sip;

/**
 * The body of a message-summary NOTIFY (RFC 3842 {@code application/simple-message-summary}):
 * whether messages wait, the account they are in, and the voice-message counts new/old (urgent
 * new/old, which Phonehome does not keep: 0/0).
 */
final class MessageSummaryDocument {
    private MessageSummaryDocument() {
    }

    static String render(String host, String extension, int newMessages, int oldMessages) {
        return "Messages-Waiting: " + (newMessages > 0 ? "yes" : "no") + "\r\n"
                + "Message-Account: " + DialogInfoDocument.uri(host, extension) + "\r\n"
                + "Voice-Message: " + newMessages + "/" + oldMessages + " (0/0)\r\n";
    }
}
