/**
 * The admin API edge: its own HTTPS listener, JSON routes under {@code /api/v1}, bearer tokens
 * with roles (and optionally limited to one customer, see {@code CustomerScope}), the audit log
 * and the OpenAPI document. Uses capabilities and leaves (Undertow,
 * Jackson), never another edge; its own tables (tokens, audit) go through {@code store}.
 * People's console accounts ({@code /api/v1/accounts}) are the console's, lent through the
 * {@link io.phonehome.admin.AccountDirectory} port the composition root implements.
 */
package io.phonehome.admin;
