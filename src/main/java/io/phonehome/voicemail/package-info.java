/**
 * The lines' mailboxes: voice messages left for an extension, each a WAV file (8 kHz 16-bit PCM,
 * decoded from the caller's G.711) under {@code <data_dir>/voicemail/<extension>/} and a row of
 * {@code voicemail_messages} written once the file is complete.
 *
 * <p>{@link io.phonehome.voicemail.Mailboxes} says whether a message can be left (the extension
 * is a line, its box is not full), names the file a new message is recorded into, turns a
 * finished recording into a new message, and tells the {@link io.phonehome.actions.MessageWaiting}
 * port the box's new and saved counts so the line's lamp follows them. The recording itself
 * (the call, its media, the length limit) belongs to the SIP edge's service calls.
 */
package io.phonehome.voicemail;
