package io.phonehome.backup;

import io.phonehome.store.Jdbc;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Online backups of a running installation: the database as H2's own consistent {@code BACKUP}
 * makes it, and the data directory's files (the CA and its keys, the admin token, voice messages,
 * announcements, {@code models.csv}, a settings file kept there), plus the settings file when it
 * lives elsewhere; zipped and encrypted ({@link BackupCipher}) with the operator's passphrase into
 * {@code <backup_dir>/phonehome-<UTC time>.phbk}, written to a hidden {@code .part} file and
 * renamed when complete, optionally copied to a second directory (a mounted remote disk), then
 * rotated in both: at most {@code keep} files and none older than {@code maxAgeDays}, but never
 * the newest. Left out: the live database files (the backup is their consistent copy), logs,
 * firmware images (large, and the vendors' to download again) and earlier backups.
 *
 * <p>On PostgreSQL the database part is {@code pg_dump}'s custom-format dump ({@link PostgresDump}),
 * streamed into the same encrypted archive: one consistent snapshot while phones keep fetching.
 * Any other database is refused with that reason. One backup at a time (a second request waits).
 */
public final class Backups {
    static final String SUFFIX = ".phbk";
    static final String DATABASE_ENTRY = "database/h2.zip";
    static final String POSTGRESQL_ENTRY = "database/postgresql.dump";
    static final String DATA_PREFIX = "data/";
    static final String CONFIG_ENTRY = "config/phonehome.properties";
    static final String MANIFEST_ENTRY = "manifest.properties";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Where a backup comes from and goes to. */
    public record Options(Path dataDir, Path backupDir, Optional<Path> copyDir, Optional<Path> passphraseFile, int keep, int maxAgeDays,
                          Optional<Path> configFile, List<Path> leftOut) {
    }

    /** A backup file: its name, size and when it was made. */
    public record BackupFile(String name, long bytes, Instant created) {
    }

    /** Why no backup was made, for the operator (no passphrase, the database cannot be copied, disk errors). */
    public static final class BackupException extends Exception {
        public BackupException(String message) {
            super(message);
        }
    }

    private final Jdbc jdbc;
    private final boolean embeddedH2;
    private final Optional<PostgresDump> postgres;
    private final Options options;
    private final Clock clock;

    public Backups(Jdbc jdbc, boolean embeddedH2, Options options, Clock clock) {
        this(jdbc, embeddedH2, Optional.empty(), options, clock);
    }

    /** {@code postgres}: the store's PostgreSQL database, dumped with {@code pg_dump}; empty for H2. */
    public Backups(Jdbc jdbc, boolean embeddedH2, Optional<PostgresDump> postgres, Options options, Clock clock) {
        this.jdbc = jdbc;
        this.embeddedH2 = embeddedH2;
        this.postgres = postgres;
        this.options = options;
        this.clock = clock;
    }

    /** Makes a backup now; the file made. */
    public synchronized BackupFile create() throws BackupException {
        if (!embeddedH2 && postgres.isEmpty()) {
            throw new BackupException("this installation's database is neither the embedded H2 nor PostgreSQL: "
                    + "phonehome backup copies those two only");
        }
        char[] passphrase = passphrase();
        Instant now = clock.instant();
        String name = "phonehome-" + NAME_TIME.format(now) + SUFFIX;
        Path staging = options.backupDir().resolve(".staging-" + UUID.randomUUID());
        Path part = options.backupDir().resolve("." + name + ".part");
        Path target = options.backupDir().resolve(name);
        try {
            Files.createDirectories(options.backupDir());
            Files.createDirectories(staging);
            Path database = staging.resolve("h2.zip");
            if (postgres.isEmpty()) {
                // H2's online backup: a consistent copy of the database while it serves
                jdbc.execute("BACKUP TO '" + database.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            List<Path> files = dataFiles();
            try (OutputStream file = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(BackupCipher.encrypt(file, passphrase), 1 << 16))) {
                StringBuilder manifest = new StringBuilder();
                manifest.append("format=1\ncreated=").append(now).append("\ndatabase=").append(postgres.isPresent() ? "postgresql" : "h2").append('\n');
                if (postgres.isPresent()) {
                    // streamed: the dump is never on disk unencrypted
                    zip.putNextEntry(new ZipEntry(POSTGRESQL_ENTRY));
                    postgres.get().dumpTo(zip, staging.resolve("pg_dump.log"));
                    zip.closeEntry();
                } else {
                    copy(zip, DATABASE_ENTRY, database);
                }
                int n = 0;
                for (Path f : files) {
                    copy(zip, DATA_PREFIX + options.dataDir().relativize(f).toString().replace('\\', '/'), f);
                    n++;
                }
                manifest.append("data_files=").append(n).append('\n');
                Optional<Path> config = options.configFile().filter(Files::isRegularFile)
                        .filter(c -> !c.toAbsolutePath().normalize().startsWith(options.dataDir().toAbsolutePath().normalize()));
                if (config.isPresent()) {
                    copy(zip, CONFIG_ENTRY, config.get());
                    manifest.append("config_file=").append(config.get().toAbsolutePath()).append('\n');
                }
                zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
                zip.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            try (FileChannel c = FileChannel.open(part, StandardOpenOption.WRITE)) {
                c.force(true); // on disk before it takes its name: a crash leaves a .part, never a short backup
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            restrict(target);
            if (options.copyDir().isPresent()) {
                copyTo(target, options.copyDir().get());
            }
        } catch (IOException | RuntimeException e) {
            throw new BackupException("the backup failed: " + e.getMessage());
        } finally {
            deleteQuietly(part);
            deleteTree(staging);
        }
        rotate(options.backupDir());
        options.copyDir().ifPresent(this::rotate);
        try {
            return new BackupFile(name, Files.size(target), now);
        } catch (IOException e) {
            throw new BackupException("the backup was written but cannot be read back: " + e.getMessage());
        }
    }

    /** The backups in the backup directory, newest first. */
    public List<BackupFile> list() {
        return backupsIn(options.backupDir());
    }

    private List<BackupFile> backupsIn(Path dir) {
        List<BackupFile> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "phonehome-*" + SUFFIX)) {
            for (Path p : s) {
                out.add(new BackupFile(p.getFileName().toString(), Files.size(p), Files.getLastModifiedTime(p).toInstant()));
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(BackupFile::name).reversed()); // the UTC time in the name sorts them
        return out;
    }

    /** Keeps the newest {@code keep}, and of those only the ones younger than {@code maxAgeDays}; the newest always. */
    private void rotate(Path dir) {
        List<BackupFile> all = backupsIn(dir);
        Instant oldest = clock.instant().minus(Duration.ofDays(options.maxAgeDays()));
        for (int i = 1; i < all.size(); i++) {
            BackupFile b = all.get(i);
            if (i >= options.keep() || b.created().isBefore(oldest)) {
                deleteQuietly(dir.resolve(b.name()));
            }
        }
    }

    private char[] passphrase() throws BackupException {
        Path file = options.passphraseFile().orElseThrow(() -> new BackupException(
                "no backup passphrase: set backup_passphrase_file to a file holding it (backups are always encrypted)"));
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (s.length() < 12) {
                throw new BackupException("the backup passphrase in " + file + " is shorter than 12 characters");
            }
            return s.toCharArray();
        } catch (IOException e) {
            throw new BackupException("cannot read the backup passphrase file " + file + ": " + e.getMessage());
        }
    }

    /** The data directory's files that belong in a backup. */
    private List<Path> dataFiles() throws IOException {
        Path root = options.dataDir().toAbsolutePath().normalize();
        List<Path> leftOut = new ArrayList<>();
        leftOut.add(options.backupDir().toAbsolutePath().normalize());
        leftOut.add(root.resolve("logs"));
        options.copyDir().ifPresent(c -> leftOut.add(c.toAbsolutePath().normalize()));
        options.leftOut().forEach(p -> leftOut.add(p.toAbsolutePath().normalize()));
        List<Path> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p) || leftOut.stream().anyMatch(p::startsWith) || name.startsWith(".")
                        || name.endsWith(".mv.db") || name.endsWith(".trace.db") || name.endsWith(".lock.db")) {
                    continue;
                }
                out.add(p);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static void copy(ZipOutputStream zip, String entry, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(entry));
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    private static void copyTo(Path backup, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path part = dir.resolve("." + backup.getFileName() + ".part");
        Files.copy(backup, part, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel c = FileChannel.open(part, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(part, dir.resolve(backup.getFileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A backup is the installation's secrets, encrypted or not: its owner's only. */
    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions apply
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left for the next rotation
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(Backups::deleteQuietly);
        } catch (IOException e) {
            // best effort
        }
    }
}
