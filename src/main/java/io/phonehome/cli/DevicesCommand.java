package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonehome devices list|show|set|delete|resync|reboot|rearm|preview|diagnostics}. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "Devices in the inventory (through the admin API).",
        subcommands = {DevicesCommand.ListDevices.class, DevicesCommand.Show.class, DevicesCommand.Set.class, DevicesCommand.Delete.class,
                DevicesCommand.Resync.class, DevicesCommand.Reboot.class, DevicesCommand.Rearm.class, DevicesCommand.Preview.class, DevicesCommand.Diagnostics.class})
public final class DevicesCommand {
    /** The device list's filters, shared with {@code export} and {@code actions start}. */
    static final class Filters {
        @Option(names = "--site", paramLabel = "NAME", description = "Only devices of this site")
        String site;

        @Option(names = "--vendor", completionCandidates = VendorIds.class, description = "One of: ${COMPLETION-CANDIDATES}")
        String vendor;

        @Option(names = "--model", description = "e.g. T46U")
        String model;

        @Option(names = "--firmware", description = "Reported firmware version")
        String firmware;

        @Option(names = "--seen-before", paramLabel = "TIME", description = "Last seen before (2026-05-01 or 2026-05-01T08:00:00Z)")
        String seenBefore;

        @Option(names = "--seen-after", paramLabel = "TIME", description = "Last seen at or after")
        String seenAfter;

        @Option(names = "--never-seen", description = "Only devices that never fetched their config")
        boolean neverSeen;

        @Option(names = {"-q", "--search"}, paramLabel = "TEXT", description = "Search MAC, serial, extensions, names")
        String search;

        @Option(names = "--redirected", description = "Only devices redirected to another provisioning server")
        boolean redirected;

        Map<String, Object> params() {
            return ApiClient.params("site", site, "vendor", vendor, "model", model, "firmware", firmware, "seen_before", seenBefore,
                    "seen_after", seenAfter, "never_seen", neverSeen ? "true" : null, "q", search, "redirected", redirected ? "true" : null);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List devices, filtered; pages of --limit, or --all.")
    static final class ListDevices extends ClientCommand {
        @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Filters:%n")
        Filters filters = new Filters();

        @Option(names = "--limit", defaultValue = "100", description = "Devices per page (1-1000, default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--all", description = "Fetch every page")
        boolean all;

        @Override
        int run(ApiClient api) {
            Map<String, Object> p = filters == null ? new java.util.LinkedHashMap<>() : filters.params();
            p.put("limit", limit);
            List<JsonNode> items = new ArrayList<>();
            long total;
            String next = null;
            do {
                p.put("after", next);
                JsonNode page = api.get("api/v1/devices" + ApiClient.query(p));
                page.path("items").forEach(items::add);
                total = page.path("total").asLong();
                next = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
            } while (all && next != null);
            if (json) {
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.putArray("items").addAll(items);
                n.put("total", total);
                n.put("next", all ? null : next);
                return printedJson(n) ? ExitCodes.OK : ExitCodes.OK;
            }
            Table t = new Table("MAC", "MODEL", "SITE", "EXTENSIONS", "FIRMWARE", "LAST SEEN", "ADDRESS");
            for (JsonNode d : items) {
                List<String> ext = new ArrayList<>();
                d.path("lines").forEach(l -> ext.add(Json.text(l, "extension")));
                String where = !Json.text(d, "redirect_url").isEmpty() ? "-> " + Json.text(d, "redirect_url") : Json.text(d.path("site"), "name");
                t.row(Json.text(d, "mac"), Json.text(d, "model"), where, String.join(",", ext), Json.text(d, "reported_firmware"),
                        Json.text(d, "last_seen"), Json.text(d, "last_address"));
            }
            t.print(out());
            out().println(items.size() + " of " + total + " device(s)" + (next != null && !all ? "; more with --all or --limit" : ""));
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One device: lines, handsets, redirect, registrations.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "MAC", description = "Any spelling: 00:15:65:aa:bb:cc, 001565aabbcc, ...")
        String mac;

        @Override
        int run(ApiClient api) {
            JsonNode d = api.get("api/v1/devices/" + ApiClient.segment(mac));
            if (printedJson(d)) {
                return ExitCodes.OK;
            }
            print(d);
            return ExitCodes.OK;
        }

        void print(JsonNode d) {
            var o = out();
            o.println("MAC        " + Json.text(d, "mac"));
            o.println("model      " + Json.text(d, "vendor") + " " + Json.text(d, "model") + (Json.text(d, "serial").isEmpty() ? ""
                    : "  serial " + Json.text(d, "serial")));
            if (!d.path("redirect").isNull() && !d.path("redirect").isMissingNode()) {
                o.println("redirect   " + Json.text(d.path("redirect"), "url") + (Json.text(d.path("redirect"), "username").isEmpty() ? ""
                        : "  (user " + Json.text(d.path("redirect"), "username") + ")"));
            } else {
                o.println("site       " + (d.path("site").isNull() ? "(none)" : Json.text(d.path("site"), "name")));
            }
            o.println("site cred. " + siteCredential(d.path("site_credential")));
            if (!Json.text(d, "dect_manager").isEmpty()) {
                o.println("DECT mgr.  " + Json.text(d, "dect_manager"));
            }
            if (!d.path("dect_bases").isEmpty()) {
                List<String> bases = new ArrayList<>();
                d.path("dect_bases").forEach(b -> bases.add(Json.text(b, "mac")));
                o.println("DECT bases " + String.join(", ", bases));
            }
            o.println("reported   " + Json.text(d, "reported_model") + " " + Json.text(d, "reported_firmware"));
            o.println("last seen  " + Json.text(d, "last_seen") + " " + Json.text(d, "last_address"));
            for (JsonNode p : d.path("problems")) {
                o.println("problem    " + Json.text(p, "type") + ": " + Json.text(p, "message"));
            }
            if (!d.path("lines").isEmpty()) {
                Table t = new Table("LINE", "EXTENSION", "DISPLAY NAME", "AUTH USER", "TRANSPORT", "HANDSETS", "REGISTERED");
                for (JsonNode l : d.path("lines")) {
                    List<String> hs = new ArrayList<>();
                    l.path("handsets").forEach(h -> hs.add(h.asText()));
                    t.row(l.path("position").asText(), Json.text(l, "extension"), Json.text(l, "display_name"), Json.text(l, "auth_user"),
                            Json.text(l, "transport"), String.join(",", hs), l.path("registrations").isEmpty() ? "no" : "yes");
                }
                t.print(o);
            }
            o.flush();
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = {"Change a device: model, serial, site, or redirect it to another",
            "provisioning server. Lines keep their extensions and passwords."})
    static final class Set extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @Option(names = "--model")
        String model;

        @Option(names = "--serial")
        String serial;

        @Option(names = "--site", paramLabel = "NAME", description = "Provision it here, with this site (ends a redirect)")
        String site;

        @Option(names = "--dect-manager", paramLabel = "MAC",
                description = "A radio base's multi-cell DECT manager, which pre-registers it (empty: none)")
        String dectManager;

        @Option(names = "--redirect-url", paramLabel = "URL", description = "Send it to another provisioning server (ends its site and lines)")
        String redirectUrl;

        @Option(names = "--redirect-user", paramLabel = "USER")
        String redirectUser;

        @Option(names = "--redirect-password", paramLabel = "PASSWORD", interactive = true, arity = "0..1",
                description = "Password for the other server (without a value: asked for, not echoed)")
        char[] redirectPassword;

        @Override
        int run(ApiClient api) {
            ObjectNode patch = Json.MAPPER.createObjectNode();
            if (model != null) {
                patch.put("model", model);
            }
            if (serial != null) {
                patch.put("serial", serial);
            }
            if (dectManager != null) {
                patch.put("dect_manager", dectManager);
            }
            if (site != null && redirectUrl != null) {
                throw new CliException(ExitCodes.USAGE, "--site and --redirect-url exclude each other");
            }
            if (site != null) {
                patch.put("site", site);
                patch.putNull("redirect");
            }
            if (redirectUrl != null) {
                ObjectNode r = patch.putObject("redirect");
                r.put("url", redirectUrl);
                if (redirectUser != null) {
                    r.put("username", redirectUser);
                }
                if (redirectPassword != null) {
                    r.put("password", new String(redirectPassword));
                }
                patch.putNull("site");
                patch.putArray("lines");
            }
            if (patch.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "nothing to change: give --model, --serial, --site, --dect-manager or --redirect-url");
            }
            JsonNode d = api.patch("api/v1/devices/" + ApiClient.segment(mac), patch);
            if (!printedJson(d)) {
                out().println("updated " + Json.text(d, "mac") + " (revision " + d.path("revision").asText() + ")");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a device with its lines and handsets.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @Override
        int run(ApiClient api) {
            api.delete("api/v1/devices/" + ApiClient.segment(mac));
            out().println("deleted " + mac);
            out().flush();
            return ExitCodes.OK;
        }
    }

    /** One device's action, answered at once. */
    abstract static class OneAction extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        abstract String kind();

        @Override
        int run(ApiClient api) {
            JsonNode r = api.post("api/v1/devices/" + ApiClient.segment(mac) + "/actions/" + kind(), null);
            if (!printedJson(r)) {
                out().println(Json.text(r, "mac") + ": " + kind() + " " + Json.text(r, "outcome") + (r.path("status").asInt() > 0
                        ? " (" + r.path("status").asInt() + ")" : "") + (Json.text(r, "detail").isEmpty() ? "" : ": " + Json.text(r, "detail")));
                out().flush();
            }
            return Json.text(r, "outcome").equals("accepted") ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "resync", mixinStandardHelpOptions = true, description = "Ask one phone to fetch its config again (SIP NOTIFY check-sync).")
    static final class Resync extends OneAction {
        @Override
        String kind() {
            return "resync";
        }
    }

    @Command(name = "reboot", mixinStandardHelpOptions = true, description = "Ask one phone to reboot (SIP NOTIFY).")
    static final class Reboot extends OneAction {
        @Override
        String kind() {
            return "reboot";
        }
    }

    /** "armed", "armed until T", "retired: own credentials in use since T". */
    static String siteCredential(JsonNode s) {
        String state = Json.text(s, "state");
        if (state.equals("armed")) {
            return "armed" + (Json.text(s, "rearmed_until").isEmpty() ? "" : " until " + Json.text(s, "rearmed_until"));
        }
        return state + (Json.text(s, "own_credentials_since").isEmpty() ? " (re-arm expired " + Json.text(s, "rearmed_until") + ")"
                : ": own credentials in use since " + Json.text(s, "own_credentials_since"));
    }

    @Command(name = "rearm", mixinStandardHelpOptions = true, description = {"Let the site credential (RPS/DHCP URL) open a device again,",
            "e.g. a phone reset to factory settings; until it uses its own credentials again, or --hours."})
    static final class Rearm extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @Option(names = "--hours", paramLabel = "N", description = "Retire the site credential again after N hours (1-720) even if the device never came back")
        Integer hours;

        @Override
        int run(ApiClient api) {
            JsonNode r = api.post("api/v1/devices/" + ApiClient.segment(mac) + "/rearm" + ApiClient.query(ApiClient.params("hours", hours)), null);
            if (!printedJson(r)) {
                out().println(Json.text(r, "mac") + ": site credential " + siteCredential(r.path("site_credential")));
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true, description = {"Exactly the file a device would get now,",
            "or with --diff what changed since it last fetched it."})
    static final class Preview extends ClientCommand {
        @Parameters(index = "0", paramLabel = "MAC")
        String mac;

        @Parameters(index = "1", paramLabel = "FILE", description = "File name as the phone asks for it, e.g. 001565aabbcc.cfg")
        String file;

        @Option(names = "--diff", description = "Show the difference from what it last fetched")
        boolean diff;

        @Override
        int run(ApiClient api) throws Exception {
            String path = "api/v1/devices/" + ApiClient.segment(mac) + "/files/" + ApiClient.segment(file);
            if (diff) {
                JsonNode d = api.get(path + "/diff");
                if (!printedJson(d)) {
                    out().print(d.path("changed").asBoolean() ? Json.text(d, "diff") : "no change since it last fetched " + file + "\n");
                    out().flush();
                }
                return ExitCodes.OK;
            }
            HttpResponse<InputStream> r = api.stream(path);
            try (InputStream in = r.body()) {
                out().print(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "diagnostics", mixinStandardHelpOptions = true, description = "Last fetch, address, firmware, templates, errors, registrations.")
    static final class Diagnostics extends ClientCommand {
        @Parameters(paramLabel = "MAC")
        String mac;

        @Override
        int run(ApiClient api) {
            JsonNode d = api.get("api/v1/devices/" + ApiClient.segment(mac) + "/diagnostics");
            if (printedJson(d)) {
                return ExitCodes.OK;
            }
            var o = out();
            o.println("MAC          " + Json.text(d, "mac") + "  " + Json.text(d, "vendor") + " " + Json.text(d, "model"));
            o.println("last seen    " + Json.text(d, "last_seen") + " from " + Json.text(d, "last_address"));
            JsonNode fw = d.path("firmware");
            o.println("firmware     reported " + Json.text(fw, "reported") + ", target " + (Json.text(fw, "target").isEmpty() ? "(none)"
                    : Json.text(fw, "target")) + " [" + Json.text(fw, "status") + "]");
            o.println("last fetch   " + (d.path("last_fetch").isNull() ? "(never)" : Json.text(d.path("last_fetch"), "at") + " "
                    + Json.text(d.path("last_fetch"), "outcome") + " " + Json.text(d.path("last_fetch"), "detail")));
            o.println("last problem " + (d.path("last_problem").isNull() ? "(none)" : Json.text(d.path("last_problem"), "at") + " "
                    + Json.text(d.path("last_problem"), "type") + " " + Json.text(d.path("last_problem"), "detail")));
            Table t = new Table("FILE", "TEMPLATE", "CHANGED SINCE LAST FETCH", "RENDER ERROR");
            d.path("files").forEach(f -> t.row(Json.text(f, "name"), Json.text(f, "template"), f.path("changed").asBoolean() ? "yes" : "no",
                    Json.text(f, "render_error")));
            if (t.size() > 0) {
                t.print(o);
            }
            o.println("registrations " + d.path("registrations").size());
            for (JsonNode p : d.path("problems")) {
                o.println("problem      " + Json.text(p, "type") + ": " + Json.text(p, "message"));
            }
            o.flush();
            return ExitCodes.OK;
        }
    }
}
