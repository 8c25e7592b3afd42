/**
 * The admin API edge: its own HTTPS listener, JSON routes under {@code /api/v1}, bearer tokens
 * with roles (and optionally limited to one customer, see {@code CustomerScope}), the audit log
 * and the OpenAPI document. Uses capabilities and leaves (Undertow,
 * Jackson), never another edge; its own tables (tokens, audit) go through {@code store}.
 */
package io.phonehome.admin;
