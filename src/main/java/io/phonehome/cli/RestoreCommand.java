package io.phonehome.cli;

import io.phonehome.backup.PostgresDump;
import io.phonehome.backup.Restore;
import io.phonehome.config.Setting;
import io.phonehome.config.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code phonehome restore FILE}: a backup back into an empty data directory, with the server
 * stopped. Offline on purpose: it must not run against the server it replaces.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup into an EMPTY data directory (the server must not be running on it); nothing is overwritten.")
public final class RestoreCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The backup (phonehome-<time>.phbk)")
    Path backup;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "File holding the backup's passphrase (default: backup_passphrase_file)")
    Path passphraseFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings s = settings.load();
        Path pass = passphraseFile != null ? passphraseFile
                : s.string(Setting.BACKUP_PASSPHRASE_FILE).isEmpty() ? null : s.path(Setting.BACKUP_PASSPHRASE_FILE);
        if (pass == null) {
            err.println("no passphrase: give --passphrase-file (or set backup_passphrase_file)");
            err.flush();
            return ExitCodes.USAGE;
        }
        try {
            char[] passphrase = Files.readString(pass, StandardCharsets.UTF_8).strip().toCharArray();
            // a PostgreSQL installation's database goes back into the (empty) database its settings name
            Restore.Report r = Restore.into(backup, passphrase, s.dataDir(),
                    PostgresDump.of(s.string(Setting.DB_URL), s.string(Setting.DB_USER), s.string(Setting.DB_PASSWORD),
                            s.string(Setting.BACKUP_PG_BIN_DIR).isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(s.path(Setting.BACKUP_PG_BIN_DIR))));
            out.println("restored the backup of " + r.created() + " into " + r.dataDir() + ": the database"
                    + (r.postgresDatabase() == null ? "" : " (into PostgreSQL database " + r.postgresDatabase() + ")") + " and " + r.dataFiles() + " file(s)");
            if (r.configFileWas() != null) {
                out.println("its settings file was " + r.configFileWas() + ": restored as " + r.dataDir().resolve("restored-phonehome.properties")
                        + ", put it back in place");
            }
            out.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println("restore refused: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILED;
        }
    }
}
