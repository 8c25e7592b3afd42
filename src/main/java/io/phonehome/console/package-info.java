/**
 * The web console edge (issue 18): HTML pages for technicians on the admin listener, under
 * {@code /} beside the API's {@code /api/v1}. Server-side FreeMarker templates
 * ({@code src/main/resources/console/}), texts in resource bundles (en, fr, de), one small own
 * script plus htmx from its WebJar, a strict Content-Security-Policy. Sign-in by API token or by
 * a per-person account ({@link io.phonehome.console.Accounts}: Argon2id through
 * {@link io.phonehome.pki.PasswordHash}, optional TOTP), sessions in memory with idle and absolute
 * expiry, a synchronizer CSRF token on every POST. The token check and the audit log are the
 * admin API's, reached through the {@link io.phonehome.console.AdminGate} port the composition
 * root wires, since edges never import each other; everything else is asked of the capabilities
 * directly, as the API does: the firmware catalog, targets and campaigns ({@code FirmwarePage}),
 * the inventory for the fleet's bulk changes ({@code FleetBulk}), the settings and keys importers
 * ({@code DataImportPage}, handed over by the root through {@link io.phonehome.console.Console#importsFrom}).
 * The admins' pages: the fleet overview (grouped queries of
 * {@link io.phonehome.console.FleetStatsRepository}, bar charts drawn on the server as inline SVG), sites,
 * API tokens and the audit log. People's accounts are also served by the admin API's
 * {@code /api/v1/accounts}, which reaches {@link io.phonehome.console.Accounts} through the
 * {@code admin.AccountDirectory} port the root implements.
 */
package io.phonehome.console;
