package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code phonehome backup}: asks the running server for a backup now (admin token), written to
 * its backup directory encrypted with its backup passphrase; {@code backup list} shows them.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Make an encrypted backup now (through the running server), or list them.",
        subcommands = {BackupCommand.ListBackups.class})
public final class BackupCommand extends ClientCommand {
    @Override
    int run(ApiClient api) {
        JsonNode made = api.post("api/v1/backups", Map.of());
        if (printedJson(made)) {
            return ExitCodes.OK;
        }
        out().println("backup " + Json.text(made, "name") + " written (" + made.path("bytes").asLong() + " bytes)");
        return ExitCodes.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The backups in the server's backup directory, newest first.")
    static final class ListBackups extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode all = api.get("api/v1/backups");
            if (printedJson(all)) {
                return ExitCodes.OK;
            }
            Table t = new Table("NAME", "BYTES", "CREATED");
            for (JsonNode b : all.path("backups")) {
                t.row(Json.text(b, "name"), Long.toString(b.path("bytes").asLong()), Json.text(b, "created"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }
}
