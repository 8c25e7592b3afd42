package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonehome actions start|list|show|cancel}: paced re-syncs and reboots over many phones. */
@Command(name = "actions", mixinStandardHelpOptions = true, description = {"Re-sync or reboot many phones, paced",
        "(action_devices_per_second), with progress; each outcome is an event."},
        subcommands = {ActionsCommand.Start.class, ActionsCommand.ListActions.class, ActionsCommand.Show.class, ActionsCommand.Cancel.class})
public final class ActionsCommand {

    static String summary(JsonNode j) {
        StringBuilder sb = new StringBuilder();
        j.path("outcomes").properties().forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                .append(e.getValue().asInt()));
        return (j.path("total").asInt() - j.path("pending").asInt() - j.path("in_flight").asInt()) + "/" + j.path("total").asInt()
                + (sb.length() == 0 ? "" : ": " + sb);
    }

    /** Polls the action and draws its progress until it ends. */
    static JsonNode follow(ClientCommand c, ApiClient api, long id) throws InterruptedException {
        Progress p = new Progress(c.err(), "action " + id);
        JsonNode j = api.get("api/v1/actions/" + id);
        while (!Json.text(j, "state").equals("done") && !Json.text(j, "state").equals("cancelled")) {
            p.update(j.path("total").asInt() - j.path("pending").asInt(), Math.max(1, j.path("total").asInt()), summary(j));
            Thread.sleep(500);
            j = api.get("api/v1/actions/" + id);
        }
        p.done(Json.text(j, "state") + " " + summary(j));
        return j;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = {"Start an action over --mac MAC..., --site NAME, or the device",
            "list's filters. With --wait, shows progress until it ends."})
    static final class Start extends ClientCommand {
        @Option(names = "--kind", required = true, description = "resync or reboot")
        String kind;

        @Option(names = "--mac", split = ",", paramLabel = "MAC", description = "Devices by MAC")
        List<String> macs;

        @ArgGroup(exclusive = false, heading = "Filters:%n")
        DevicesCommand.Filters filters = new DevicesCommand.Filters();

        @Option(names = "--wait", description = "Wait and show progress until the action ends")
        boolean waitForEnd;

        @Override
        int run(ApiClient api) throws InterruptedException {
            ObjectNode body = Json.MAPPER.createObjectNode().put("kind", kind);
            Map<String, Object> f = filters == null ? Map.of() : filters.params();
            boolean anyFilter = f.values().stream().anyMatch(v -> v != null);
            if (macs != null && anyFilter) {
                throw new CliException(ExitCodes.USAGE, "give either --mac or filters, not both");
            }
            if (macs != null) {
                macs.forEach(body.putArray("macs")::add);
            } else if (filters != null && filters.site != null && f.values().stream().filter(v -> v != null).count() == 1) {
                body.put("site_id", SitesCommand.resolve(api, filters.site));
            } else if (anyFilter) {
                ObjectNode fj = body.putObject("filter");
                if (filters.site != null) {
                    fj.put("site_id", SitesCommand.resolve(api, filters.site));
                }
                f.forEach((k, v) -> {
                    if (v != null && !k.equals("site")) {
                        if (v.equals("true")) {
                            fj.put(k, true);
                        } else {
                            fj.put(k, v.toString());
                        }
                    }
                });
            } else {
                throw new CliException(ExitCodes.USAGE, "choose the devices: --mac, --site or other filters (see --help)");
            }
            JsonNode job = api.post("api/v1/actions", body);
            if (waitForEnd) {
                job = follow(this, api, job.path("id").asLong());
            }
            if (!printedJson(job)) {
                out().println("action " + job.path("id").asText() + " (" + Json.text(job, "kind") + ", " + Json.text(job, "state") + "): "
                        + summary(job));
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Recent actions.")
    static final class ListActions extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode all = api.get("api/v1/actions");
            if (printedJson(all)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "KIND", "STATE", "BY", "SELECTION", "PROGRESS", "STARTED");
            for (JsonNode j : all) {
                t.row(j.path("id").asText(), Json.text(j, "kind"), Json.text(j, "state"), Json.text(j, "requested_by"), Json.text(j, "description"),
                        summary(j), Json.text(j, "created_at"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One action; --wait follows it to the end.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--wait", description = "Show progress until it ends")
        boolean waitForEnd;

        @Override
        int run(ApiClient api) throws InterruptedException {
            JsonNode j = waitForEnd ? follow(this, api, id) : api.get("api/v1/actions/" + id + "?results=true");
            if (printedJson(j)) {
                return ExitCodes.OK;
            }
            out().println("action " + id + " (" + Json.text(j, "kind") + ", " + Json.text(j, "state") + "): " + summary(j));
            Table t = new Table("MAC", "OUTCOME", "STATUS", "DETAIL");
            j.path("results").forEach(r -> t.row(Json.text(r, "mac"), Json.text(r, "outcome"), r.path("status").asText(), Json.text(r, "detail")));
            if (t.size() > 0) {
                t.print(out());
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel: phones not yet notified never are.")
    static final class Cancel extends ClientCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        int run(ApiClient api) {
            JsonNode j = api.post("api/v1/actions/" + id + "/cancel", null);
            if (!printedJson(j)) {
                out().println("action " + id + " cancelled: " + summary(j) + ", " + j.path("cancelled").asText() + " never notified");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }
}
