package io.phonehome;

import io.phonehome.cli.ImportCommand;
import io.phonehome.cli.ModelsCommand;
import io.phonehome.cli.ServeCommand;
import io.phonehome.cli.SettingsCommand;
import io.phonehome.cli.SitesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The single entry point of {@code phonehome.jar}: {@code serve} starts the server, the other
 * subcommands work on the same data directory.
 */
@Command(name = "phonehome", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Provisioning and redirection service for desk phones and DECT bases.",
        subcommands = {ServeCommand.class, ImportCommand.class, SitesCommand.class, ModelsCommand.class, SettingsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /** Exit codes scripts can rely on. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** The input was checked and refused (e.g. an import with bad rows); nothing changed. */
    public static final int INVALID_INPUT = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ex.getMessage());
            return FAILED;
        });
        return cl.execute(args);
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
