/**
 * The lines' mailboxes: voice messages left for an extension of a customer, each a WAV file (8 kHz
 * 16-bit PCM, decoded from the caller's G.711) under {@code <data_dir>/voicemail/<extension>/} (the
 * default customer's boxes, where every box was before customers) or
 * {@code <data_dir>/voicemail/@<customer id>/<extension>/} (another customer's), and a row of
 * {@code voicemail_messages} written once the file is complete; beside them the box's greeting
 * ({@code greeting.wav}) and its row of {@code voicemail_boxes} (PIN hash, own phone without PIN,
 * the line's own forwarding choice).
 *
 * <p>A box is keyed by {@link io.phonehome.voicemail.MailboxId}: the customer and the extension in
 * its extension space (issue 17: extension 200 may exist once per customer, and so may box 200).
 * Not by the line's row id, so a re-import that writes a device's lines anew keeps the box. Every
 * caller names the customer: the SIP edge the callee's (or, for {@code <number>*<extension>} and
 * the listening menu, the caller's own), the admin API the customer its route resolved the
 * extension in; the lamp is told the customer and extension and finds the line's address of record.
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
