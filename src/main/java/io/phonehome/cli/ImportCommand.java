package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonehome import FILE [--dry-run] [--update]}: bulk import through the admin API. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import devices from a CSV file through the admin API (the server must be running).",
                "Columns (any order, case-insensitive): mac, model (required), vendor, serial, site, line, extension, display_name,",
                "label, handset, handset_name, auth_user, password, transport, srtp, redirect_url, redirect_username, redirect_password.",
                "One row per line: a MAC on several rows needs a line number (1..accounts) or, on DECT, a handset on each row.",
                "Comma or semicolon, UTF-8 with or without BOM. Every row is checked first: one bad row and nothing is written.",
                "Exit status: 0 imported (or a clean dry run), 3 refused with the report, 4-7 see 'phonehome --help'."})
public final class ImportCommand extends ClientCommand {
    /** A delivery note of 2,000 phones should not scroll 2,000 lines past: the first ones show the pattern. */
    static final int MAX_ALLOCATIONS_SHOWN = 20;

    @Parameters(index = "0", paramLabel = "FILE", description = "CSV file to import")
    Path file;

    @Option(names = "--dry-run", description = "Check and report, change nothing")
    boolean dryRun;

    @Option(names = "--update", description = "Update devices already in the inventory instead of refusing them")
    boolean update;

    @Override
    int run(ApiClient api) throws IOException {
        byte[] csv = readInput(file);
        Progress progress = new Progress(err(), "uploading " + file.getFileName());
        JsonNode report;
        try {
            report = api.upload("api/v1/devices/import" + ApiClient.query(ApiClient.params("dry_run", dryRun ? "true" : null,
                    "mode", update ? "update" : null)), "text/csv; charset=utf-8", csv, sent -> progress.update(sent, csv.length,
                    Progress.bytes(sent) + " of " + Progress.bytes(csv.length) + (sent == csv.length ? ", checking rows..." : "")));
        } catch (CliException e) {
            progress.done(null);
            if (e.exitCode() == ExitCodes.INVALID_INPUT && !json) {
                throw new CliException(e.exitCode(), "Import refused, nothing was changed. " + e.getMessage());
            }
            throw e;
        }
        progress.done(null);
        if (printedJson(report)) {
            return report.path("errors").isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
        }
        if (!report.path("errors").isEmpty()) {
            out().println("Dry run: " + report.path("errors").size() + " problem(s); an import would be refused:");
            for (JsonNode e : report.path("errors")) {
                out().println("  row " + e.path("row").asText() + (Json.text(e, "column").isEmpty() ? "" : ", " + Json.text(e, "column")) + ": "
                        + Json.text(e, "message"));
            }
            out().flush();
            return ExitCodes.INVALID_INPUT;
        }
        out().printf("%s %d row(s): %d device(s) new, %d updated, %d line(s), %d handset(s).%n",
                report.path("dry_run").asBoolean() ? "Dry run, nothing written:" : "Imported", report.path("rows").asInt(),
                report.path("devices_created").asInt(), report.path("devices_updated").asInt(), report.path("lines").asInt(),
                report.path("handsets").asInt());
        // A dry run is where a MAC meant once but given two lines shows; after the import it is history.
        int listed = 0;
        for (JsonNode d : report.path("dry_run").asBoolean() ? report.path("devices") : Json.MAPPER.createArrayNode()) {
            if (listed++ == MAX_ALLOCATIONS_SHOWN) {
                out().println("  ... and " + (report.path("devices").size() - MAX_ALLOCATIONS_SHOWN) + " more devices (--json lists all)");
                break;
            }
            out().println("  " + Json.text(d, "mac") + " " + Json.text(d, "model") + (d.path("created").asBoolean() ? " (new)" : " (updated)")
                    + ": " + d.path("lines").asInt() + " line(s)" + (d.path("handsets").asInt() > 0 ? ", " + d.path("handsets").asInt()
                    + " handset(s)" : ""));
        }
        int shown = 0;
        for (JsonNode a : report.path("allocated")) {
            if (shown++ == MAX_ALLOCATIONS_SHOWN) {
                out().println("  ... and " + (report.path("allocated").size() - MAX_ALLOCATIONS_SHOWN) + " more extensions allocated (--json lists all)");
                break;
            }
            out().println("  row " + a.path("row").asText() + ": " + Json.text(a, "mac") + " gets extension " + Json.text(a, "extension"));
        }
        out().flush();
        return ExitCodes.OK;
    }
}
