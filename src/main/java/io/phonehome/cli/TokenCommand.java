package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonehome token create|list|revoke}: API tokens (needs an admin token). */
@Command(name = "token", mixinStandardHelpOptions = true, description = "API tokens for people and tools (needs an admin token).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = {"Create a token. It is printed once, on standard output;",
            "only its hash is kept. Roles: viewer (read, secrets masked), technician (inventory, imports, actions), admin (everything)."})
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "Who or what uses it, e.g. crm-sync or tech-anna")
        String name;

        @Option(names = "--role", required = true, description = "viewer, technician or admin")
        String role;

        @Option(names = "--customer", paramLabel = "SLUG", description = {"Limit the token to this customer: it sees and changes",
                "nothing of any other (viewer or technician only)"})
        String customer;

        @Override
        int run(ApiClient api) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("role", role);
            if (customer != null) {
                body.put("customer", customer);
            }
            JsonNode r = api.post("api/v1/tokens", body);
            if (printedJson(r)) {
                return ExitCodes.OK;
            }
            out().println(Json.text(r, "token"));
            out().flush();
            err().println("token " + r.path("details").path("id").asText() + " '" + name + "' (" + role + ") created; it is shown only this once");
            err().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never the tokens themselves).")
    static final class ListTokens extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode all = api.get("api/v1/tokens");
            if (printedJson(all)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "NAME", "ROLE", "CUSTOMER", "PREFIX", "CREATED", "LAST USED", "REVOKED");
            for (JsonNode k : all) {
                t.row(k.path("id").asText(), Json.text(k, "name"), Json.text(k, "role"), k.path("customer_id").isNull() ? "(all)" : k.path("customer_id").asText(),
                        Json.text(k, "prefix") + "...", Json.text(k, "created_at"), Json.text(k, "last_used_at"), Json.text(k, "revoked_at"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id, or by name when one active token has it.")
    static final class Revoke extends ClientCommand {
        @Parameters(paramLabel = "ID|NAME")
        String token;

        @Override
        int run(ApiClient api) {
            long id;
            if (token.matches("[0-9]{1,18}")) {
                id = Long.parseLong(token);
            } else {
                List<Long> matches = new ArrayList<>();
                for (JsonNode k : api.get("api/v1/tokens")) {
                    if (Json.text(k, "name").equals(token) && Json.text(k, "revoked_at").isEmpty()) {
                        matches.add(k.path("id").asLong());
                    }
                }
                if (matches.isEmpty()) {
                    throw new CliException(ExitCodes.NOT_FOUND, "no active token named '" + token + "'");
                }
                if (matches.size() > 1) {
                    throw new CliException(ExitCodes.INVALID_INPUT, "several active tokens are named '" + token + "' (ids " + matches + "); give the id");
                }
                id = matches.get(0);
            }
            api.delete("api/v1/tokens/" + id);
            out().println("revoked token " + id);
            out().flush();
            return ExitCodes.OK;
        }
    }
}
