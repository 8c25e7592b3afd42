/**
 * The service numbers an admin sets up per site beyond the echo test and the mailboxes:
 * announcements (WAVs uploaded through the admin API, normalised to 16 kHz PCM under
 * {@code <data_dir>/announcements/}, each held once as a {@link io.phonehome.media.Clip} so it is
 * encoded once per codec), IVR menus (a site's number, a greeting, digits leading to an
 * announcement, a submenu, a blind transfer to an extension or to a mailbox, or goodbye; checked as
 * a whole on the way in), and the installers' "read back my extension" number (the typed setting
 * {@code services.readback_number}).
 *
 * <p>{@link io.phonehome.ivr.Ivr} is the package's face: the admin API and CLI manage announcements
 * and menus through it, and its {@link io.phonehome.ivr.IvrDirectory} is the
 * {@link io.phonehome.media.ServiceDirectory} the SIP edge asks for each call: a {@link
 * io.phonehome.ivr.MenuScript} or a {@link io.phonehome.ivr.ReadBackScript} runs the call.
 */
package io.phonehome.ivr;
