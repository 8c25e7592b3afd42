package io.phonehome.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.events.Event;
import io.phonehome.inventory.Site;
import io.phonehome.store.Table;
import io.phonehome.testing.ConsoleClient;
import static io.phonehome.testing.ConsoleClient.hidden;
import io.phonehome.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin pages of the console over real HTTPS, without a browser: the overview's figures and
 * its charts drawn as inline SVG on the server (nothing the CSP forbids), the sites list and form
 * (a problem shown beside its field, nothing written; a good form written and audited under the
 * person), tokens (the secret shown once and never again, revoking), the audit log's filters and
 * paging, the admin-only pages refused to others, and a viewer who finds no secret in any page.
 */
class ConsoleAdminPagesIT {
    static TestServer server;
    static final String UA = "Yealink SIP-T46U 108.86.0.20 ";

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of());
        server.createTrustingSite("Sion", "Europe/Zurich");
        server.createSite("Brig", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:28:01,T46U,S1,Sion,2801,Reception,
                80:5e:c0:00:28:02,T46U,S2,Sion,2802,Bureau,
                80:5e:c0:00:28:03,T46U,S3,Sion,2803,Atelier,
                80:5e:c0:00:28:04,T54W,S4,Brig,2804,Salle,
                80:5e:c0:00:28:05,T54W,S5,,2805,Stock,
                """).errors()).isEmpty();
        // two phones of Sion (trusted network) fetch their files: seen now, reporting 108.86.0.20
        for (String mac : List.of("805ec0002801", "805ec0002802")) {
            assertThat(server.get(mac + ".cfg", UA + mac.replaceAll("(..)(?!$)", "$1:")).statusCode()).isEqualTo(200);
        }
        server.server().inventory().jdbc().update(Table.FIRMWARE_TARGETS, "INSERT INTO firmware_targets (target_key, scope, vendor, model, version, set_by, set_at) "
                + "VALUES ('model:yealink/T46U', 'model', 'yealink', 'T46U', '108.86.0.20', 'test', ?)", Instant.now());
        Instant now = Instant.now();
        server.server().events().insertNow(List.of(
                new Event(0, now.minusSeconds(60), "auth_failure", "bad_password", "805ec0002804", null, "192.0.2.7", "digest user site-brig refused"),
                new Event(0, now.minusSeconds(50), "auth_failure", "bad_password", "805ec0002804", null, "192.0.2.7", "digest user site-brig refused"),
                new Event(0, now.minusSeconds(40), "render_error", "failed", "805ec0002803", null, "127.0.0.1", "template line 3: broken"),
                new Event(0, now.minusSeconds(30), "unknown_mac", "refused", null, null, "198.51.100.9", "805ec0dead01"),
                new Event(0, now.minus(Duration.ofDays(3)), "render_error", "failed", "805ec0002803", null, "127.0.0.1", "an old failure")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String newToken(String name, String role) {
        HttpResponse<String> r = server.adminJson("POST", "/api/v1/tokens", server.adminToken(), "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void theOverviewCountsPhonesPerSiteModelAndFirmwareAndTheDaysFailuresAsServerDrawnCharts() {
        ConsoleClient b = ConsoleClient.signedInWithToken(server, server.adminToken(), "/overview");
        HttpResponse<String> root = b.get("/");
        assertThat(root.headers().firstValue("Location")).hasValue("/overview");
        HttpResponse<String> r = b.get("/overview");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String html = r.body();
        // totals: 5 phones, 2 seen today, none seen only before, 3 never; 4 failures in the last 24 h (the 3-day-old one is not counted)
        assertThat(tile(html, "/fleet\"")).isEqualTo("5");
        assertThat(tile(html, "/fleet?seen=24h\"")).isEqualTo("2");
        assertThat(tile(html, "/fleet?seen=not24h\"")).isEqualTo("0");
        assertThat(tile(html, "/fleet?never=1\"")).isEqualTo("3");
        assertThat(tile(html, "#failures\"")).isEqualTo("4");
        // charts are inline SVG with a text alternative naming every bar and its number
        assertThat(html).contains("<svg class=\"chart\" id=\"chart-sites\"").contains("<svg class=\"chart\" id=\"chart-models\"")
                .contains("<svg class=\"chart\" id=\"chart-firmware\"").contains("<svg class=\"chart\" id=\"chart-failures\"");
        assertThat(svgTitle(html, "chart-sites")).contains("Sion 3").contains("Brig 1").contains("(no site) 1");
        assertThat(svgTitle(html, "chart-models")).contains("yealink T46U 3").contains("yealink T54W 2");
        assertThat(svgTitle(html, "chart-failures")).contains("authentication failures 2").contains("render errors 1").contains("unknown MACs 1");
        // firmware: the T46U's target and who is on it
        assertThat(html).contains("<rect").contains("on target: 2").contains("not reported: 1");
        assertThat(html).contains("template line 3: broken").contains("805ec0dead01").doesNotContain("an old failure");
        // nothing the strict CSP would block: no inline style, no inline script, no event handler attribute
        assertThat(html).doesNotContain("style=").doesNotContain("<script>").doesNotContain(" onclick=").doesNotContain(" onload=");
        assertThat(html).contains("href=\"/overview\" aria-current=\"page\"");
    }

    private static String tile(String html, String hrefEnd) {
        Matcher m = Pattern.compile("href=\"" + Pattern.quote(hrefEnd) + "><strong>([0-9]+)</strong>").matcher(html);
        assertThat(m.find()).as("tile " + hrefEnd).isTrue();
        return m.group(1);
    }

    private static String svgTitle(String html, String id) {
        Matcher m = Pattern.compile("<title id=\"" + id + "-title\">([^<]*)</title>").matcher(html);
        assertThat(m.find()).as(id).isTrue();
        return m.group(1);
    }

    @Test
    void aSiteFormShowsEachProblemBesideItsFieldWritesNothingThenSavesAndAuditsUnderThePerson() {
        ConsoleClient b = ConsoleClient.signedInWithToken(server, server.adminToken(), "/overview");
        String list = b.get("/sites").body();
        assertThat(list).contains(">Sion</a>").contains(">Brig</a>").contains("Europe/Zurich");
        assertThat(list).containsPattern("Sion: 3\">3</a>");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Visp");
        form.put("time_zone", "Mars/Olympus");
        form.put("language", "de");
        form.put("ntp_servers", "pool.ntp.org");
        form.put("recheck_minutes", "often");
        form.put("registrar1", "");
        form.put("auth_methods", "digest, client_cert");
        HttpResponse<String> bad = b.submit("/sites/new", "/sites/new", form);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"s-recheck_minutes\" name=\"recheck_minutes\" type=\"number\" value=\"often\" aria-invalid=\"true\"")
                .contains("id=\"e-recheck_minutes\">must be a whole number");
        form.put("recheck_minutes", "60");
        HttpResponse<String> stillBad = b.submit("/sites/new", "/sites/new", form);
        assertThat(stillBad.statusCode()).isEqualTo(422);
        assertThat(stillBad.body()).contains("id=\"e-time_zone\">&#39;Mars/Olympus&#39; is not an IANA time zone").contains("value=\"Visp\"");
        assertThat(server.server().inventory().sites().findByName("Visp")).isEmpty();

        form.put("time_zone", "Europe/Zurich");
        HttpResponse<String> ok = b.submit("/sites/new", "/sites/new", form);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        Site visp = server.server().inventory().sites().findByName("Visp").orElseThrow();
        assertThat(visp.recheckMinutes()).isEqualTo(60);
        assertThat(visp.language()).isEqualTo("de");
        assertThat(b.get("/sites").body()).contains("Site Visp created.").contains(">Visp</a>");

        form.put("time_zone", "Europe/Berlin");
        form.put("registrar1", "pbx.example.com");
        form.put("registrar1_transport", "tls");
        HttpResponse<String> edited = b.submit("/sites/" + visp.id(), "/sites/" + visp.id(), form);
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(303);
        Site after = server.server().inventory().sites().findById(visp.id()).orElseThrow();
        assertThat(after.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(after.registrar1().port()).isEqualTo(5061);
        String audit = server.adminGet("/api/v1/audit?target=" + URLEncoder.encode("site " + visp.id(), StandardCharsets.UTF_8), server.adminToken()).body();
        assertThat(audit).contains("site.create").contains("site.update").contains("Europe/Berlin").contains("\"actor\":\"bootstrap\"");
        // a form without the session's CSRF token changes nothing
        assertThat(b.post("/sites/" + visp.id(), Map.of("name", "Forged", "time_zone", "UTC")).statusCode()).isEqualTo(403);
        assertThat(server.server().inventory().sites().findById(visp.id()).orElseThrow().name()).isEqualTo("Visp");
    }

    @Test
    void aTokenMadeOnThePageIsShownOnceWorksAtTheApiAndStopsWorkingWhenRevoked() {
        ConsoleClient b = ConsoleClient.signedInWithToken(server, server.adminToken(), "/overview");
        HttpResponse<String> bad = b.submit("/tokens", "/tokens", Map.of("name", "", "role", "boss"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"e-name\">must be 1-64").contains("id=\"e-role\">role");
        HttpResponse<String> made = b.submit("/tokens", "/tokens", Map.of("name", "crm-sync", "role", "technician"));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        Matcher m = Pattern.compile("id=\"token-secret\">([^<]+)<").matcher(made.body());
        assertThat(m.find()).isTrue();
        String secret = m.group(1);
        assertThat(server.adminGet("/api/v1/me", secret).body()).contains("crm-sync").contains("technician");
        String list = b.get("/tokens").body();
        assertThat(list).contains("crm-sync").doesNotContain(secret).contains(secret.substring(0, 8) + "…");
        String id = server.server().console().d.gate().tokens().stream().filter(t -> t.name().equals("crm-sync")).findFirst().orElseThrow().id() + "";
        HttpResponse<String> revoked = b.submit("/tokens", "/tokens/" + id + "/revoke", Map.of());
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(b.get("/tokens").body()).contains("Token " + id + " revoked.");
        assertThat(server.adminGet("/api/v1/me", secret).statusCode()).isEqualTo(401);
        assertThat(server.adminGet("/api/v1/audit?action=token.", server.adminToken()).body()).contains("token.create").contains("token.revoke");
    }

    @Test
    void theAuditLogFiltersByActorActionAndDateAndPagesBackwards() {
        Person tester = new Person("paging-tester", null, Access.ADMIN, "127.0.0.1");
        for (int i = 0; i < 55; i++) {
            server.server().console().d.gate().audit(tester, "test.paging", "entry " + i, null, Map.of("n", i));
        }
        ConsoleClient b = ConsoleClient.signedInWithToken(server, server.adminToken(), "/overview");
        String first = b.get("/audit?actor=paging-tester").body();
        assertThat(first).contains("entry 54").contains("entry 5<").doesNotContain("entry 4<");
        Matcher older = Pattern.compile("href=\"(/audit\\?before=[0-9]+[^\"]*)\" rel=\"next\"").matcher(first);
        assertThat(older.find()).isTrue();
        String second = b.get(older.group(1).replace("&amp;", "&")).body();
        assertThat(second).contains("entry 4<").contains("entry 0<").doesNotContain("entry 5<").doesNotContain("rel=\"next\"");
        assertThat(b.get("/audit?action=test.").body()).contains("entry 54");
        assertThat(b.get("/audit?action=test.paging&actor=nobody").body()).contains("No entry matches.");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(b.get("/audit?actor=paging-tester&since=" + today + "&until=" + today).body()).contains("entry 54");
        assertThat(b.get("/audit?actor=paging-tester&until=2020-01-01").body()).contains("No entry matches.");
        assertThat(b.get("/audit?since=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void aViewerSeesNoSecretInAnyPageAndIsRefusedTheAdminPages() {
        String viewer = newToken("wall-screen", "viewer");
        ConsoleClient b = ConsoleClient.signedInWithToken(server, viewer, "/overview");
        for (String path : List.of("/tokens", "/audit", "/accounts", "/sites/new")) {
            assertThat(b.get(path).statusCode()).as(path).isEqualTo(403);
        }
        Site sion = server.server().inventory().sites().findByName("Sion").orElseThrow();
        Site brig = server.server().inventory().sites().findByName("Brig").orElseThrow();
        assertThat(b.post("/sites/" + brig.id(), Map.of("_csrf", hidden(b.get("/sites").body(), "_csrf"), "name", "X", "time_zone", "UTC")).statusCode())
                .isEqualTo(403);
        List<String> secrets = new ArrayList<>(List.of(server.adminToken(), viewer, brig.digestPassword()));
        for (String mac : List.of("805ec0002801", "805ec0002804")) {
            server.lines(mac).forEach(l -> secrets.add(l.password()));
        }
        for (String path : List.of("/overview", "/fleet", "/sites", "/sites/" + sion.id(), "/sites/" + brig.id(), "/devices/805ec0002801",
                "/devices/805ec0002804")) {
            HttpResponse<String> r = b.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            for (String s : secrets) {
                assertThat(r.body()).as(path).doesNotContain(s);
            }
        }
    }
}
