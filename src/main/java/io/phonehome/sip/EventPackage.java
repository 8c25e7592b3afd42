package io.phonehome.sip;

import java.util.Optional;

/**
 * The event packages Phonehome's SIP core is a notifier for (RFC 6665): the busy lamps' {@code
 * dialog} (RFC 4235) and the message lamps' {@code message-summary} (RFC 3842). Any other
 * package, a template package ({@code dialog.winfo}) included, is answered 489 Bad Event.
 */
enum EventPackage {
    DIALOG("dialog", "application", "dialog-info+xml"),
    MESSAGE_SUMMARY("message-summary", "application", "simple-message-summary");

    private final String token;
    private final String contentType;
    private final String contentSubType;

    EventPackage(String token, String contentType, String contentSubType) {
        this.token = token;
        this.contentType = contentType;
        this.contentSubType = contentSubType;
    }

    /** The package an Event header's type names; event types compare byte by byte (RFC 6665 8.2.1). */
    static Optional<EventPackage> of(String eventType) {
        for (EventPackage p : values()) {
            if (p.token.equals(eventType)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    String token() {
        return token;
    }

    String contentType() {
        return contentType;
    }

    String contentSubType() {
        return contentSubType;
    }

    /** Whether an Accept value ({@code type/subtype}, wildcards allowed) takes this package's body. */
    boolean acceptedBy(String type, String subType) {
        boolean typeOk = type == null || type.equals("*") || type.equalsIgnoreCase(contentType);
        boolean subOk = subType == null || subType.equals("*") || subType.equalsIgnoreCase(contentSubType);
        return typeOk && subOk;
    }
}
