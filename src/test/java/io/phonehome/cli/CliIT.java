package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.Main;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI as a client of a running server's admin API: output, --json, exit codes, token from the data directory. */
class CliIT {
    static TestServer server;

    @TempDir
    Path tmp;

    /** What a command printed and how it exited. */
    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Result run(String... args) {
        return runAgainst(server, args);
    }

    /** A command as a technician runs it against {@code server}: its data directory and admin URL added. */
    static Result runAgainst(TestServer server, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", server.dataDir().toString(), "--url", server.adminUrl()));
        return runRaw(all.toArray(new String[0]));
    }

    static Result runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        List<String[]> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(25);
        for (String[] p : paths) {
            String[] args = java.util.Arrays.copyOf(p, p.length + 1);
            args[p.length] = "--help";
            Result r = runRaw(args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage:");
        }
        assertThat(runRaw("--help").out()).contains("Exit status:").contains("6 admin API unreachable");
        assertThat(runRaw("devices", "frobnicate").code()).isEqualTo(ExitCodes.USAGE);
    }

    private static void collect(CommandLine cl, List<String> prefix, List<String[]> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            out.add(p.toArray(new String[0]));
            collect(e.getValue(), p, out);
        }
    }

    @Test
    void aTechnicianSessionFromSiteToImportToExport() throws IOException {
        Result site = run("sites", "add", "Genève Centre", "--time-zone", "Europe/Zurich", "--language", "fr", "--digest-user", "ge-centre",
                "--digest-password", "a-long-site-secret-7");
        assertThat(site.code()).as(site.err()).isZero();
        assertThat(site.out()).contains("created site").contains("Genève Centre");
        assertThat(run("sites", "add", "Bad", "--time-zone", "Mars/Base").code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run("sites", "list").out()).contains("Genève Centre").contains("Europe/Zurich");

        Path csv = tmp.resolve("bon-de-livraison.csv");
        Files.write(csv, ("\uFEFFMAC;Model;Site;Display_Name\n80-5E-C0-EE-00-01;T46U;Genève Centre;Accueil\n"
                + "805ec0ee0002;T54W;Genève Centre;Caisse\n").getBytes(StandardCharsets.UTF_8));
        Result dry = run("import", csv.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run, nothing written: 2 row(s): 2 device(s) new")
                .contains("80:5e:c0:ee:00:01 T46U (new): 1 line(s)");
        assertThat(run("devices", "list", "--json").out()).contains("\"total\" : 0");

        Result real = run("import", csv.toString());
        assertThat(real.code()).isZero();
        assertThat(real.out()).contains("Imported 2 row(s)").contains("80:5e:c0:ee:00:01 gets extension 200");
        Result again = run("import", csv.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(again.err()).contains("Import refused, nothing was changed").contains("row 2, mac").contains("already in the inventory");
        assertThat(run("import", csv.toString(), "--update").code()).isZero();
        assertThat(run("import", tmp.resolve("missing.csv").toString()).code()).isEqualTo(ExitCodes.INVALID_INPUT);

        Result list = run("devices", "list", "--site", "Genève Centre");
        assertThat(list.out()).contains("80:5e:c0:ee:00:01").contains("T54W").contains("2 of 2 device(s)");
        JsonNode page = Json.parse(run("devices", "list", "--model", "T54W", "--json").out());
        assertThat(page.get("total").asInt()).isEqualTo(1);

        Result show = run("devices", "show", "805ec0ee0001");
        assertThat(show.out()).contains("Accueil").contains("Genève Centre").contains("EXTENSION");
        assertThat(run("devices", "set", "805ec0ee0001", "--serial", "SN-42").out()).contains("updated 80:5e:c0:ee:00:01");
        assertThat(Json.parse(run("devices", "show", "805ec0ee0001", "--json").out()).get("serial").asText()).isEqualTo("SN-42");
        Result redirect = run("devices", "set", "805ec0ee0002", "--redirect-url", "https://pbx.example.net/prov/");
        assertThat(redirect.code()).as(redirect.err()).isZero();
        assertThat(run("devices", "list", "--redirected").out()).contains("-> https://pbx.example.net/prov/");

        Path out = tmp.resolve("inventar.csv");
        Result export = run("export", "--output", out.toString());
        assertThat(export.code()).isZero();
        assertThat(export.err()).contains("wrote").contains(out.toString());
        assertThat(Files.readString(out)).startsWith("\uFEFFmac,vendor,model").contains("SN-42").contains("https://pbx.example.net/prov/");
        Path excel = tmp.resolve("inventaire.csv");
        assertThat(run("export", "--separator", "semicolon", "--output", excel.toString()).code()).isZero();
        assertThat(Files.readString(excel)).startsWith("\uFEFFmac;vendor;model").contains(";Genève Centre;").contains("\r\n");
        assertThat(run("import", excel.toString(), "--update").code()).isZero();
        JsonNode exported = Json.parse(run("export", "--json", "--model", "T46U").out());
        assertThat(exported).hasSize(1);

        Result events = run("events", "--type", "import");
        assertThat(events.out()).contains("import").contains("created");

        assertThat(run("devices", "delete", "805ec0ee0002").code()).isZero();
        Result gone = run("devices", "show", "805ec0ee0002");
        assertThat(gone.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(gone.err()).contains("no device 80:5e:c0:ee:00:02");
        Result notMac = run("devices", "show", "xyz");
        assertThat(notMac.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    void tokensAreCreatedShownOnceAndRevokedAndRolesBecomeExitCodes() {
        Result created = run("token", "create", "crm-sync", "--role", "viewer");
        assertThat(created.code()).isZero();
        String token = created.out().trim();
        assertThat(token).startsWith("phk_");
        assertThat(created.err()).contains("shown only this once");
        assertThat(run("token", "list").out()).contains("crm-sync").contains("viewer").doesNotContain(token);

        assertThat(run("sites", "list", "--token", token).code()).isZero();
        Result refused = run("sites", "add", "X", "--time-zone", "UTC", "--token", token);
        assertThat(refused.code()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(refused.err()).contains("needs the technician role");

        assertThat(run("token", "revoke", "crm-sync").code()).isZero();
        Result revoked = run("sites", "list", "--token", token);
        assertThat(revoked.code()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(revoked.err()).contains("unknown or revoked");
    }

    @Test
    void actionsShowProgressAndOutcomes() {
        run("sites", "add", "Lager", "--time-zone", "UTC");
        Path csv = tmp.resolve("lager.csv");
        try {
            Files.writeString(csv, "mac,model,site\n805ec0ef0001,T46U,Lager\n805ec0ef0002,T46U,Lager\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(run("import", csv.toString()).code()).isZero();
        Result r = run("actions", "start", "--kind", "resync", "--site", "Lager", "--wait");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(resync, done): 2/2: not_registered 2");
        assertThat(r.err()).contains("action").contains("done");
        Result one = run("devices", "reboot", "805ec0ef0001");
        assertThat(one.code()).as("not accepted").isEqualTo(ExitCodes.FAILED);
        assertThat(one.out()).contains("reboot not_registered");
        assertThat(run("actions", "list").out()).contains("resync").contains("done");
        assertThat(run("actions", "start", "--kind", "reboot").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void devicesRearmLetsTheSiteCredentialOpenAResetPhoneAgain() {
        String sitePassword = "a-long-site-secret-rearm-9";
        assertThat(run("sites", "add", "Werkstatt", "--time-zone", "Europe/Zurich", "--digest-user", "werkstatt",
                "--digest-password", sitePassword).code()).isZero();
        assertThat(server.importCsv("mac,model,site\n805ec0ed0001,T46U,Werkstatt\n").errors()).isEmpty();
        String ua = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:ed:00:01";
        String file = "805ec0ed0001.cfg";
        var kv = io.phonehome.testing.KeyValueConfig.parse(server.fetchOk(file, ua, "werkstatt", sitePassword).body());
        assertThat(server.getWithDigest(file, ua, "805ec0ed0001", kv.get("static.auto_provision.server.password")).statusCode()).isEqualTo(200);
        assertThat(server.getWithDigest(file, ua, "werkstatt", sitePassword).statusCode()).as("retired").isEqualTo(401);
        assertThat(run("devices", "show", "805ec0ed0001").out()).contains("retired: own credentials in use since");

        Result rearm = run("devices", "rearm", "80:5e:c0:ed:00:01");
        assertThat(rearm.code()).as(rearm.err()).isZero();
        assertThat(rearm.out()).contains("80:5e:c0:ed:00:01: site credential armed");
        assertThat(server.getWithDigest(file, ua, "werkstatt", sitePassword).statusCode()).as("re-armed").isEqualTo(200);

        Result timed = run("devices", "rearm", "805ec0ed0001", "--hours", "4", "--json");
        assertThat(timed.code()).as(timed.err()).isZero();
        assertThat(Json.parse(timed.out()).path("site_credential").path("rearmed_until").asText()).isNotEmpty();
        assertThat(run("devices", "rearm", "805ec0ed0001", "--hours", "0").code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run("devices", "rearm", "805ec0ed0099").code()).isEqualTo(ExitCodes.NOT_FOUND);
        // leave the shared server's inventory as the other sessions expect it
        assertThat(run("devices", "delete", "805ec0ed0001").code()).isZero();
        assertThat(run("sites", "delete", "Werkstatt").code()).isZero();
    }

    @Test
    void withoutAServerOrTokenTheExitStatusSaysWhy() throws IOException {
        Result down = runRaw("devices", "list", "--data-dir", server.dataDir().toString(), "--url", "https://127.0.0.1:1");
        assertThat(down.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(down.err()).contains("cannot reach the admin API").contains("phonehome serve");

        Path empty = tmp.resolve("empty-data");
        Files.createDirectories(empty.resolve("pki"));
        Files.copy(server.dataDir().resolve("pki/ca.pem"), empty.resolve("pki/ca.pem"));
        Result noToken = runRaw("devices", "list", "--data-dir", empty.toString(), "--url", server.adminUrl());
        assertThat(noToken.code()).isEqualTo(ExitCodes.NOT_ALLOWED);
        assertThat(noToken.err()).contains("no API token").contains("admin-token");
    }
}
