package io.phonehome;

import io.phonehome.cli.CliException;
import io.phonehome.cli.ExitCodes;
import io.phonehome.events.EventLog;
import io.phonehome.store.Database;
import io.phonehome.store.Jdbc;
import io.phonehome.store.StoreCopy;
import io.phonehome.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phonehome migrate-store}: moves an installation from its embedded H2 database to a
 * PostgreSQL database, offline (the server must be stopped: H2 allows one process at a time).
 * Both sides are first brought to this build's schema, the rows are copied ({@link StoreCopy}),
 * and per table the counts and content checksums of both sides are printed; a difference is an
 * error. Passwords come from files or the environment, never from the command line (where
 * {@code ps} would show them), and are never printed.
 */
@Command(name = "migrate-store", mixinStandardHelpOptions = true,
        description = {"Copies an installation's H2 database into a new, empty PostgreSQL database, then checks the copy",
                "(rows and a content checksum per table, on both sides). Stop the server first. Afterwards set db_url,",
                "db_user and db_password to the PostgreSQL database."})
public final class MigrateStoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATA_DIR|JDBC_URL",
            description = "The installation's data directory (its phonehome.mv.db) or a JDBC URL of the H2 database.")
    String from;

    @Option(names = "--from-user", defaultValue = "phonehome", description = "H2 user (default ${DEFAULT-VALUE}, the server's db_user default).")
    String fromUser;

    @Option(names = "--from-password-file", paramLabel = "FILE", description = "File holding the H2 password (default: none, as the server's default).")
    Path fromPasswordFile;

    @Option(names = "--to", required = true, paramLabel = "JDBC_URL", description = "jdbc:postgresql://host:port/database of an empty database.")
    String to;

    @Option(names = "--to-user", defaultValue = "phonehome", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
    String toUser;

    @Option(names = "--to-password-file", paramLabel = "FILE",
            description = "File holding the PostgreSQL password; default: the environment variable PHONEHOME_DB_PASSWORD.")
    Path toPasswordFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!to.startsWith("jdbc:postgresql:")) {
            throw new CliException(ExitCodes.USAGE, "--to must be a jdbc:postgresql:// URL, not " + Database.redact(to));
        }
        String fromUrl = from.startsWith("jdbc:") ? from : h2Url(Path.of(from));
        String toPassword = toPasswordFile != null ? readPassword(toPasswordFile) : System.getenv().getOrDefault("PHONEHOME_DB_PASSWORD", "");
        String fromPassword = fromPasswordFile != null ? readPassword(fromPasswordFile) : "";
        try (Database source = Database.open(fromUrl, fromUser, fromPassword, 2);
                Database target = Database.open(to, toUser, toPassword, 2)) {
            StoreCopy copy = new StoreCopy(source, target, out::println);
            Map<String, Long> occupied = copy.nonEmptyTargetTables();
            if (!occupied.isEmpty()) {
                throw new CliException(ExitCodes.CONFLICT, "the target database already holds rows (" + occupied
                        + "): migrate-store fills only a new, empty database; nothing was copied");
            }
            // copied events should land in their own month partitions, not in the default one
            source.jdbc().query("SELECT MIN(at) AS oldest FROM events", rs -> Jdbc.instant(rs, "oldest")).stream()
                    .filter(java.util.Objects::nonNull).findFirst().ifPresent(oldest -> EventLog.preparePartitionsFrom(target.jdbc(), oldest));
            out.println("copying " + Database.redact(fromUrl) + " -> " + Database.redact(to));
            copy.copy();
            List<StoreCopy.TableReport> reports = copy.verify();
            out.printf("%-28s %10s %10s  %-16s  %-16s  %s%n", "table", "source", "target", "source checksum", "target checksum", "check");
            boolean ok = true;
            for (StoreCopy.TableReport r : reports) {
                out.printf("%-28s %10d %10d  %-16s  %-16s  %s%n", r.table(), r.sourceRows(), r.targetRows(), r.sourceChecksum().substring(0, 16),
                        r.targetChecksum().substring(0, 16), r.matches() ? "ok" : "MISMATCH");
                ok &= r.matches();
            }
            if (!ok) {
                throw new CliException(ExitCodes.FAILED, "the copy differs from the source (see MISMATCH above); do not switch to it");
            }
            out.println("done: every table has the same rows on both sides. Set db_url=" + Database.redact(to) + ", db_user and db_password.");
            return ExitCodes.OK;
        } catch (StoreException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
    }

    private static String h2Url(Path dataDir) {
        if (!Files.isRegularFile(dataDir.resolve("phonehome.mv.db"))) {
            throw new CliException(ExitCodes.NOT_FOUND, "no H2 database in " + dataDir + " (expected " + dataDir.resolve("phonehome.mv.db") + ")");
        }
        return Database.h2FileUrl(dataDir);
    }

    private static String readPassword(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, "cannot read the password file " + file + ": " + e.getMessage());
        }
    }
}
