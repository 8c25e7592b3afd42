/**
 * Encrypted online backups and their restore: what a backup holds and leaves out
 * ({@link io.phonehome.backup.Backups}), the authenticated file format
 * ({@code BackupCipher}, AES-256-GCM chunks under a PBKDF2 key, the format in its comment), and
 * the offline restore into an empty data directory that writes nothing until the whole file
 * authenticated ({@link io.phonehome.backup.Restore}); on PostgreSQL the database part is
 * {@code pg_dump}'s and goes back with {@code pg_restore} into an empty database
 * ({@link io.phonehome.backup.PostgresDump}). A capability on the store leaf; JDK crypto only.
 */
package io.phonehome.backup;
