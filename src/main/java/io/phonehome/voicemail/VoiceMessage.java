package io.phonehome.voicemail;

import java.time.Instant;

/** A voice message in a line's mailbox; {@code state} is "new" (unheard) or "saved". */
public record VoiceMessage(long id, String extension, String caller, Instant startedAt, long durationMillis, String state, String fileName) {
}
