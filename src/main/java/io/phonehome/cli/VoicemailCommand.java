package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome voicemail ...}: a line's mailbox through the admin API. A viewer's token lists
 * the counts only (the API leaves out who called); the audio is downloaded with the API itself.
 * The box's PIN is read from the terminal, standard input or a file, never from the command line
 * (where the shell history and the process list would keep it).
 */
@Command(name = "voicemail", mixinStandardHelpOptions = true, description = "A line's mailbox: its messages, deleting one, its PIN.",
        subcommands = {VoicemailCommand.ListMessages.class, VoicemailCommand.Delete.class, VoicemailCommand.Pin.class,
                VoicemailCommand.PinRemove.class})
public final class VoicemailCommand {
    private VoicemailCommand() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "A line's new and saved counts, and its messages (technician and above).")
    static final class ListMessages extends ClientCommand {
        @Parameters(paramLabel = "EXTENSION")
        String extension;
        @Option(names = "--customer", paramLabel = "CUSTOMER",
                description = "The customer (id or slug) whose line the extension is, when several customers have it.")
        String customer;

        @Override
        int run(ApiClient api) {
            JsonNode box = api.get("api/v1/lines/" + ApiClient.segment(extension) + "/voicemail"
                    + ApiClient.query(ApiClient.params("customer", customer)));
            if (printedJson(box)) {
                return ExitCodes.OK;
            }
            out().println("mailbox " + Json.text(box, "extension") + ": " + box.path("new_messages").asLong() + " new, "
                    + box.path("saved_messages").asLong() + " saved");
            if (box.path("messages").isArray()) {
                Table t = new Table("ID", "CALLER", "STARTED", "SECONDS", "STATE");
                for (JsonNode m : box.path("messages")) {
                    t.row(Json.text(m, "id"), Json.text(m, "caller"), Json.text(m, "started_at"),
                            Long.toString(Math.round(m.path("duration_ms").asLong() / 1000.0)), Json.text(m, "state"));
                }
                t.print(out());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete one message (its audio too); the line's lamp follows.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "EXTENSION")
        String extension;
        @Option(names = "--customer", paramLabel = "CUSTOMER",
                description = "The customer (id or slug) whose line the extension is, when several customers have it.")
        String customer;
        @Parameters(index = "1", paramLabel = "ID")
        long id;

        @Override
        int run(ApiClient api) {
            api.delete("api/v1/lines/" + ApiClient.segment(extension) + "/voicemail/" + id
                    + ApiClient.query(ApiClient.params("customer", customer)));
            out().println("message " + id + " of mailbox " + extension + " deleted");
            return ExitCodes.OK;
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = "Set (or reset) a mailbox PIN (4 to 8 digits), read from the terminal, the first line of standard input, or --pin-file.")
    static final class Pin extends ClientCommand {
        @Parameters(paramLabel = "EXTENSION")
        String extension;
        @Option(names = "--customer", paramLabel = "CUSTOMER",
                description = "The customer (id or slug) whose line the extension is, when several customers have it.")
        String customer;
        @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from the first line of this file.")
        Path pinFile;

        @Override
        int run(ApiClient api) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("pin", pinFile != null ? fromFile(pinFile) : PinInput.read("mailbox PIN: "));
            api.put("api/v1/lines/" + ApiClient.segment(extension) + "/voicemail/pin"
                    + ApiClient.query(ApiClient.params("customer", customer)), body);
            out().println("mailbox PIN set for extension " + extension);
            return ExitCodes.OK;
        }

        private static String fromFile(Path file) {
            try {
                String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
                if (first.isEmpty()) {
                    throw new CliException(ExitCodes.USAGE, "no PIN in " + file);
                }
                return first;
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read the PIN from " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "pin-remove", mixinStandardHelpOptions = true, description = "Remove a mailbox PIN (the box then opens by phone for nobody who must type one).")
    static final class PinRemove extends ClientCommand {
        @Parameters(paramLabel = "EXTENSION")
        String extension;
        @Option(names = "--customer", paramLabel = "CUSTOMER",
                description = "The customer (id or slug) whose line the extension is, when several customers have it.")
        String customer;

        @Override
        int run(ApiClient api) {
            api.delete("api/v1/lines/" + ApiClient.segment(extension) + "/voicemail/pin"
                    + ApiClient.query(ApiClient.params("customer", customer)));
            out().println("mailbox PIN removed for extension " + extension);
            return ExitCodes.OK;
        }
    }
}
