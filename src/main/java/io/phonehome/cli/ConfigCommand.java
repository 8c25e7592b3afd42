package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome config set|unset|list|effective|import|types}: the layered setting store
 * (through the admin API). Not {@code settings}, which lists the server's own settings.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Layered phone settings per fleet, vendor, model, site, model at a site and device (through the admin API).",
                "SCOPE: fleet | vendor:<vendor> | model:<vendor>:<model> | site:<site> | site_model:<site>:<vendor>:<model> | device:<mac>",
                "NAME: a typed setting (see 'config types') or a raw vendor key <vendor>:<key>. The most specific scope wins."},
        subcommands = {ConfigCommand.SetValue.class, ConfigCommand.Unset.class, ConfigCommand.ListScope.class, ConfigCommand.Effective.class,
                ConfigCommand.ImportValues.class, ConfigCommand.Types.class})
public final class ConfigCommand {

    /**
     * The scope as the API path takes it: a site named by its id, since the API refuses encoded
     * characters in paths and site names have spaces.
     */
    static String pathScope(ApiClient api, String scope) {
        if (scope.startsWith("site:")) {
            return "site:" + SitesCommand.resolve(api, scope.substring(5));
        }
        if (scope.startsWith("site_model:")) {
            String rest = scope.substring("site_model:".length());
            int model = rest.lastIndexOf(':');
            int vendor = model <= 0 ? -1 : rest.lastIndexOf(':', model - 1);
            if (vendor <= 0) {
                throw new CliException(ExitCodes.USAGE, "a site_model scope is site_model:<site>:<vendor>:<model>");
            }
            return "site_model:" + SitesCommand.resolve(api, rest.substring(0, vendor)) + rest.substring(vendor);
        }
        if (!scope.matches("[A-Za-z0-9_:.\\-]+")) {
            throw new CliException(ExitCodes.USAGE, "'" + scope + "' is not a scope; see 'phonehome config --help'");
        }
        return scope;
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a value at a scope.")
    static final class SetValue extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE")
        String scope;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Parameters(index = "2", paramLabel = "VALUE", arity = "0..1")
        String value;

        @picocli.CommandLine.Mixin
        ChangeOptions change = new ChangeOptions();

        @Option(names = "--value-file", paramLabel = "FILE",
                description = "Read the value from FILE's first line (for a password: kept out of the command line and shell history)")
        Path valueFile;

        @Override
        int run(ApiClient api) {
            if ((value == null) == (valueFile == null)) {
                throw new CliException(ExitCodes.USAGE, "give the value either as VALUE or with --value-file, not both or neither");
            }
            String given = value != null ? value
                    : new String(readInput(valueFile), java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("");
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("name", name);
            body.put("value", given);
            JsonNode v = api.put("api/v1/settings/" + pathScope(api, scope) + change.query(), body);
            if (!printedJson(v)) {
                out().println(Json.text(v, "scope") + " " + Json.text(v, "name") + " = " + Json.text(v, "value"));
                change.print(v, out());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove a value from a scope.")
    static final class Unset extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE")
        String scope;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @picocli.CommandLine.Mixin
        ChangeOptions change = new ChangeOptions();

        @Override
        int run(ApiClient api) {
            JsonNode v = api.deleteWithAnswer("api/v1/settings/" + pathScope(api, scope)
                    + ApiClient.query(ApiClient.params("name", name, "dry_run", change.dryRun ? "true" : null, "resync", change.resync ? "true" : null)));
            if (!printedJson(v)) {
                out().println((change.dryRun ? "would remove " : "removed ") + name + " from " + scope);
                change.print(v, out());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The values set at one scope.")
    static final class ListScope extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE")
        String scope;

        @Override
        int run(ApiClient api) {
            JsonNode r = api.get("api/v1/settings/" + pathScope(api, scope));
            if (printedJson(r)) {
                return ExitCodes.OK;
            }
            Table t = new Table("NAME", "VALUE");
            r.path("values").forEach(v -> t.row(Json.text(v, "name"), Json.text(v, "value")));
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "effective", mixinStandardHelpOptions = true, description = "A device's effective values, the scope each comes from and what it overrides.")
    static final class Effective extends ClientCommand {
        @Parameters(index = "0", paramLabel = "MAC")
        String mac;

        @Override
        int run(ApiClient api) {
            JsonNode r = api.get("api/v1/devices/" + mac.replaceAll("[^0-9A-Fa-f]", "") + "/settings");
            if (printedJson(r)) {
                return ExitCodes.OK;
            }
            Table t = new Table("NAME", "VALUE", "FROM", "OVERRIDES");
            for (JsonNode s : r.path("settings")) {
                StringBuilder over = new StringBuilder();
                s.path("overrides").forEach(o -> over.append(over.length() == 0 ? "" : ", ").append(Json.text(o, "scope")).append('=')
                        .append(Json.text(o, "value")));
                t.row(Json.text(s, "name"), Json.text(s, "value"), Json.text(s, "scope"), over.toString());
            }
            t.print(out());
            for (JsonNode n : r.path("codecs_not_offered")) {
                out().println("not offered by this device: " + Json.text(n, "codec") + " (" + Json.text(n, "reason") + ")");
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import values from CSV: columns scope, target (optional), name, value; ',' or ';'.",
                    "All or nothing: one bad row and nothing is written. Exit status 3 when refused."})
    static final class ImportValues extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--dry-run", description = "Check and report, change nothing")
        boolean dryRun;

        @Override
        int run(ApiClient api) throws IOException {
            byte[] csv = readInput(file);
            JsonNode r = api.upload("api/v1/settings/import" + ApiClient.query(ApiClient.params("dry_run", dryRun ? "true" : null)),
                    "text/csv; charset=utf-8", csv, sent -> { });
            if (!printedJson(r)) {
                out().println((r.path("applied").asBoolean() ? "Imported " : "Dry run, nothing written: ") + r.path("values").size()
                        + " value(s).");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "types", mixinStandardHelpOptions = true, description = "The typed settings with their allowed values.")
    static final class Types extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode r = api.get("api/v1/setting-types");
            if (printedJson(r)) {
                return ExitCodes.OK;
            }
            Table t = new Table("NAME", "TYPE", "ALLOWED", "DESCRIPTION");
            for (JsonNode s : r.path("items")) {
                StringBuilder allowed = new StringBuilder();
                s.path("allowed").forEach(a -> allowed.append(allowed.length() == 0 ? "" : ",").append(a.asText()));
                if (s.hasNonNull("min")) {
                    allowed.append(s.path("min").asText()).append('-').append(s.path("max").asText());
                }
                t.row(Json.text(s, "name"), Json.text(s, "type"), allowed.toString(), Json.text(s, "description"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }
}
