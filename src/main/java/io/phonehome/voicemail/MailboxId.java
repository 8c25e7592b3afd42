package io.phonehome.voicemail;

/**
 * A mailbox's key: the line's extension within its customer's extension space (issue 17). Not the
 * line's row id: a re-import that writes a device's lines anew keeps the box, its messages, PIN
 * and greeting, as long as the customer keeps the extension.
 */
public record MailboxId(long customerId, String extension) {
    public MailboxId {
        if (extension == null) {
            throw new IllegalArgumentException("a mailbox names an extension");
        }
    }

    @Override
    public String toString() {
        return extension + " (customer " + customerId + ")";
    }
}
