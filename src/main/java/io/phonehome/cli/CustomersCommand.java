package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonehome customers list|create|rename|delete}: the customers (tenants) of the installation (needs an admin token). */
@Command(name = "customers", mixinStandardHelpOptions = true,
        description = {"Customers (tenants) of the installation: each groups sites; tokens may be limited to one",
                "(token create --customer SLUG). Needs an admin token of the whole installation."},
        subcommands = {CustomersCommand.ListCustomers.class, CustomersCommand.Create.class, CustomersCommand.Rename.class,
                CustomersCommand.Delete.class})
public final class CustomersCommand {

    /** The id of the customer with this slug (or this id). */
    static long idOf(ApiClient api, String slugOrId) {
        if (slugOrId.matches("[0-9]{1,18}")) {
            return Long.parseLong(slugOrId);
        }
        for (JsonNode c : api.get("api/v1/customers").path("items")) {
            if (Json.text(c, "slug").equals(slugOrId)) {
                return c.path("id").asLong();
            }
        }
        throw new CliException(ExitCodes.NOT_FOUND, "no customer with slug '" + slugOrId + "' (phonehome customers list)");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List customers and how many sites each has.")
    static final class ListCustomers extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode page = api.get("api/v1/customers");
            if (printedJson(page)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "SLUG", "NAME", "SITES", "CREATED", "SIP DOMAIN");
            for (JsonNode c : page.path("items")) {
                t.row(c.path("id").asText(), Json.text(c, "slug"), Json.text(c, "name"), c.path("sites").asText(), Json.text(c, "created_at"),
                        Json.text(c, "sip_domain"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a customer.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The customer's name, e.g. \"Acme AG\"")
        String name;

        @Option(names = "--slug", required = true, description = "Short name for the CLI and tokens: lower-case letters, digits and '-', e.g. acme")
        String slug;

        @Option(names = "--sip-domain", description = "The customer's own SIP domain, e.g. sip.acme.example (default: the installation's)")
        String sipDomain;

        @Override
        int run(ApiClient api) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("slug", slug);
            if (sipDomain != null) {
                body.put("sip_domain", sipDomain);
            }
            JsonNode c = api.post("api/v1/customers", body);
            if (!printedJson(c)) {
                out().println("created customer " + c.path("id").asText() + " '" + Json.text(c, "name") + "' (" + Json.text(c, "slug") + ")");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Change a customer's name or slug (the default customer keeps its slug).")
    static final class Rename extends ClientCommand {
        @Parameters(paramLabel = "SLUG|ID")
        String customer;

        @Option(names = "--name", description = "New name")
        String newName;

        @Option(names = "--slug", description = "New slug")
        String newSlug;

        @Option(names = "--sip-domain", description = "New SIP domain; an empty value removes it (the installation's domain again)")
        String newSipDomain;

        @Override
        int run(ApiClient api) {
            ObjectNode patch = Json.MAPPER.createObjectNode();
            if (newName != null) {
                patch.put("name", newName);
            }
            if (newSlug != null) {
                patch.put("slug", newSlug);
            }
            if (newSipDomain != null) {
                if (newSipDomain.isEmpty()) {
                    patch.putNull("sip_domain");
                } else {
                    patch.put("sip_domain", newSipDomain);
                }
            }
            if (patch.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "nothing to change: give --name, --slug and/or --sip-domain");
            }
            JsonNode c = api.patch("api/v1/customers/" + idOf(api, customer), patch);
            if (!printedJson(c)) {
                out().println("updated customer " + c.path("id").asText() + " '" + Json.text(c, "name") + "' (" + Json.text(c, "slug") + ")");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a customer that has no sites and no tokens.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "SLUG|ID")
        String customer;

        @Override
        int run(ApiClient api) {
            long id = idOf(api, customer);
            api.delete("api/v1/customers/" + id);
            out().println("deleted customer " + id);
            out().flush();
            return ExitCodes.OK;
        }
    }
}
