package io.phonehome.voicemail;

import java.time.Instant;

/** A voice message in a line's mailbox; {@code state} is "new" (unheard) or "saved". */
public record VoiceMessage(long id, MailboxId box, String caller, Instant startedAt, long durationMillis, String state, String fileName) {
    /** The box's extension (within its customer). */
    public String extension() {
        return box.extension();
    }
}
