/**
 * The database: connection pool, Flyway migrations ({@code db/migration}), the {@code Jdbc}
 * helper with thread-bound transactions, SQLException translation, and notifications of
 * committed writes per declared {@code Table} (what keeps the in-memory views correct; on
 * PostgreSQL {@code ClusterWrites} carries them between the nodes sharing the database by
 * NOTIFY/LISTEN; a write that names its rows, {@code Jdbc.updateRow}, reaches row watchers with
 * them, so a view can refresh those rows alone), {@code SharedSecrets} (secrets every node of one database holds alike), and
 * {@code WriteBehind}, the one shape of every background writer (bounded queues, one named
 * thread, batches). A leaf: uses only
 * {@code errors}. The only package that knows H2, PostgreSQL's driver, HikariCP or Flyway; the
 * migrations are {@code db/migration} (portable) plus {@code db/vendor/<h2|postgresql>} for the
 * versions whose SQL differs, and {@code StoreCopy} copies and checks a whole database (migrate-store).
 */
package io.phonehome.store;
