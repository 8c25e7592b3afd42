package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome announcements ...}: the WAVs IVR menus play, through the admin API. Global
 * unless {@code --site} names the site whose own announcement it is.
 */
@Command(name = "announcements", mixinStandardHelpOptions = true, description = "Announcements IVR menus play: upload a WAV, list, delete.",
        subcommands = {AnnouncementsCommand.Upload.class, AnnouncementsCommand.ListAll.class, AnnouncementsCommand.Delete.class})
public final class AnnouncementsCommand {
    private AnnouncementsCommand() {
    }

    static String path(ApiClient api, String name, String site) {
        return "api/v1/announcements/" + ApiClient.segment(name) + (site == null ? "" : "?site=" + SitesCommand.resolve(api, site));
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "Upload (or replace) a WAV: PCM, A-law or µ-law, mono or stereo, 8-48 kHz, at most 600 s and 8 MiB.")
    static final class Upload extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "a-z, 0-9, _ and -")
        String name;
        @Parameters(index = "1", paramLabel = "FILE.wav")
        Path file;
        @Option(names = "--site", paramLabel = "SITE", description = "Site id or name whose own announcement this is (default: every site's)")
        String site;

        @Override
        int run(ApiClient api) {
            byte[] wav;
            try {
                wav = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CliException(ExitCodes.NOT_FOUND, "cannot read " + file + ": " + e.getMessage());
            }
            JsonNode a = api.putBytes(path(api, name, site), "audio/wav", wav);
            if (printedJson(a)) {
                return ExitCodes.OK;
            }
            out().println("announcement " + Json.text(a, "name") + " stored: " + a.path("duration_ms").asLong() + " ms");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every announcement: name, site, length, who uploaded it when.")
    static final class ListAll extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode list = api.get("api/v1/announcements");
            if (printedJson(list)) {
                return ExitCodes.OK;
            }
            Table t = new Table("NAME", "SITE", "SECONDS", "UPLOADED BY", "UPLOADED AT");
            for (JsonNode a : list) {
                t.row(Json.text(a, "name"), a.path("site_id").isNull() ? "(all)" : Json.text(a, "site_id"),
                        String.format(java.util.Locale.ROOT, "%.1f", a.path("duration_ms").asLong() / 1000.0), Json.text(a, "uploaded_by"),
                        Json.text(a, "uploaded_at"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an announcement no menu plays.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--site", paramLabel = "SITE", description = "Site id or name (default: the global announcement)")
        String site;

        @Override
        int run(ApiClient api) {
            api.delete(path(api, name, site));
            out().println("announcement " + name + " deleted");
            return ExitCodes.OK;
        }
    }
}
