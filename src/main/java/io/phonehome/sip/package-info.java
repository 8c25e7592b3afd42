/**
 * The SIP edge on jain-sip: registrar, digest authentication, NOTIFY check-sync, call routing
 * between registered phones, event subscriptions (RFC 6665) with Phonehome as the notifier of the
 * {@code dialog} package (busy lamps, fed by the call router through {@code LineActivity}) and the
 * {@code message-summary} package (message lamps, fed through the {@code MessageWaiting} port;
 * any other Event is 489), the numbers Phonehome answers itself ({@code ServiceCalls}: the echo
 * test, and the scripts of the service directories added, the mailboxes' among them; busy and
 * unanswered calls are handed to the callee's mailbox on the caller's own INVITE, under the
 * {@code voicemail} capability's forwarding rules, and the lamp counts come back through
 * {@code MessageWaiting}), the calls Phonehome places itself ({@code PlacedCalls}, the
 * {@code commissioning.CallPlacer} port: Phonehome as the calling user agent, the same scripts and
 * media as answered calls), and
 * guards against floods and scanners. With several nodes on one database (issue 16) {@code NodeRelay}
 * carries signed requests between nodes: NOTIFYs and INVITEs for phones whose flow another node
 * holds, and each node's lamp changes ({@code NodeLamps}: message counts and dialog states sent to
 * every other live node, merged there into the subscriptions that node holds; SIP rather than the
 * database's LISTEN/NOTIFY because calls are memory only, a table notification names no mailbox,
 * and lamps keep working while PostgreSQL restarts).
 * Several customers (issue 17): {@code LineDirectory} turns a
 * request's domain into the extension space it is looked up in (a customer's own SIP domain, or
 * the installation's shared space) and names each line's address of record, by which bindings,
 * calls and subscriptions are kept; the digest realm is the customer's domain; an unknown or
 * foreign domain is refused and security-logged. Uses capabilities and
 * leaves, never another edge; the only package that uses jain-sip.
 */
package io.phonehome.sip;
