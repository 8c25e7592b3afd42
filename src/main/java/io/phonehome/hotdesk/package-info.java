/**
 * Hot desking ("free seating"): users who carry a PIN log in on any phone marked as a hot desk
 * with their extension and PIN, and the phone becomes theirs until they log out, log in on
 * another desk, or the site's nightly logout runs.
 *
 * <p>{@link io.phonehome.hotdesk.HotDesks} holds which extensions are hot-desk users (a PIN per
 * extension of a customer, stored as a salted slow hash, never returned), which devices are hot
 * desks, and who sits where (one desk per user, one user per desk). Each customer has its own
 * extension space: a login at a desk looks the extension and PIN up in the customer of the desk's
 * site (the default customer for a desk without a site), never another customer's same extension. It is the
 * {@link io.phonehome.phones.DeviceLines} port: the configuration of a desk with a user carries
 * the user's line in place of the desk's own. The SIP edge asks it about calls from a desk (the
 * login and logout codes, the restricted identity of a free desk) and it asks the
 * {@link io.phonehome.actions.DeviceNotifier} port to re-sync a desk whose seat changed. A seated
 * user's desk also carries the keys of the user's own phone ({@code DeviceLines.keysOwner}).
 *
 * <p>{@link io.phonehome.hotdesk.HotDeskLogin} is the login number ({@code hotdesk.login_number}):
 * a {@link io.phonehome.media.ServiceDirectory} whose script asks for extension and PIN in the
 * shipped prompts and logs in exactly as the feature code does.
 */
package io.phonehome.hotdesk;
