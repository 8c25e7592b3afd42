/**
 * The database: connection pool, Flyway migrations ({@code db/migration}), the {@code Jdbc}
 * helper with thread-bound transactions, SQLException translation, and notifications of
 * committed writes per declared {@code Table} (what keeps the in-memory views correct), and
 * {@code WriteBehind}, the one shape of every background writer (bounded queues, one named
 * thread, batches). A leaf: uses only
 * {@code errors}. The only package that knows H2, HikariCP or Flyway.
 */
package io.phonehome.store;
