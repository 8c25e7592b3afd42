package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome commission start|status|report|cancel}: commissioning runs through the admin
 * API. Phonehome calls every line of a site or of a CSV list, asks to press 1, and keeps the
 * result per line; {@code report} downloads the site's report for the handover documentation.
 */
@Command(name = "commission", mixinStandardHelpOptions = true, description = {"Commissioning calls: Phonehome calls every line of a site",
        "or a CSV list, asks to press 1, and reports per line (paced: commission_calls_per_second)."},
        subcommands = {CommissionCommand.Start.class, CommissionCommand.Status.class, CommissionCommand.Report.class,
                CommissionCommand.Cancel.class, CommissionCommand.ListRuns.class})
public final class CommissionCommand {
    private CommissionCommand() {
    }

    static String summary(JsonNode run) {
        StringBuilder sb = new StringBuilder();
        run.path("summary").properties().forEach(e -> {
            if (e.getValue().asInt() > 0 && !e.getKey().equals("pending")) {
                sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asInt());
            }
        });
        return run.path("called").asInt() + "/" + run.path("total").asInt() + (sb.length() == 0 ? "" : ": " + sb);
    }

    static boolean running(JsonNode run) {
        return Json.text(run, "state").equals("running");
    }

    static void print(ClientCommand c, JsonNode run) {
        c.out().println("commissioning run " + Json.text(run, "id") + " (" + Json.text(run, "source") + "): " + Json.text(run, "state") + ", "
                + summary(run));
        if (run.path("lines").isArray()) {
            Table t = new Table("EXTENSION", "NAME", "MAC", "MODEL", "RESULT", "PLACED", "ANSWERED", "CONFIRMED", "DETAIL");
            for (JsonNode l : run.path("lines")) {
                t.row(Json.text(l, "extension"), Json.text(l, "display_name"), Json.text(l, "mac"), Json.text(l, "model"), Json.text(l, "result"),
                        Json.text(l, "placed_at"), Json.text(l, "answered_at"), Json.text(l, "confirmed_at"), Json.text(l, "detail"));
            }
            t.print(c.out());
        }
    }

    static final class Source {
        @Option(names = "--site", required = true, paramLabel = "SITE", description = "Every line of this site (name or id)")
        String site;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = {"A CSV list: a column extension and an optional",
                "note (comma or semicolon separated, UTF-8)"})
        Path file;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = {"Start a run over --site SITE or --file list.csv.",
            "With --wait, shows progress until it ends."})
    static final class Start extends ClientCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--wait", description = "Wait and show progress until the run ends")
        boolean waitForEnd;

        @Override
        int run(ApiClient api) throws Exception {
            JsonNode run;
            if (source.file != null) {
                byte[] csv = Files.readAllBytes(source.file);
                run = api.upload("api/v1/commissioning/list", "text/csv; charset=utf-8", csv, sent -> { });
            } else {
                run = api.post("api/v1/commissioning", Json.MAPPER.createObjectNode().put("site_id", SitesCommand.resolve(api, source.site)));
            }
            if (waitForEnd) {
                run = follow(this, api, run.path("id").asLong());
            }
            if (printedJson(run)) {
                return ExitCodes.OK;
            }
            if (waitForEnd) {
                print(this, run);
            } else {
                out().println("commissioning run " + Json.text(run, "id") + " started over " + Json.text(run, "source") + " ("
                        + run.path("total").asInt() + " line(s)); follow it with: phonehome commission status " + Json.text(run, "id"));
            }
            return ExitCodes.OK;
        }
    }

    /** Polls the run and draws its progress until it ends. */
    static JsonNode follow(ClientCommand c, ApiClient api, long id) throws InterruptedException {
        Progress p = new Progress(c.err(), "commissioning " + id);
        JsonNode j = api.get("api/v1/commissioning/" + id);
        while (running(j)) {
            p.update(j.path("called").asInt(), Math.max(1, j.path("total").asInt()), summary(j));
            Thread.sleep(500);
            j = api.get("api/v1/commissioning/" + id);
        }
        p.done(Json.text(j, "state") + " " + summary(j));
        return j;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "A run's progress and each line's result so far.")
    static final class Status extends ClientCommand {
        @Parameters(paramLabel = "RUN")
        long id;

        @Option(names = "--wait", description = "Wait and show progress until the run ends")
        boolean waitForEnd;

        @Override
        int run(ApiClient api) throws Exception {
            JsonNode run = waitForEnd ? follow(this, api, id) : api.get("api/v1/commissioning/" + id);
            if (!printedJson(run)) {
                print(this, run);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Commissioning runs, newest first.")
    static final class ListRuns extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode runs = api.get("api/v1/commissioning");
            if (printedJson(runs)) {
                return ExitCodes.OK;
            }
            Table t = new Table("RUN", "SITE", "SOURCE", "STATE", "STARTED", "RESULTS");
            for (JsonNode r : runs) {
                t.row(Json.text(r, "id"), Json.text(r, "site"), Json.text(r, "source"), Json.text(r, "state"), Json.text(r, "started_at"), summary(r));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = {"The run's commissioning report for the handover documentation:",
            "CSV (--separator semicolon for Excel in fr/de/it locales) or JSON."})
    static final class Report extends ClientCommand {
        @Parameters(paramLabel = "RUN")
        long id;

        @Option(names = "--format", defaultValue = "csv", description = "csv or json (default ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--separator", paramLabel = "comma|semicolon", description = "CSV field separator (default comma)")
        String separator;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (default: standard output)")
        Path output;

        @Override
        int run(ApiClient api) throws Exception {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("format", json ? "json" : format);
            p.put("separator", separator);
            HttpResponse<InputStream> r = api.stream("api/v1/commissioning/" + id + "/report" + ApiClient.query(p));
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readAllBytes();
            }
            if (output != null) {
                Path tmp = output.resolveSibling(output.getFileName() + ".part");
                Files.write(tmp, body);
                Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
                err().println("wrote " + Progress.bytes(body.length) + " to " + output);
            } else {
                out().print(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a run: lines not called yet never are.")
    static final class Cancel extends ClientCommand {
        @Parameters(paramLabel = "RUN")
        long id;

        @Override
        int run(ApiClient api) {
            JsonNode run = api.post("api/v1/commissioning/" + id + "/cancel", Json.MAPPER.createObjectNode());
            if (!printedJson(run)) {
                out().println("commissioning run " + id + " cancelled: " + summary(run));
            }
            return ExitCodes.OK;
        }
    }
}
