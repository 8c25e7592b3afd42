package io.phonehome;

import io.phonehome.cli.ActionsCommand;
import io.phonehome.cli.AuditCommand;
import io.phonehome.cli.BackupCommand;
import io.phonehome.cli.CustomersCommand;
import io.phonehome.cli.RestoreCommand;
import io.phonehome.cli.CliException;
import io.phonehome.cli.HotDeskCommand;
import io.phonehome.cli.VoicemailCommand;
import io.phonehome.cli.CommissionCommand;
import io.phonehome.cli.AnnouncementsCommand;
import io.phonehome.cli.IvrCommand;
import io.phonehome.cli.ContactsCommand;
import io.phonehome.cli.ConfigCommand;
import io.phonehome.cli.DevicesCommand;
import io.phonehome.cli.EventsCommand;
import io.phonehome.cli.ExitCodes;
import io.phonehome.cli.ExportCommand;
import io.phonehome.cli.FirmwareCommand;
import io.phonehome.cli.ImportCommand;
import io.phonehome.cli.ModelsCommand;
import io.phonehome.cli.KeysCommand;
import io.phonehome.cli.SettingsCommand;
import io.phonehome.cli.SitesCommand;
import io.phonehome.cli.TokenCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The single entry point of {@code phonehome.jar}: {@code serve} starts the server; the fleet
 * commands are clients of its admin API; {@code models} and {@code settings} read local files.
 */
@Command(name = "phonehome", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Provisioning and redirection service for desk phones and DECT bases.",
        subcommands = {ServeCommand.class, ImportCommand.class, DevicesCommand.class, SitesCommand.class, ExportCommand.class,
                EventsCommand.class, ActionsCommand.class, FirmwareCommand.class, TokenCommand.class, CustomersCommand.class, AuditCommand.class, ModelsCommand.class, SettingsCommand.class, KeysCommand.class, ContactsCommand.class, ConfigCommand.class, HotDeskCommand.class, VoicemailCommand.class, MigrateStoreCommand.class, BackupCommand.class, RestoreCommand.class, CommissionCommand.class, AnnouncementsCommand.class, IvrCommand.class,
                io.phonehome.cli.AccountsCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {"  0 done, 1 failed, 2 usage error, 3 input refused (nothing changed), 4 not found,",
                "  5 not allowed (token or role), 6 admin API unreachable, 7 conflicts with the current state."})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true, StandardCharsets.UTF_8), new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    }

    /** Runs a command with its output going to {@code out} and {@code err} (tests capture them). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ex.getMessage());
            commandLine.getErr().flush();
            return ex instanceof CliException c ? c.exitCode() : ExitCodes.FAILED;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Version from the jar manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"phonehome " + (v == null ? "development" : v)};
        }
    }
}
