/**
 * The lines' mailboxes: voice messages left for an extension, each a WAV file (8 kHz 16-bit PCM,
 * decoded from the caller's G.711) under {@code <data_dir>/voicemail/<extension>/} and a row of
 * {@code voicemail_messages} written once the file is complete; beside them the box's greeting
 * ({@code greeting.wav}) and its row of {@code voicemail_boxes} (PIN hash, own phone without PIN,
 * the line's own forwarding choice).
 *
 * <p>{@link io.phonehome.voicemail.Mailboxes} says whether a message can be left (the extension
 * is a line, its box is not full), names the file a new message is recorded into, turns a
 * finished recording into a new message, saves and deletes messages, keeps the PIN and greeting,
 * and tells the {@link io.phonehome.actions.MessageWaiting} port the box's new and saved counts so
 * the line's lamp follows them.
 *
 * <p>{@link io.phonehome.voicemail.VoicemailCalls} is the calls' side: the
 * {@link io.phonehome.media.ServiceDirectory} of the voicemail numbers, whose scripts
 * ({@code LeaveMessage}, {@code MailboxMenu}) greet, record and run the listening menu through a
 * {@link io.phonehome.media.CallControl}, and the forwarding rules the SIP edge asks when a call
 * finds its line busy or unanswered. The SIP edge owns the dialog and the media; nothing here
 * imports it.
 */
package io.phonehome.voicemail;
