package io.phonehome.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonehome sites list|show|add|set|delete}: the sites devices are assigned to (through the admin API). */
@Command(name = "sites", mixinStandardHelpOptions = true, description = "Manage sites (through the admin API).",
        subcommands = {SitesCommand.ListSites.class, SitesCommand.Show.class, SitesCommand.Add.class, SitesCommand.Set.class,
                SitesCommand.Delete.class})
public final class SitesCommand {

    /** A site by id, or by name (looked up). */
    static long resolve(ApiClient api, String idOrName) {
        if (idOrName.matches("[0-9]{1,18}")) {
            return Long.parseLong(idOrName);
        }
        JsonNode page = api.get("api/v1/sites" + ApiClient.query(ApiClient.params("name", idOrName)));
        if (page.path("items").isEmpty()) {
            throw new CliException(ExitCodes.NOT_FOUND, "no site named '" + idOrName + "'");
        }
        return page.path("items").get(0).path("id").asLong();
    }

    /** The site fields as options; only those given are sent (so {@code set} changes just them). */
    static final class SiteFields {
        @Option(names = "--time-zone", paramLabel = "ZONE", description = "IANA time zone, e.g. Europe/Zurich")
        String timeZone;

        @Option(names = "--language", description = "Phone language: en, de, fr, it, ...")
        String language;

        @Option(names = "--ntp", split = ",", paramLabel = "HOST", description = "NTP servers (default pool.ntp.org)")
        List<String> ntp;

        @Option(names = "--registrar", paramLabel = "HOST[:PORT]", description = "SIP registrar (default: Phonehome itself)")
        String registrar;

        @Option(names = "--registrar-transport", description = "udp, tcp or tls")
        String registrarTransport;

        @Option(names = "--provisioning-url", paramLabel = "URL", description = "Base URL phones re-check (default: the URL they used)")
        String provisioningUrl;

        @Option(names = "--auth", split = ",", description = "Accepted proofs for per-MAC files: digest, client_cert, network, window")
        List<String> auth;

        @Option(names = "--trusted-network", split = ",", paramLabel = "CIDR", description = "Networks trusted when 'network' is accepted")
        List<String> trusted;

        @Option(names = "--digest-user", description = "Site-wide provisioning user (as in an RPS or DHCP URL)")
        String digestUser;

        @Option(names = "--digest-password", description = "Site-wide provisioning password (at least 12 characters)")
        String digestPassword;

        @Option(names = "--first-provisioning-minutes", description = "Window after import with 'window' auth")
        Integer window;

        @Option(names = "--syslog", paramLabel = "HOST[:PORT]", description = "Syslog server for the phones")
        String syslog;

        @Option(names = "--recheck-minutes", description = "Periodic re-check interval (0 = only at boot)")
        Integer recheck;

        @Option(names = "--customer", paramLabel = "SLUG", description = "The customer the site belongs to (default: the default customer; "
                + "changing it moves the site with its devices)")
        String customer;

        /** The fields as JSON, the customer's slug resolved to its id. */
        ObjectNode toJson(ApiClient api) {
            ObjectNode n = toJson();
            if (customer != null) {
                n.put("customer_id", CustomersCommand.idOf(api, customer));
            }
            return n;
        }

        ObjectNode toJson() {
            ObjectNode n = Json.MAPPER.createObjectNode();
            put(n, "time_zone", timeZone);
            put(n, "language", language);
            if (ntp != null) {
                ntp.forEach(n.putArray("ntp_servers")::add);
            }
            if (registrar != null) {
                ObjectNode r = n.putObject("registrar1");
                String[] hp = registrar.split(":", 2);
                r.put("host", hp[0]);
                if (hp.length > 1) {
                    try {
                        r.put("port", Integer.parseInt(hp[1]));
                    } catch (NumberFormatException e) {
                        throw new CliException(ExitCodes.USAGE, "--registrar: port '" + hp[1] + "' is not a number");
                    }
                }
                put(r, "transport", registrarTransport);
            }
            put(n, "provisioning_url", provisioningUrl);
            if (auth != null) {
                auth.forEach(n.putArray("auth_methods")::add);
            }
            if (trusted != null) {
                trusted.forEach(n.putArray("trusted_networks")::add);
            }
            put(n, "digest_user", digestUser);
            put(n, "digest_password", digestPassword);
            if (window != null) {
                n.put("first_provisioning_minutes", window);
            }
            put(n, "syslog_server", syslog);
            if (recheck != null) {
                n.put("recheck_minutes", recheck);
            }
            return n;
        }

        private static void put(ObjectNode n, String k, String v) {
            if (v != null) {
                n.put(k, v);
            }
        }
    }

    static void print(ClientCommand c, JsonNode s) {
        var o = c.out();
        o.println("site " + s.path("id").asText() + " '" + Json.text(s, "name") + "' " + Json.text(s, "time_zone") + ", language "
                + Json.text(s, "language") + ", " + s.path("devices").asText() + " device(s)");
        o.println("  auth " + String.join(",", iterable(s.path("auth_methods"))) + (Json.text(s, "digest_user").isEmpty() ? ""
                : ", digest user " + Json.text(s, "digest_user")));
        for (JsonNode w : s.path("warnings")) {
            o.println("  warning: " + Json.text(w, "field") + ": " + Json.text(w, "message"));
        }
        o.flush();
    }

    /** The site's warnings on stderr (the site was saved; they say what is still missing). */
    static void warn(ClientCommand c, JsonNode s) {
        for (JsonNode w : s.path("warnings")) {
            c.err().println("warning: " + Json.text(w, "field") + ": " + Json.text(w, "message"));
        }
        c.err().flush();
    }

    private static List<String> iterable(JsonNode arr) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sites.")
    static final class ListSites extends ClientCommand {
        @Override
        int run(ApiClient api) {
            JsonNode page = api.get("api/v1/sites?limit=1000");
            if (printedJson(page)) {
                return ExitCodes.OK;
            }
            Table t = new Table("ID", "NAME", "TIME ZONE", "LANG", "AUTH", "DEVICES");
            for (JsonNode s : page.path("items")) {
                t.row(s.path("id").asText(), Json.text(s, "name"), Json.text(s, "time_zone"), Json.text(s, "language"),
                        String.join(",", iterable(s.path("auth_methods"))), s.path("devices").asText());
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One site.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "ID|NAME")
        String site;

        @Override
        int run(ApiClient api) {
            JsonNode s = api.get("api/v1/sites/" + resolve(api, site));
            if (!printedJson(s)) {
                print(this, s);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a site.")
    static final class Add extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        SiteFields fields;

        @Override
        int run(ApiClient api) {
            if (fields.timeZone == null) {
                throw new CliException(ExitCodes.USAGE, "--time-zone is required, e.g. --time-zone Europe/Zurich");
            }
            ObjectNode body = fields.toJson(api);
            body.put("name", name);
            JsonNode s = api.post("api/v1/sites", body);
            warn(this, s);
            if (!printedJson(s)) {
                out().println("created site " + s.path("id").asText() + " '" + Json.text(s, "name") + "' (" + Json.text(s, "time_zone") + ")");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a site; only the options given change.")
    static final class Set extends ClientCommand {
        @Parameters(paramLabel = "ID|NAME")
        String site;

        @Option(names = "--name", description = "New name")
        String newName;

        @Mixin
        SiteFields fields;

        @Override
        int run(ApiClient api) {
            ObjectNode patch = fields.toJson(api);
            if (newName != null) {
                patch.put("name", newName);
            }
            if (patch.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "nothing to change");
            }
            JsonNode s = api.patch("api/v1/sites/" + resolve(api, site), patch);
            warn(this, s);
            if (!printedJson(s)) {
                out().println("updated site " + s.path("id").asText() + " '" + Json.text(s, "name") + "' (revision " + s.path("revision").asText() + ")");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a site that has no devices.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "ID|NAME")
        String site;

        @Override
        int run(ApiClient api) {
            long id = resolve(api, site);
            api.delete("api/v1/sites/" + id);
            out().println("deleted site " + id);
            out().flush();
            return ExitCodes.OK;
        }
    }
}
