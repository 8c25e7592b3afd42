package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome ivr ...}: a site's IVR menus through the admin API. {@code set} sends the menu
 * file as written (the API checks it as a whole and names every bad field by its path);
 * {@code show} prints the menu in the same form, so it can be edited and set again.
 */
@Command(name = "ivr", mixinStandardHelpOptions = true, description = "A site's IVR menus: set from a JSON file, show, list, delete.",
        subcommands = {IvrCommand.Set.class, IvrCommand.Show.class, IvrCommand.ListAll.class, IvrCommand.Delete.class})
public final class IvrCommand {
    private IvrCommand() {
    }

    static String path(ApiClient api, String site, String number) {
        return "api/v1/sites/" + SitesCommand.resolve(api, site) + "/ivr-menus/" + ApiClient.segment(number);
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set the menu on NUMBER at SITE from a JSON file (replacing the one there).")
    static final class Set extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SITE", description = "Site id or name")
        String site;
        @Parameters(index = "1", paramLabel = "NUMBER", description = "What the site's phones dial")
        String number;
        @Option(names = "--file", required = true, paramLabel = "menu.json")
        Path file;

        @Override
        int run(ApiClient api) {
            byte[] menu;
            try {
                menu = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CliException(ExitCodes.NOT_FOUND, "cannot read " + file + ": " + e.getMessage());
            }
            JsonNode m = api.putBytes(path(api, site, number), "application/json", menu);
            if (printedJson(m)) {
                return ExitCodes.OK;
            }
            out().println("menu " + Json.text(m, "number") + " set at site " + site + " (" + m.path("menu").path("submenus").size() + " submenus)");
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the menu on NUMBER at SITE as JSON (what set takes).")
    static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SITE")
        String site;
        @Parameters(index = "1", paramLabel = "NUMBER")
        String number;

        @Override
        int run(ApiClient api) {
            JsonNode m = api.get(path(api, site, number));
            out().println(Json.pretty(m.path("menu")));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every menu: site, number, submenus, who set it when.")
    static final class ListAll extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode list = api.get("api/v1/ivr-menus");
            if (printedJson(list)) {
                return ExitCodes.OK;
            }
            Table t = new Table("SITE", "NUMBER", "SUBMENUS", "SET BY", "SET AT");
            for (JsonNode m : list) {
                t.row(Json.text(m, "site_id"), Json.text(m, "number"), Json.text(m, "submenus"), Json.text(m, "updated_by"), Json.text(m, "updated_at"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete the menu on NUMBER at SITE.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SITE")
        String site;
        @Parameters(index = "1", paramLabel = "NUMBER")
        String number;

        @Override
        int run(ApiClient api) {
            api.delete(path(api, site, number));
            out().println("menu " + number + " of site " + site + " deleted");
            return ExitCodes.OK;
        }
    }
}
