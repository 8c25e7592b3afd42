package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonehome contacts import|list|delete|phonebook}: the company phonebook's contacts and each site's choice (through the admin API). */
@Command(name = "contacts", mixinStandardHelpOptions = true, description = "Manage the company phonebook's contacts (through the admin API).",
        subcommands = {ContactsCommand.Import.class, ContactsCommand.ListContacts.class, ContactsCommand.Delete.class,
                ContactsCommand.Phonebook.class})
public final class ContactsCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import contacts from a CSV file. Columns (any order, case-insensitive): name (required), company, office,",
                    "mobile, other (at least one number), site (a site's name; empty for a fleet-wide contact).",
                    "A name already in the same site (or fleet-wide) is updated. One bad row and nothing is written.",
                    "Exit status: 0 imported (or a clean dry run), 3 refused with the report."})
    static final class Import extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "CSV file to import")
        Path file;

        @Option(names = "--dry-run", description = "Check and report, change nothing")
        boolean dryRun;

        @Override
        int run(ApiClient api) throws IOException {
            byte[] csv = readInput(file);
            JsonNode report;
            try {
                report = api.upload("api/v1/contacts/import" + ApiClient.query(ApiClient.params("dry_run", dryRun ? "true" : null)),
                        "text/csv; charset=utf-8", csv, sent -> { });
            } catch (CliException e) {
                if (e.exitCode() == ExitCodes.INVALID_INPUT && !json) {
                    throw new CliException(e.exitCode(), "Import refused, nothing was changed. " + e.getMessage());
                }
                throw e;
            }
            if (printedJson(report)) {
                return report.path("errors").isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
            }
            if (!report.path("errors").isEmpty()) {
                out().println("Dry run: " + report.path("errors").size() + " problem(s); an import would be refused:");
                for (JsonNode e : report.path("errors")) {
                    out().println("  row " + e.path("row").asText() + (Json.text(e, "column").isEmpty() ? "" : ", " + Json.text(e, "column"))
                            + ": " + Json.text(e, "message"));
                }
                out().flush();
                return ExitCodes.INVALID_INPUT;
            }
            out().printf("%s %d row(s): %d contact(s) new, %d updated.%n",
                    report.path("dry_run").asBoolean() ? "Dry run, nothing written:" : "Imported", report.path("rows").asInt(),
                    report.path("created").asInt(), report.path("updated").asInt());
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List contacts (fleet-wide ones have no site).")
    static final class ListContacts extends ClientCommand {
        @Option(names = "--site", paramLabel = "NAME", description = "Only this site's contacts")
        String site;

        @Override
        int run(ApiClient api) {
            JsonNode page = api.get("api/v1/contacts" + ApiClient.query(ApiClient.params("site", site)));
            if (printedJson(page)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "SITE", "NAME", "COMPANY", "OFFICE", "MOBILE", "OTHER");
            for (JsonNode c : page.path("items")) {
                t.row(c.path("id").asText(), c.path("site").isNull() ? "(fleet)" : Json.text(c, "site"), Json.text(c, "name"),
                        Json.text(c, "company"), Json.text(c, "office"), Json.text(c, "mobile"), Json.text(c, "other"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a contact.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        int run(ApiClient api) {
            api.delete("api/v1/contacts/" + id);
            out().println("deleted contact " + id);
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "phonebook", mixinStandardHelpOptions = true,
            description = "Show or set which phonebook a site's phones get: site (its lines and contacts, the default) or fleet (all).")
    static final class Phonebook extends ClientCommand {
        @Parameters(paramLabel = "SITE", description = "Site id or name")
        String site;

        @Option(names = "--scope", description = "site or fleet")
        String scope;

        @Override
        int run(ApiClient api) {
            long id = SitesCommand.resolve(api, site);
            JsonNode r;
            if (scope == null) {
                r = api.get("api/v1/sites/" + id + "/phonebook");
            } else {
                ObjectNode body = Json.MAPPER.createObjectNode();
                body.put("scope", scope);
                r = api.put("api/v1/sites/" + id + "/phonebook", body);
            }
            if (!printedJson(r)) {
                out().println("site " + r.path("site_id").asText() + " '" + Json.text(r, "site") + "': phonebook " + Json.text(r, "scope"));
                out().flush();
            }
            return ExitCodes.OK;
        }
    }
}
