/**
 * The database: connection pool, Flyway migrations ({@code db/migration}), the {@code Jdbc}
 * helper with thread-bound transactions, SQLException translation, and notifications of
 * committed writes per table (what keeps the in-memory views correct). A leaf: uses only
 * {@code errors}. The only package that knows H2, HikariCP or Flyway.
 */
package io.phonehome.store;
