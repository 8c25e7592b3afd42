package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phonehome audit}: who changed what, when (admin tokens only). */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log, newest first (needs an admin token); --json has before/after.")
public final class AuditCommand extends ClientCommand {
    @Option(names = "--actor", description = "Token name")
    String actor;

    @Option(names = "--action", description = "e.g. device.update, or a prefix such as device.")
    String action;

    @Option(names = "--target", description = "e.g. 00:15:65:aa:bb:cc or 'site 3'")
    String target;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Override
    int run(ApiClient api) {
        JsonNode page = api.get("api/v1/audit" + ApiClient.query(ApiClient.params("actor", actor, "action", action, "target", target,
                "limit", limit)));
        if (printedJson(page)) {
            return ExitCodes.OK;
        }
        Table t = new Table("TIME", "ACTOR", "ROLE", "SOURCE", "ACTION", "TARGET");
        for (JsonNode e : page.path("items")) {
            t.row(Json.text(e, "at"), Json.text(e, "actor"), Json.text(e, "actor_role"), Json.text(e, "source"), Json.text(e, "action"),
                    Json.text(e, "target"));
        }
        t.print(out());
        return ExitCodes.OK;
    }
}
