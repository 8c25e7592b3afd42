package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * What {@code config set} and {@code config unset} share: measure a change before making it
 * ({@code --dry-run}) or re-sync exactly the phones whose files it changed ({@code --resync}),
 * and the report of either, so an installer sees how far a value reaches on a live site.
 */
final class ChangeOptions {
    @Option(names = "--dry-run", description = "Change nothing: count the devices whose settings would change, with a sample")
    boolean dryRun;

    @Option(names = "--resync", description = "After the change, re-sync (paced) exactly the devices whose files changed")
    boolean resync;

    String query() {
        if (dryRun && resync) {
            throw new CliException(ExitCodes.USAGE, "a dry run changes nothing, so it re-syncs nothing: give --dry-run or --resync");
        }
        return ApiClient.query(ApiClient.params("dry_run", dryRun ? "true" : null, "resync", resync ? "true" : null));
    }

    /** The change report: devices reached, files changed, the sample's lines, the re-sync action. */
    void print(JsonNode v, PrintWriter out) {
        if (v != null && v.has("devices_changed")) {
            int devices = v.path("devices_changed").asInt();
            if (v.path("dry_run").asBoolean()) {
                out.println("dry run, nothing changed: " + devices + " device(s) would get another value");
            } else {
                out.println(devices + " device(s) get another value, " + v.path("files_changed").asInt() + " of them a changed file");
            }
            for (JsonNode s : v.path("sample")) {
                out.println("  " + Json.text(s, "mac"));
                for (JsonNode line : s.path("diff")) {
                    out.println("    " + line.asText());
                }
            }
            if (v.hasNonNull("resync_action")) {
                out.println("re-sync started: action " + v.path("resync_action").asText() + " (phonehome actions show ID)");
            }
        }
        out.flush();
    }
}
