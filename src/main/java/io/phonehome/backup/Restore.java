package io.phonehome.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Brings a backup back into an empty data directory, offline (the server is not running on it).
 * Nothing is written where the data directory will be until the whole backup has decrypted and
 * authenticated and every file is unpacked: the work happens in a hidden staging directory beside
 * it, which is renamed to the data directory at the end. A wrong passphrase, a tampered or cut
 * file, or a data directory that is not empty is refused with the reason, and nothing is
 * overwritten.
 *
 * <p>A backup of a PostgreSQL installation holds {@code pg_dump}'s dump: it goes back into the
 * database the settings name ({@code db_url}), which must be empty (created by its administrator,
 * owned by {@code db_user}), only after the whole file authenticated, with {@code pg_restore} in one
 * transaction; then the data directory takes its place. A backup's database must match the
 * settings': an H2 backup is not restored for a server set up for PostgreSQL, nor the other way.
 */
public final class Restore {
    /** What was restored. */
    public record Report(Path dataDir, int dataFiles, String created, String configFileWas, String postgresDatabase) {
    }

    private Restore() {
    }

    /** Into an installation on the embedded H2 database. */
    public static Report into(Path backup, char[] passphrase, Path dataDir) throws IOException {
        return into(backup, passphrase, dataDir, Optional.empty());
    }

    /** {@code postgres}: the PostgreSQL database the settings name; empty when they name H2. */
    public static Report into(Path backup, char[] passphrase, Path dataDir, Optional<PostgresDump> postgres) throws IOException {
        Path target = dataDir.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new BackupCipher.Refused(target + " is a file, not a data directory");
            }
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new BackupCipher.Refused(target + " is not empty: a backup is restored into an empty data directory only, "
                            + "so nothing is overwritten (move it away first)");
                }
            }
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = parent.resolve(".phonehome-restore-" + UUID.randomUUID());
        Files.createDirectory(staging);
        try {
            Path plain = staging.resolve("backup.zip");
            try (InputStream in = Files.newInputStream(backup); OutputStream out = Files.newOutputStream(plain)) {
                BackupCipher.decrypt(in, passphrase, out);
            }
            Path data = staging.resolve("data");
            Files.createDirectory(data);
            int files = 0;
            boolean database = false;
            Path dump = staging.resolve("postgresql.dump");
            boolean dumped = false;
            Properties manifest = new Properties();
            String configWas = null;
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(plain))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    String name = e.getName();
                    if (name.equals(Backups.DATABASE_ENTRY)) {
                        unpackDatabase(zip, data);
                        database = true;
                    } else if (name.equals(Backups.POSTGRESQL_ENTRY)) {
                        write(zip, dump);
                        dumped = true;
                    } else if (name.startsWith(Backups.DATA_PREFIX) && !e.isDirectory()) {
                        write(zip, inside(data, name.substring(Backups.DATA_PREFIX.length())));
                        files++;
                    } else if (name.equals(Backups.CONFIG_ENTRY)) {
                        write(zip, data.resolve("restored-phonehome.properties"));
                    } else if (name.equals(Backups.MANIFEST_ENTRY)) {
                        manifest.load(zip);
                        configWas = manifest.getProperty("config_file");
                    }
                }
            }
            if (!database && !dumped) {
                throw new BackupCipher.Refused("the backup holds no database");
            }
            if (database && postgres.isPresent()) {
                throw new BackupCipher.Refused("the backup holds an H2 database, but db_url names the PostgreSQL database "
                        + postgres.get().database() + ": restore it without db_url, then move it with phonehome migrate-store");
            }
            if (dumped && postgres.isEmpty()) {
                throw new BackupCipher.Refused("the backup holds a PostgreSQL database: set db_url, db_user and db_password"
                        + " to the empty PostgreSQL database to restore it into");
            }
            String expected = manifest.getProperty("data_files");
            if (expected == null || Integer.parseInt(expected) != files) {
                throw new BackupCipher.Refused("the backup's manifest lists " + expected + " data files, " + files + " were found");
            }
            Files.delete(plain);
            if (dumped) {
                postgres.get().requireEmpty(staging.resolve("psql.log"));
                postgres.get().restoreFrom(dump, staging.resolve("pg_restore.log"));
            }
            if (Files.exists(target)) {
                Files.delete(target); // empty, checked above
            }
            Files.move(data, target, StandardCopyOption.ATOMIC_MOVE);
            return new Report(target, files, manifest.getProperty("created"), configWas, dumped ? postgres.get().database() : null);
        } finally {
            Backups.deleteTree(staging);
        }
    }

    /** H2's backup is itself a zip of the database files: they go to the data directory's top. */
    private static void unpackDatabase(InputStream h2zip, Path data) throws IOException {
        ZipInputStream inner = new ZipInputStream(h2zip);
        ZipEntry e;
        int n = 0;
        while ((e = inner.getNextEntry()) != null) {
            if (!e.isDirectory()) {
                write(inner, inside(data, Path.of(e.getName()).getFileName().toString()));
                n++;
            }
        }
        if (n == 0) {
            throw new BackupCipher.Refused("the backup's database copy is empty");
        }
    }

    /** A path from the backup, kept inside the data directory (no {@code ..}, no absolute names). */
    private static Path inside(Path root, String relative) throws BackupCipher.Refused {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new BackupCipher.Refused("the backup names a file outside the data directory: " + relative);
        }
        return p;
    }

    private static void write(InputStream in, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
    }
}
