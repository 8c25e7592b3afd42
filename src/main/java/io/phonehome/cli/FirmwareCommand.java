package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonehome firmware ...}: the firmware catalog, target versions and upgrade campaigns,
 * through the admin API.
 */
@Command(name = "firmware", mixinStandardHelpOptions = true, description = {"Firmware: the catalog of images, target versions per",
        "model / site / device, and paced upgrade campaigns with a canary."},
        subcommands = {FirmwareCommand.Images.class, FirmwareCommand.Upload.class, FirmwareCommand.Delete.class, FirmwareCommand.Targets.class,
                FirmwareCommand.Target.class, FirmwareCommand.Campaign.class})
public final class FirmwareCommand {

    /** The vendor of a model, from the server's model catalog, when --vendor is not given. */
    static String vendorOf(ApiClient api, String vendor, String model) {
        if (vendor != null) {
            return vendor.toLowerCase(Locale.ROOT);
        }
        for (JsonNode m : api.get("api/v1/models")) {
            if (Json.text(m, "model").equalsIgnoreCase(model)) {
                return Json.text(m, "vendor");
            }
        }
        throw new CliException(ExitCodes.NOT_FOUND, "no supported model named '" + model + "' (see phonehome models)");
    }

    @Command(name = "images", mixinStandardHelpOptions = true, description = "The catalog: images by vendor, models and version, "
            + "and files that could not be indexed (with the reason).")
    static final class Images extends ClientCommand {
        @Option(names = "--vendor", description = "Only this vendor's images")
        String vendor;

        @Option(names = "--model", description = "Only images for this model")
        String model;

        @Override
        int run(ApiClient api) {
            JsonNode j = api.get("api/v1/firmware/images" + ApiClient.query(ApiClient.params("vendor", vendor, "model", model)));
            if (printedJson(j)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "VENDOR", "MODELS", "VERSION", "KIND", "SIZE", "FILE");
            for (JsonNode i : j.path("images")) {
                List<String> models = new ArrayList<>();
                i.path("models").forEach(m -> models.add(m.asText()));
                t.row(Json.text(i, "id"), Json.text(i, "vendor"), String.join(",", models), Json.text(i, "version"), Json.text(i, "kind"),
                        Progress.bytes(i.path("size").asLong()), Json.text(i, "root") + "/" + Json.text(i, "file"));
            }
            t.print(out());
            for (JsonNode p : j.path("problems")) {
                err().println("not in the catalog: " + Json.text(p, "root") + "/" + Json.text(p, "path") + ": " + Json.text(p, "message"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true, description = {"Add an image to the catalog. Its SHA-256 is computed here",
            "and checked by the server, so a corrupted transfer is refused. The version and models",
            "come from the vendor's file name; give them when the name does not say them."})
    static final class Upload extends ClientCommand {
        @Parameters(paramLabel = "FILE", description = "The image file")
        Path file;

        @Option(names = "--vendor", required = true, completionCandidates = VendorIds.class, description = "One of: ${COMPLETION-CANDIDATES}")
        String vendor;

        @Option(names = "--name", description = "File name in the catalog (default: the file's own)")
        String name;

        @Option(names = "--image-version", paramLabel = "VERSION", description = "Version as the phone reports it (required for a vendor whose phones ask for every version under one name)")
        String version;

        @Option(names = "--models", split = ",", description = "Models it is for, when the file name does not say")
        List<String> models;

        @Option(names = "--kind", description = "device (default) or handset (DECT over-the-air image)")
        String kind;

        @Override
        int run(ApiClient api) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + file);
            }
            long size = Files.size(file);
            String sha = sha256(file);
            String q = ApiClient.query(ApiClient.params("vendor", vendor, "name", name != null ? name : file.getFileName().toString(),
                    "version", version, "models", models == null ? null : String.join(",", models), "kind", kind, "sha256", sha));
            Progress p = new Progress(err(), "upload " + file.getFileName());
            JsonNode i = api.uploadFile("api/v1/firmware/images" + q, "application/octet-stream", file,
                    sent -> p.update(sent, size, Progress.bytes(sent) + " of " + Progress.bytes(size)));
            p.done(null);
            if (printedJson(i)) {
                return ExitCodes.OK;
            }
            out().println("added " + Json.text(i, "id") + ": " + Json.text(i, "vendor") + " " + String.join(",", texts(i.path("models"))) + " "
                    + Json.text(i, "version") + " (" + Progress.bytes(i.path("size").asLong()) + ", sha256 " + Json.text(i, "sha256") + ")");
            return ExitCodes.OK;
        }

        static String sha256(Path f) throws IOException {
            try (InputStream in = Files.newInputStream(f)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an image no target and no unfinished campaign uses.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "Image id (see firmware images)")
        String id;

        @Override
        int run(ApiClient api) {
            api.delete("api/v1/firmware/images/" + ApiClient.segment(id));
            out().println("deleted " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "targets", mixinStandardHelpOptions = true, description = "Every target version: per model, per site and model, per device.")
    static final class Targets extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode all = api.get("api/v1/firmware/targets");
            if (printedJson(all)) {
                return ExitCodes.OK;
            }
            Table t = new Table("SCOPE", "VENDOR", "MODEL", "SITE", "DEVICE", "VERSION", "SET BY", "AT");
            for (JsonNode x : all) {
                t.row(Json.text(x, "scope"), Json.text(x, "vendor"), Json.text(x, "model"), x.path("site_id").isNull() ? "" : x.path("site_id").asText(),
                        Json.text(x, "mac"), Json.text(x, "version"), Json.text(x, "set_by"), Json.text(x, "set_at"));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    /** Where a target applies: a model (optionally at one site), or one device. */
    static final class Where {
        @Option(names = "--model", description = "The model (every device of it, or at --site)")
        String model;

        @Option(names = "--vendor", description = "The model's vendor (default: from the model catalog)")
        String vendor;

        @Option(names = "--site", description = "Only at this site (name or id)")
        String site;

        @Option(names = "--mac", description = "One device")
        String mac;

        String path(ApiClient api) {
            if (mac != null) {
                if (model != null || site != null) {
                    throw new CliException(ExitCodes.USAGE, "give --mac, or --model (with --site), not both");
                }
                return "api/v1/devices/" + ApiClient.segment(mac) + "/firmware-target";
            }
            if (model == null) {
                throw new CliException(ExitCodes.USAGE, "give --model (with --site) or --mac");
            }
            String m = ApiClient.segment(vendorOf(api, vendor, model)) + "/" + ApiClient.segment(model.toUpperCase(Locale.ROOT));
            return "api/v1/firmware/targets/" + (site == null ? "models/" : "sites/" + SitesCommand.resolve(api, site) + "/") + m;
        }
    }

    @Command(name = "target", mixinStandardHelpOptions = true, description = "Set or clear a target version.",
            subcommands = {Target.Set.class, Target.Clear.class})
    static final class Target {
        @Command(name = "set", mixinStandardHelpOptions = true, description = {"Set the version a model, a model at one site, or one device",
                "should run. Phones are told to upgrade (their next config) only while they report another."})
        static final class Set extends ClientCommand {
            @Parameters(paramLabel = "VERSION")
            String version;

            @ArgGroup(exclusive = false, multiplicity = "1", heading = "Where:%n")
            Where where;

            @Override
            int run(ApiClient api) {
                JsonNode t = api.put(where.path(api), Map.of("version", version));
                if (printedJson(t)) {
                    return ExitCodes.OK;
                }
                out().println(Json.text(t, "scope") + " target " + Json.text(t, "vendor") + " " + Json.text(t, "model")
                        + (t.path("mac").isTextual() ? " " + Json.text(t, "mac") : "") + (t.path("site_id").isNumber() ? " at site "
                        + t.path("site_id").asText() : "") + ": " + Json.text(t, "version"));
                return ExitCodes.OK;
            }
        }

        @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove a target; the next wider one applies again.")
        static final class Clear extends ClientCommand {
            @ArgGroup(exclusive = false, multiplicity = "1", heading = "Where:%n")
            Where where;

            @Override
            int run(ApiClient api) {
                api.delete(where.path(api));
                out().println("target removed");
                return ExitCodes.OK;
            }
        }
    }

    // ---------------------------------------------------------------- campaigns

    static final List<String> STATES = List.of("pending", "notifying", "notified", "downloading", "rebooted", "confirmed", "failed", "timed_out",
            "skipped", "cancelled");

    /** "confirmed 3, downloading 2, failed 1": the non-zero counts, in the order devices go. */
    static String counts(JsonNode states) {
        StringBuilder sb = new StringBuilder();
        for (String s : STATES) {
            int n = states.path(s).asInt();
            if (n > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(s).append(' ').append(n);
            }
        }
        return sb.length() == 0 ? "no devices" : sb.toString();
    }

    static boolean settled(JsonNode p) {
        String state = Json.text(p.path("campaign"), "state");
        return !p.path("campaign").path("finished_at").isNull() && !p.path("campaign").path("finished_at").isMissingNode()
                || state.equals("halted") || state.equals("paused") || state.equals("draft");
    }

    /** Polls the campaign and draws its progress until it is finished, halted or paused. */
    static JsonNode follow(ClientCommand c, ApiClient api, long id, long pollMillis) throws InterruptedException {
        Progress p = new Progress(c.err(), "campaign " + id);
        JsonNode j = api.get("api/v1/firmware/campaigns/" + id);
        while (!settled(j)) {
            p.update(j.path("finished").asLong(), Math.max(1, j.path("total").asLong()), Json.text(j.path("campaign"), "state") + ": "
                    + counts(j.path("states")));
            Thread.sleep(pollMillis);
            j = api.get("api/v1/firmware/campaigns/" + id);
        }
        p.done(Json.text(j.path("campaign"), "state") + ": " + counts(j.path("states")));
        return j;
    }

    static void print(ClientCommand c, JsonNode p) {
        JsonNode k = p.path("campaign");
        c.out().println("campaign " + k.path("id").asText() + " \"" + Json.text(k, "name") + "\": " + Json.text(k, "vendor") + " "
                + Json.text(k, "version") + ", " + Json.text(k, "state") + (Json.text(k, "state_reason").isEmpty() ? "" : " (" + Json.text(k,
                "state_reason") + ")"));
        c.out().println("  canary " + k.path("canary_count").asText() + " (halts above " + k.path("canary_max_failure_percent").asText()
                + "% failed)" + (k.path("canary_passed").asBoolean() ? ", passed" : "") + "; " + k.path("per_minute").asText() + " per minute, at most "
                + k.path("max_concurrent").asText() + " at once, " + k.path("device_timeout_seconds").asText() + " s per device");
        c.out().println("  " + p.path("finished").asText() + "/" + p.path("total").asText() + " finished: " + counts(p.path("states")));
        Table t = new Table("MODEL", "PENDING", "UNDER WAY", "CONFIRMED", "FAILED", "TIMED OUT", "SKIPPED", "CANCELLED");
        for (Iterator<Map.Entry<String, JsonNode>> it = p.path("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode s = m.getValue();
            int underWay = s.path("notifying").asInt() + s.path("notified").asInt() + s.path("downloading").asInt() + s.path("rebooted").asInt();
            t.row(m.getKey(), s.path("pending").asInt(), underWay, s.path("confirmed").asInt(), s.path("failed").asInt(), s.path("timed_out").asInt(),
                    s.path("skipped").asInt(), s.path("cancelled").asInt());
        }
        t.print(c.out());
        if (!p.path("devices").isEmpty()) {
            Table d = new Table("MAC", "MODEL", "CANARY", "STATE", "DETAIL");
            for (JsonNode x : p.path("devices")) {
                d.row(Json.text(x, "mac"), Json.text(x, "model"), x.path("canary").asBoolean() ? "yes" : "", Json.text(x, "state"), Json.text(x, "detail"));
            }
            d.print(c.out());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Command(name = "campaign", mixinStandardHelpOptions = true, description = {"Upgrade campaigns: a canary first, then the rest at a pace,",
            "each device followed from the NOTIFY to the version it reports."},
            subcommands = {Campaign.Create.class, Campaign.ListCampaigns.class, Campaign.Show.class, Campaign.Start.class, Campaign.Pause.class,
                    Campaign.Resume.class, Campaign.Cancel.class})
    static final class Campaign {
        /** How often --wait asks for progress. */
        static final long POLL_MILLIS = 1000;

        @Command(name = "create", mixinStandardHelpOptions = true, description = {"Create a campaign (a draft; --start starts it).",
                "Devices that cannot take part are listed as skipped, with the reason."})
        static final class Create extends ClientCommand {
            @Option(names = "--target-version", paramLabel = "VERSION", required = true, description = "Target version (the catalog must have it)")
            String version;

            @Option(names = "--mac", split = ",", description = "Devices by MAC")
            List<String> macs;

            @Option(names = "--model", split = ",", description = "Every device of these models (and --site)")
            List<String> models;

            @Option(names = "--site", split = ",", description = "Every device at these sites (names or ids; and --model)")
            List<String> sites;

            @Option(names = "--name", description = "A name for the campaign")
            String name;

            @Option(names = "--canary", description = "Devices that go first (0: none)")
            Integer canary;

            @Option(names = "--canary-percent", description = "Share of the devices that goes first (default 5, rounded up)")
            Integer canaryPercent;

            @Option(names = "--canary-max-failures", paramLabel = "PERCENT", description = "Halt when more of the canary than this fails (default 0)")
            Integer canaryMaxFailures;

            @Option(names = "--per-minute", description = "Devices started per minute (default 10)")
            Integer perMinute;

            @Option(names = "--max-concurrent", description = "Devices notified or downloading at once (default 20)")
            Integer maxConcurrent;

            @Option(names = "--timeout", paramLabel = "SECONDS", description = "Per device, NOTIFY to confirmed version (default 1800)")
            Integer timeout;

            @Option(names = "--notify", description = "resync (default) or reboot")
            String notifyKind;

            @Option(names = "--start", description = "Start it right away")
            boolean start;

            @Option(names = "--wait", description = "With --start: show progress until it ends, halts or is paused")
            boolean waitForEnd;

            @Override
            int run(ApiClient api) throws InterruptedException {
                ObjectNode body = Json.MAPPER.createObjectNode().put("version", version);
                if (name != null) {
                    body.put("name", name);
                }
                array(body, "macs", macs);
                array(body, "models", models);
                array(body, "sites", sites);
                putIf(body, "canary_count", canary);
                putIf(body, "canary_percent", canaryPercent);
                putIf(body, "canary_max_failure_percent", canaryMaxFailures);
                putIf(body, "per_minute", perMinute);
                putIf(body, "max_concurrent", maxConcurrent);
                putIf(body, "device_timeout_seconds", timeout);
                if (notifyKind != null) {
                    body.put("notify_kind", notifyKind);
                }
                JsonNode p = api.post("api/v1/firmware/campaigns", body);
                long id = p.path("campaign").path("id").asLong();
                if (start) {
                    p = api.post("api/v1/firmware/campaigns/" + id + "/start", null);
                    if (waitForEnd) {
                        p = follow(this, api, id, POLL_MILLIS);
                    }
                }
                if (printedJson(p)) {
                    return ExitCodes.OK;
                }
                print(this, p.path("devices").isEmpty() ? api.get("api/v1/firmware/campaigns/" + id + "?devices=true") : p);
                return Json.text(p.path("campaign"), "state").equals("halted") ? ExitCodes.FAILED : ExitCodes.OK;
            }

            private static void array(ObjectNode body, String field, List<String> values) {
                if (values != null) {
                    ArrayNode a = body.putArray(field);
                    values.forEach(a::add);
                }
            }

            private static void putIf(ObjectNode body, String field, Integer value) {
                if (value != null) {
                    body.put(field, value);
                }
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Campaigns, newest first.")
        static final class ListCampaigns extends ClientCommand {
            @Override
            int run(ApiClient api) {
                JsonNode all = api.get("api/v1/firmware/campaigns");
                if (printedJson(all)) {
                    return ExitCodes.OK;
                }
                Table t = new Table("ID", "NAME", "VENDOR", "VERSION", "STATE", "BY", "CREATED");
                for (JsonNode c : all) {
                    t.row(c.path("id").asText(), Json.text(c, "name"), Json.text(c, "vendor"), Json.text(c, "version"), Json.text(c, "state"),
                            Json.text(c, "created_by"), Json.text(c, "created_at"));
                }
                t.print(out());
                return ExitCodes.OK;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "A campaign's progress per state and per model; --devices "
                + "lists every device; --wait follows it until it ends, halts or is paused.")
        static final class Show extends ClientCommand {
            @Parameters(paramLabel = "ID")
            long id;

            @Option(names = "--devices", description = "Every device with its state")
            boolean devices;

            @Option(names = "--wait", description = "Show progress until it ends, halts or is paused")
            boolean waitForEnd;

            @Override
            int run(ApiClient api) throws InterruptedException {
                if (waitForEnd) {
                    follow(this, api, id, POLL_MILLIS);
                }
                JsonNode p = api.get("api/v1/firmware/campaigns/" + id + (devices ? "?devices=true" : ""));
                if (printedJson(p)) {
                    return ExitCodes.OK;
                }
                print(this, p);
                return ExitCodes.OK;
            }
        }

        /** start / pause / resume / cancel. */
        abstract static class Verb extends ClientCommand {
            @Parameters(paramLabel = "ID")
            long id;

            @Option(names = "--wait", description = "Then show progress until it ends, halts or is paused")
            boolean waitForEnd;

            abstract String verb();

            @Override
            int run(ApiClient api) throws InterruptedException {
                JsonNode p = api.post("api/v1/firmware/campaigns/" + id + "/" + verb(), null);
                if (waitForEnd) {
                    p = follow(this, api, id, POLL_MILLIS);
                }
                if (printedJson(p)) {
                    return ExitCodes.OK;
                }
                print(this, p);
                return ExitCodes.OK;
            }
        }

        @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a draft campaign.")
        static final class Start extends Verb {
            @Override
            String verb() {
                return "start";
            }
        }

        @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause: no new device starts; those under way are still followed.")
        static final class Pause extends Verb {
            @Override
            String verb() {
                return "pause";
            }
        }

        @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused campaign, or one that halted on its canary "
                + "(you accept the canary's result).")
        static final class Resume extends Verb {
            @Override
            String verb() {
                return "resume";
            }
        }

        @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel: devices not started never are.")
        static final class Cancel extends Verb {
            @Override
            String verb() {
                return "cancel";
            }
        }
    }
}
