package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome keys ...}: programmable keys of devices and key profiles (through the admin
 * API). A key on the command line is {@code POSITION=TYPE[:VALUE[:LABEL]]}, POSITION being
 * {@code N} for the phone's key N or {@code M.N} for key N of expansion module M; keys with
 * another account than 1 are given as JSON with {@code --file}.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Programmable keys and key profiles (through the admin API).",
        subcommands = {KeysCommand.Show.class, KeysCommand.Set.class, KeysCommand.Assign.class, KeysCommand.Profiles.class,
                KeysCommand.ProfileShow.class, KeysCommand.ProfileSet.class, KeysCommand.ProfileDelete.class,
                KeysCommand.Import.class})
public final class KeysCommand {

    /** The keys given as options or in a file, as the API's {@code {"keys": [...]}} body. */
    static final class KeyOptions {
        @Option(names = "--key", paramLabel = "POS=TYPE[:VALUE[:LABEL]]",
                description = "A key, e.g. 3=blf:201:Anna or 1.5=speed_dial:0445551234:Taxi (module 1, key 5); repeatable")
        List<String> keys;

        @Option(names = "--file", paramLabel = "FILE", description = "A JSON file {\"keys\": [{\"position\":1,\"type\":\"blf\",...}]}")
        Path file;

        JsonNode body() {
            if (file != null) {
                try {
                    return Json.MAPPER.readTree(Files.readString(file));
                } catch (IOException e) {
                    throw new CliException(ExitCodes.USAGE, "--file " + file + ": " + e.getMessage());
                }
            }
            ObjectNode n = Json.MAPPER.createObjectNode();
            ArrayNode a = n.putArray("keys");
            for (String spec : keys == null ? List.<String>of() : keys) {
                a.add(parse(spec));
            }
            return n;
        }

        static ObjectNode parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq < 1) {
                throw new CliException(ExitCodes.USAGE, "--key " + spec + ": expected POSITION=TYPE[:VALUE[:LABEL]]");
            }
            ObjectNode k = Json.MAPPER.createObjectNode();
            String pos = spec.substring(0, eq);
            try {
                if (pos.contains(".")) {
                    String[] mp = pos.split("\\.", 2);
                    k.put("module", Integer.parseInt(mp[0]));
                    k.put("position", Integer.parseInt(mp[1]));
                } else {
                    k.put("position", Integer.parseInt(pos));
                }
            } catch (NumberFormatException e) {
                throw new CliException(ExitCodes.USAGE, "--key " + spec + ": position '" + pos + "' is N or M.N");
            }
            String[] rest = spec.substring(eq + 1).split(":", 3);
            k.put("type", rest[0]);
            if (rest.length > 1) {
                k.put("value", rest[1]);
            }
            if (rest.length > 2) {
                k.put("label", rest[2]);
            }
            return k;
        }
    }

    static void printKeys(ClientCommand c, JsonNode keys) {
        Table t = new Table("MODULE", "KEY", "TYPE", "VALUE", "LABEL", "LINE", "FROM");
        for (JsonNode k : keys) {
            t.row(k.path("module").asInt() == 0 ? "-" : k.path("module").asText(), k.path("position").asText(), Json.text(k, "type"),
                    Json.text(k, "value"), Json.text(k, "label"), k.path("line").asText(), Json.text(k, "source"));
        }
        t.print(c.out());
    }

    static int printDevice(ClientCommand c, JsonNode v) {
        if (c.printedJson(v)) {
            return ExitCodes.OK;
        }
        c.out().println("device " + Json.text(v, "mac") + ", profile " + (v.path("profile").isTextual() ? v.path("profile").asText() : "(none)"));
        printKeys(c, v.path("keys"));
        return ExitCodes.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A device's effective keys and where each comes from.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @Override
        int run(ApiClient api) {
            return printDevice(this, api.get("api/v1/devices/" + mac + "/keys"));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Replace a device's own keys (none given: remove them).")
    static final class Set extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @picocli.CommandLine.ArgGroup(exclusive = false)
        KeyOptions keys = new KeyOptions();

        @Override
        int run(ApiClient api) {
            return printDevice(this, api.put("api/v1/devices/" + mac + "/keys", keys.body()));
        }
    }

    @Command(name = "assign", mixinStandardHelpOptions = true, description = "Assign a key profile to a device ('none' to remove it).")
    static final class Assign extends ClientCommand {
        @Parameters(index = "0", paramLabel = "MAC")
        String mac;

        @Parameters(index = "1", paramLabel = "PROFILE|none")
        String profile;

        @Override
        int run(ApiClient api) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (profile.equals("none")) {
                body.putNull("profile");
            } else {
                body.put("profile", profile);
            }
            return printDevice(this, api.put("api/v1/devices/" + mac + "/key-profile", body));
        }
    }

    @Command(name = "profiles", mixinStandardHelpOptions = true, description = "List key profiles.")
    static final class Profiles extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode all = api.get("api/v1/key-profiles");
            if (printedJson(all)) {
                return ExitCodes.OK;
            }
            Table t = new Table("NAME", "KEYS", "DEVICES");
            for (JsonNode p : all) {
                t.row(Json.text(p, "name"), Integer.toString(p.path("keys").size()), Integer.toString(p.path("devices").size()));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    static int printProfile(ClientCommand c, JsonNode p) {
        if (c.printedJson(p)) {
            return ExitCodes.OK;
        }
        c.out().println("profile " + Json.text(p, "name") + ", used by " + p.path("devices").size() + " device(s)");
        printKeys(c, p.path("keys"));
        return ExitCodes.OK;
    }

    @Command(name = "profile", mixinStandardHelpOptions = true, description = "One key profile.")
    static final class ProfileShow extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ApiClient api) {
            return printProfile(this, api.get("api/v1/key-profiles/" + name));
        }
    }

    @Command(name = "profile-set", mixinStandardHelpOptions = true, description = "Create or replace a key profile.")
    static final class ProfileSet extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @picocli.CommandLine.ArgGroup(exclusive = false)
        KeyOptions keys = new KeyOptions();

        @Override
        int run(ApiClient api) {
            return printProfile(this, api.put("api/v1/key-profiles/" + name, keys.body()));
        }
    }

    @Command(name = "profile-delete", mixinStandardHelpOptions = true, description = "Delete a key profile no device uses.")
    static final class ProfileDelete extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ApiClient api) {
            api.delete("api/v1/key-profiles/" + name);
            out().println("deleted key profile " + name);
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import keys from CSV (profile or mac, module, position, type, value, label, line); all or nothing.")
    static final class Import extends ClientCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--dry-run", description = "Check and report, change nothing")
        boolean dryRun;

        @Override
        int run(ApiClient api) {
            byte[] csv = readInput(file);
            JsonNode report = api.upload("api/v1/keys/import" + ApiClient.query(ApiClient.params("dry_run", dryRun ? "true" : null)),
                    "text/csv; charset=utf-8", csv, sent -> { });
            if (printedJson(report)) {
                return ExitCodes.OK;
            }
            out().printf("%s %d key(s): profiles %s, devices %s.%n", report.path("dry_run").asBoolean() ? "Dry run, nothing written:" : "Imported",
                    report.path("rows").asInt(), report.path("profiles"), report.path("devices"));
            out().flush();
            return ExitCodes.OK;
        }
    }
}
