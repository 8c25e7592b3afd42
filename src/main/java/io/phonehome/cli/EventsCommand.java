package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phonehome events}: what happened to devices and the fleet, newest first. */
@Command(name = "events", mixinStandardHelpOptions = true, description = {"Events, newest first: config fetches, unknown MACs, auth failures,",
        "render errors, imports, actions. Filter by device, site, type and time."})
public final class EventsCommand extends ClientCommand {
    @Option(names = "--mac", description = "One device")
    String mac;

    @Option(names = "--site-id", description = "One site")
    Long siteId;

    @Option(names = "--type", description = "config_fetch, unknown_mac, auth_failure, render_error, bad_request, import, action, admin_change")
    String type;

    @Option(names = "--since", paramLabel = "TIME", description = "2026-05-01 or 2026-05-01T08:00:00Z")
    String since;

    @Option(names = "--until", paramLabel = "TIME")
    String until;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}, max 1000)")
    int limit;

    @Override
    int run(ApiClient api) {
        JsonNode page = api.get("api/v1/events" + ApiClient.query(ApiClient.params("mac", mac, "site_id", siteId, "type", type, "since", since,
                "until", until, "limit", limit)));
        if (printedJson(page)) {
            return ExitCodes.OK;
        }
        Table t = new Table("TIME", "TYPE", "OUTCOME", "MAC", "SOURCE", "DETAIL");
        for (JsonNode e : page.path("items")) {
            t.row(Json.text(e, "at"), Json.text(e, "type"), Json.text(e, "outcome"), Json.text(e, "mac"), Json.text(e, "source"),
                    Json.text(e, "detail"));
        }
        t.print(out());
        return ExitCodes.OK;
    }
}
