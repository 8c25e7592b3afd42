package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome voicemail ...}: a line's mailbox through the admin API. A viewer's token lists
 * the counts only (the API leaves out who called); the audio is downloaded with the API itself.
 */
@Command(name = "voicemail", mixinStandardHelpOptions = true, description = "A line's mailbox: its messages, and deleting one.",
        subcommands = {VoicemailCommand.ListMessages.class, VoicemailCommand.Delete.class})
public final class VoicemailCommand {
    private VoicemailCommand() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "A line's new and saved counts, and its messages (technician and above).")
    static final class ListMessages extends ClientCommand {
        @Parameters(paramLabel = "EXTENSION")
        String extension;

        @Override
        int run(ApiClient api) {
            JsonNode box = api.get("api/v1/lines/" + ApiClient.segment(extension) + "/voicemail");
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
        @Parameters(index = "1", paramLabel = "ID")
        long id;

        @Override
        int run(ApiClient api) {
            api.delete("api/v1/lines/" + ApiClient.segment(extension) + "/voicemail/" + id);
            out().println("message " + id + " of mailbox " + extension + " deleted");
            return ExitCodes.OK;
        }
    }
}
