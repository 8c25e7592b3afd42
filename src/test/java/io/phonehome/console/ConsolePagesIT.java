package io.phonehome.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.testing.ConsoleClient;
import static io.phonehome.testing.ConsoleClient.hidden;
import io.phonehome.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's rules that need no browser, over real HTTPS on the admin listener: the API still
 * answers at /api/v1 beside the pages, every page carries the strict CSP, session cookies are
 * HttpOnly/Secure/SameSite=Strict, a POST without the session's CSRF token is refused, an idle
 * session sends the person back to sign-in, the language follows Accept-Language.
 */
class ConsolePagesIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of(Setting.FIRMWARE_MAX_UPLOAD_BYTES, Integer.toString(UPLOAD_LIMIT)));
        server.createTrustingSite("Sion", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:18:01,T46U,S1,Sion,1801,Reception,
                80:5e:c0:00:18:02,T46U,S3,Sion,1802,Bureau,
                80:5e:c0:00:18:03,T46U,S4,Sion,1803,Atelier,
                80:5e:c0:00:18:04,T46U,S2,Sion,1804,Salle,
                """).errors()).isEmpty();
        // firmware pages, bulk actions and the settings/keys import (below)
        server.createTrustingSite("Brig", "Europe/Zurich");
        io.phonehome.testing.FakeFirmware.write(server.dataDir().resolve("firmware"), "yealink/T46U-" + FW_NEW + ".rom", 4096);
        server.server().firmware().catalog().refresh();
    }

    static final String FW_NEW = "108.86.0.20";
    static final int UPLOAD_LIMIT = 65_536;

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theApiStillAnswersBesideThePagesAndAPageWithoutSessionGoesToSignIn() {
        assertThat(server.adminGet("/api/v1/devices", server.adminToken()).statusCode()).isEqualTo(200);
        assertThat(server.adminGet("/api/v1/nothing-here", server.adminToken()).statusCode()).isEqualTo(404);
        HttpResponse<String> r = new ConsoleClient(server).get("/fleet?q=1801");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/signin?back=%2Ffleet%3Fq%3D1801");
    }

    @Test
    void everyPageCarriesAStrictContentSecurityPolicyAndTheSessionCookieIsLockedDown() {
        ConsoleClient b = new ConsoleClient(server);
        HttpResponse<String> signin = b.get("/signin");
        assertThat(signin.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'").contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("http:").doesNotContain("https:");
        assertThat(signin.body()).doesNotContain("<script>").doesNotContain(" onclick=").doesNotContain("style=\"");
        HttpResponse<String> in = b.signInWithToken(server.adminToken(), "/fleet");
        String cookie = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Console.SESSION_COOKIE)).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("Secure").contains("SameSite=Strict").contains("Path=/");
        HttpResponse<String> fleet = b.get("/fleet");
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(fleet.body()).contains("80:5e:c0:00:18:01");
        assertThat(b.get("/webjars/htmx.org/2.0.4/dist/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(b.get("/static/console.js").statusCode()).isEqualTo(200);
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() {
        ConsoleClient b = new ConsoleClient(server);
        b.signInWithToken(server.adminToken(), "/fleet");
        HttpResponse<String> forged = b.post("/accounts", Map.of("name", "mallory", "password", "a long enough password", "role", "admin"));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = b.post("/accounts", Map.of("_csrf", "not-the-token", "name", "mallory", "password", "a long enough password"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(server.server().console().accounts().list()).noneMatch(a -> a.name().equals("mallory"));
        // the same form with the token works
        String csrf = hidden(b.get("/accounts").body(), "_csrf");
        HttpResponse<String> ok = b.post("/accounts", Map.of("_csrf", csrf, "name", "erin", "password", "a long enough password", "role", "viewer"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(server.server().console().accounts().list()).anyMatch(a -> a.name().equals("erin") && a.role().equals("viewer"));
        String audit = server.adminGet("/api/v1/audit?action=account.create", server.adminToken()).body();
        assertThat(audit).contains("erin").contains("bootstrap");
    }

    @Test
    void aSessionIdleLongerThanTheSettingIsSentToSignIn() throws InterruptedException {
        // a server of its own: with a 3 s idle limit for the whole class, a loaded machine made
        // other tests' sessions expire between two of their requests
        try (TestServer shortIdle = new TestServer(Map.of(Setting.CONSOLE_IDLE_SECONDS, "3"))) {
            ConsoleClient b = new ConsoleClient(shortIdle);
            b.signInWithToken(shortIdle.adminToken(), "/fleet");
            assertThat(b.get("/fleet").statusCode()).isEqualTo(200);
            Thread.sleep(4_500);
            HttpResponse<String> r = b.get("/fleet");
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/signin");
        }
    }

    @Test
    void theFleetSortsOnTheServerAndFindsAMacInAnySpelling() {
        ConsoleClient b = new ConsoleClient(server);
        b.signInWithToken(server.adminToken(), "/fleet");
        String bySerialDesc = b.get("/fleet?sort=serial&dir=desc").body();
        assertThat(bySerialDesc.indexOf("80:5e:c0:00:18:03")).isLessThan(bySerialDesc.indexOf("80:5e:c0:00:18:02"));
        assertThat(bySerialDesc.indexOf("80:5e:c0:00:18:02")).isLessThan(bySerialDesc.indexOf("80:5e:c0:00:18:04"));
        assertThat(bySerialDesc.indexOf("80:5e:c0:00:18:04")).isLessThan(bySerialDesc.indexOf("80:5e:c0:00:18:01"));
        for (String spelling : new String[] {"80-5E-C0-00-18-03", "805e.c000.1803", "805EC0001803", "80:5e:c0:00:18:03"}) {
            String page = b.get("/fleet?q=" + java.net.URLEncoder.encode(spelling, StandardCharsets.UTF_8)).body();
            assertThat(page).as(spelling).contains("80:5e:c0:00:18:03").doesNotContain("80:5e:c0:00:18:02").contains("1–1 of 1");
        }
        assertThat(b.get("/fleet?q=Atelier").body()).contains("80:5e:c0:00:18:03").contains("1–1 of 1");
        assertThat(b.get("/fleet?q=1804").body()).contains("80:5e:c0:00:18:04").contains("1–1 of 1");
        assertThat(b.get("/fleet?never=1&redirected=no").body()).contains("of 4");
        assertThat(b.get("/fleet?seen=24h").body()).contains("0–0 of 0");
        assertThat(b.get("/fleet?sort=nonsense").statusCode()).isEqualTo(400);
    }

    @Test
    void theLanguageFollowsTheBrowserAndTheSwitch() {
        ConsoleClient b = new ConsoleClient(server);
        assertThat(b.get("/signin", "Accept-Language", "de-CH,de;q=0.9,en;q=0.5").body()).contains("Anmelden").contains("lang=\"de\"");
        assertThat(b.get("/signin", "Accept-Language", "fr-CH").body()).contains("Connexion");
        HttpResponse<String> sw = b.get("/lang/fr?back=/signin", "Accept-Language", "de-CH");
        assertThat(sw.statusCode()).isEqualTo(303);
        assertThat(b.get("/signin", "Accept-Language", "de-CH").body()).contains("Connexion");
    }

    @Test
    void aPersonsAccountSignsInWithPasswordAndTotpAndAWrongCodeIsRefused() {
        Accounts.Created c = server.server().console().accounts().create("tomas", "correct horse battery", Access.TECHNICIAN, true,
                new Person("test", null, Access.ADMIN, "127.0.0.1"));
        ConsoleClient b = new ConsoleClient(server);
        String pre = hidden(b.get("/signin").body(), "pre");
        HttpResponse<String> bad = b.post("/signin", Map.of("pre", pre, "name", "tomas", "password", "correct horse battery", "code", "000000"));
        assertThat(bad.statusCode()).isEqualTo(401);
        pre = hidden(bad.body(), "pre");
        String code = Totp.code(c.totpSecret(), java.time.Instant.now().getEpochSecond());
        HttpResponse<String> ok = b.post("/signin", Map.of("pre", pre, "name", "tomas", "password", "correct horse battery", "code", code));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        assertThat(b.get("/fleet").body()).contains("tomas");
    }

    // ----- firmware, campaigns, bulk actions, settings and keys import (console-fw)

    /** Signs in with a console account's name and password. */
    static ConsoleClient signedIn(String name, Access access) {
        if (server.server().console().accounts().list().stream().noneMatch(a -> a.name().equals(name))) {
            server.server().console().accounts().create(name, "correct horse battery", access, false, new Person("test", null, Access.ADMIN, "127.0.0.1"));
        }
        return ConsoleClient.signedIn(server, name, "correct horse battery", "/fleet");
    }

    static String csrf(ConsoleClient b) {
        return hidden(b.get("/fleet").body(), "_csrf");
    }

    @Test
    void everyNewFormRefusesAPostWithoutTheSessionsCsrfToken() {
        ConsoleClient b = new ConsoleClient(server);
        b.signInWithToken(server.adminToken(), "/fleet");
        for (String path : java.util.List.of("/firmware/targets", "/firmware/targets/clear", "/firmware/campaigns", "/firmware/campaigns/1/start",
                "/firmware/campaigns/1/pause", "/firmware/campaigns/1/resume", "/firmware/campaigns/1/cancel", "/fleet/actions", "/import-settings",
                "/import-keys")) {
            HttpResponse<String> r = b.post(path, Map.of("kind", "site", "site", "1", "mac", "80:5e:c0:00:18:01", "model", "yealink/T46U",
                    "version", FW_NEW, "csv", "scope;target;name;value\n", "step", "apply"));
            assertThat(r.statusCode()).as(path).isEqualTo(403);
        }
        assertThat(server.server().firmware().targets().list()).as("no target was set by a forged form").isEmpty();
    }

    @Test
    void aViewerSeesACampaignsProgressButCannotStartOrPauseItAndSeesNoSecret() {
        long id = server.server().firmware().campaigns().create(io.phonehome.firmware.CampaignSpec.of(FW_NEW, java.util.List.of("805ec0001803")),
                "setup").campaign().id();
        ConsoleClient viewer = signedIn("vera.view", Access.VIEWER);
        HttpResponse<String> page = viewer.get("/firmware/campaigns/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("80:5e:c0:00:18:03").contains("id=\"campaign-bar\"").doesNotContain("id=\"campaign-start\"")
                .doesNotContain(server.firstLine("805ec0001803").password());
        assertThat(viewer.get("/firmware").body()).contains(FW_NEW).doesNotContain("id=\"target-form\"");
        String token = csrf(viewer);
        for (String verb : java.util.List.of("start", "pause", "cancel")) {
            HttpResponse<String> r = viewer.post("/firmware/campaigns/" + id + "/" + verb, Map.of("_csrf", token));
            assertThat(r.statusCode()).as(verb).isEqualTo(403);
            assertThat(r.body()).contains("technician");
        }
        assertThat(viewer.post("/firmware/campaigns", Map.of("_csrf", token, "version", FW_NEW, "macs", "805ec0001804")).statusCode()).isEqualTo(403);
        assertThat(server.server().firmware().campaigns().get(id).state()).isEqualTo(io.phonehome.firmware.CampaignState.DRAFT);

        // a technician may; a command the state does not allow is refused with the reason
        ConsoleClient tech = signedIn("theo.tech", Access.TECHNICIAN);
        String t = csrf(tech);
        HttpResponse<String> pause = tech.post("/firmware/campaigns/" + id + "/pause", Map.of("_csrf", t));
        assertThat(pause.statusCode()).isEqualTo(409);
        assertThat(pause.body()).contains("it is draft").contains("pause needs running");
        HttpResponse<String> cancel = tech.post("/firmware/campaigns/" + id + "/cancel", Map.of("_csrf", t));
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(303);
        assertThat(server.server().firmware().campaigns().get(id).state()).isEqualTo(io.phonehome.firmware.CampaignState.CANCELLED);
        assertThat(server.adminGet("/api/v1/audit?action=firmware.campaign.cancel", server.adminToken()).body()).contains("theo.tech");
        assertThat(tech.get("/firmware/campaigns/" + id + "/progress").body()).as("a finished campaign stops polling")
                .doesNotContain("hx-trigger").contains("cancelled");
    }

    @Test
    void aCampaignCreatedOnThePageReportsBadFieldsAndATargetIsSetAndCleared() {
        ConsoleClient tech = signedIn("theo.tech", Access.TECHNICIAN);
        String t = csrf(tech);
        HttpResponse<String> bad = tech.post("/firmware/campaigns", Map.of("_csrf", t, "version", "9.9.9.9", "macs", "805ec0001801", "per_minute", "x"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("per_minute");
        HttpResponse<String> none = tech.post("/firmware/campaigns", Map.of("_csrf", t, "version", "9.9.9.9", "macs", "805ec0001801"));
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains("does not exist in the catalog");
        HttpResponse<String> made = tech.post("/firmware/campaigns", Map.of("_csrf", t, "version", FW_NEW, "macs", "80-5e-c0-00-18-02",
                "canary_count", "0", "per_minute", "60"));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(303);
        String where = made.headers().firstValue("Location").orElseThrow();
        assertThat(tech.get(where).body()).contains("80:5e:c0:00:18:02").contains("id=\"campaign-start\"").contains("hx-trigger=\"every 2s\"");
        tech.post(where + "/cancel", Map.of("_csrf", t));

        HttpResponse<String> set = tech.post("/firmware/targets", Map.of("_csrf", t, "model", "yealink/T46U", "version", FW_NEW));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(303);
        assertThat(tech.get("/firmware").body()).contains("every device of the model");
        assertThat(tech.post("/firmware/targets", Map.of("_csrf", t, "model", "yealink/T46U", "version", "1.2.3.4")).body())
                .contains("target-errors");
        assertThat(tech.post("/firmware/targets/clear", Map.of("_csrf", t, "model", "yealink/T46U")).statusCode()).isEqualTo(303);
        assertThat(server.server().firmware().targets().list()).isEmpty();
        assertThat(server.adminGet("/api/v1/audit?action=firmware.target.clear", server.adminToken()).body()).contains("theo.tech");
    }

    @Test
    void aBulkChangeIsAllOrNothingAndListsEachRefusedDevice() {
        ConsoleClient tech = signedIn("theo.tech", Access.TECHNICIAN);
        String t = csrf(tech);
        long brig = server.server().inventory().sites().findByName("Brig").orElseThrow().id();
        // a Snom for this test only (the fleet's counts above know four devices)
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                00:04:13:00:18:05,D785,S5,Sion,1805,Snom,
                """).errors()).isEmpty();
        try {
            bulk(tech, t, brig);
        } finally {
            var inv = server.server().inventory();
            inv.devices().delete(inv.devices().findByMac(io.phonehome.inventory.Mac.parse("000413001805")).orElseThrow().id());
        }
    }

    private void bulk(ConsoleClient tech, String t, long brig) {
        // the Snom has no image of this version: the whole selection is refused, the Yealink keeps no target
        HttpResponse<String> refused = post(tech, "/fleet/actions", "_csrf", t, "kind", "target", "version", FW_NEW, "mac", "80:5e:c0:00:18:04",
                "mac", "00:04:13:00:18:05", "back", "/fleet");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("00:04:13:00:18:05").contains("none was changed").doesNotContain("<td class=\"mono\">80:5e:c0:00:18:04");
        assertThat(server.server().firmware().targets().list()).isEmpty();
        HttpResponse<String> ok = post(tech, "/fleet/actions", "_csrf", t, "kind", "target", "version", FW_NEW, "mac", "80:5e:c0:00:18:04", "back", "/fleet");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        assertThat(server.server().firmware().targets().list()).hasSize(1);
        server.server().firmware().targets().clear(io.phonehome.firmware.TargetScope.DEVICE, null, null, null,
                io.phonehome.inventory.Mac.parse("805ec0001804"));

        HttpResponse<String> moved = post(tech, "/fleet/actions", "_csrf", t, "kind", "site", "site", String.valueOf(brig), "mac", "80:5e:c0:00:18:04",
                "mac", "00:04:13:00:18:05", "back", "/fleet");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(303);
        assertThat(server.server().inventory().devices().findByMac(io.phonehome.inventory.Mac.parse("000413001805")).orElseThrow().siteId()).isEqualTo(brig);
        assertThat(tech.get("/fleet?site=" + brig).body()).contains("00:04:13:00:18:05").contains("80:5e:c0:00:18:04");
        assertThat(server.adminGet("/api/v1/audit?action=device.bulk.site", server.adminToken()).body()).contains("theo.tech").contains("Brig");
        long sion = server.server().inventory().sites().findByName("Sion").orElseThrow().id();
        post(tech, "/fleet/actions", "_csrf", t, "kind", "site", "site", String.valueOf(sion), "mac", "80:5e:c0:00:18:04", "mac", "00:04:13:00:18:05");
    }

    @Test
    void settingsAndKeysImportsFlagTheBadCellThenApply() {
        ConsoleClient tech = signedIn("theo.tech", Access.TECHNICIAN);
        String t = csrf(tech);
        String bad = "scope;target;name;value\nsite;Sion;time.fromat;24h\n";
        HttpResponse<String> r = tech.post("/import-settings", Map.of("_csrf", t, "csv", bad, "step", "check"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("class=\"problem\"").contains("did you mean time.format").doesNotContain("id=\"import-apply\"");
        String good = "scope;target;name;value\nsite;Sion;time.format;24h\n";
        assertThat(tech.post("/import-settings", Map.of("_csrf", t, "csv", good, "step", "check")).body()).contains("id=\"import-apply\"");
        HttpResponse<String> applied = tech.post("/import-settings", Map.of("_csrf", t, "csv", good, "step", "apply"));
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(applied.body()).contains("1 value(s) set");
        assertThat(server.adminGet("/api/v1/audit?action=setting.import", server.adminToken()).body()).contains("theo.tech");

        String keysBad = "profile;mac;module;position;type;value;label\nreception;;;1;blfx;1801;Anna\n";
        HttpResponse<String> k = tech.post("/import-keys", Map.of("_csrf", t, "csv", keysBad, "step", "check"));
        assertThat(k.statusCode()).as(k.body()).isEqualTo(422);
        assertThat(k.body()).contains("class=\"problem\"");
        HttpResponse<String> kApplied = tech.post("/import-keys", Map.of("_csrf", t, "csv", keysBad.replace("blfx", "blf"), "step", "apply"));
        assertThat(kApplied.statusCode()).as(kApplied.body()).isEqualTo(200);
        assertThat(kApplied.body()).contains("Imported 1 row(s)");
        assertThat(server.adminGet("/api/v1/audit?action=keys.import", server.adminToken()).body()).contains("theo.tech");
        ConsoleClient viewer = signedIn("vera.view", Access.VIEWER);
        assertThat(viewer.get("/import-keys").statusCode()).isEqualTo(403);
    }

    // ----- firmware image upload from the page

    /** A multipart/form-data POST as a browser sends the upload form: fields, then the file. */
    static HttpResponse<String> multipart(ConsoleClient b, String path, Map<String, String> fields, String fileName, byte[] file) {
        String boundary = "----phonehome" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.util.function.Consumer<String> text = t -> body.writeBytes(t.getBytes(StandardCharsets.UTF_8));
        fields.forEach((k, v) -> text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n"));
        if (file != null) {
            text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(file);
            text.accept("\r\n");
        }
        text.accept("--" + boundary + "--\r\n");
        return b.send(HttpRequest.newBuilder(URI.create(server.adminUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    static boolean inCatalog(String version) {
        return server.server().firmware().catalog().list().stream().anyMatch(i -> i.version().equals(version));
    }

    @Test
    void anImageUploadedOnThePageJoinsTheCatalogAndABadOneIsRefusedWithNothingKept() throws Exception {
        ConsoleClient tech = signedIn("ulla.upload", Access.TECHNICIAN);
        String csrf = csrf(tech);
        byte[] image = new byte[8192];
        new java.util.Random(18).nextBytes(image);

        // a SHA-256 that is not the file's: refused on the page, nothing in the catalog
        HttpResponse<String> wrong = multipart(tech, "/firmware/images", Map.of("_csrf", csrf, "vendor", "yealink", "sha256", "0".repeat(64)),
                "T46U-108.86.0.31.rom", image);
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(422);
        assertThat(wrong.body()).contains("id=\"upload-errors\"").containsIgnoringCase("sha-256");
        assertThat(inCatalog("108.86.0.31")).isFalse();

        // without the session's CSRF token, from a viewer, or as multipart to another form: refused
        assertThat(multipart(tech, "/firmware/images", Map.of("vendor", "yealink"), "T46U-108.86.0.31.rom", image).statusCode()).isEqualTo(403);
        ConsoleClient viewer = signedIn("vera.view", Access.VIEWER);
        assertThat(multipart(viewer, "/firmware/images", Map.of("_csrf", csrf(viewer), "vendor", "yealink"), "T46U-108.86.0.31.rom", image)
                .statusCode()).isEqualTo(403);
        assertThat(multipart(tech, "/firmware/targets", Map.of("_csrf", csrf, "model", "yealink/T46U", "version", FW_NEW), null, null)
                .statusCode()).as("only the upload form reads multipart").isEqualTo(403);
        // larger than firmware_max_upload_bytes: 413 before the catalog sees it
        assertThat(multipart(tech, "/firmware/images", Map.of("_csrf", csrf, "vendor", "yealink"), "T46U-108.86.0.32.rom",
                new byte[UPLOAD_LIMIT + 1]).statusCode()).isEqualTo(413);
        assertThat(inCatalog("108.86.0.31") || inCatalog("108.86.0.32")).isFalse();

        // the SHA-256 left empty: computed from the file that came over TLS; the image is listed and audited
        HttpResponse<String> ok = multipart(tech, "/firmware/images", Map.of("_csrf", csrf, "vendor", "yealink", "sha256", ""),
                "T46U-108.86.0.31.rom", image);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).hasValue("/firmware");
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(image));
        assertThat(server.server().firmware().catalog().list()).anyMatch(i -> i.version().equals("108.86.0.31") && i.sha256().equals(sha)
                && i.models().contains("T46U") && i.size() == image.length);
        assertThat(tech.get("/firmware").body()).contains("108.86.0.31").contains("T46U-108.86.0.31.rom");
        assertThat(server.adminGet("/api/v1/audit?action=firmware.image.add", server.adminToken()).body()).contains("ulla.upload");
        // the spooled copies are gone once the requests are over
        java.nio.file.Path spool = server.dataDir().resolve("uploads");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && java.nio.file.Files.list(spool).findAny().isPresent()) {
            Thread.sleep(100);
        }
        try (var left = java.nio.file.Files.list(spool)) {
            assertThat(left.toList()).as("spooled uploads left behind").isEmpty();
        }
    }

    /** A form POST with repeated fields (the fleet's checkboxes). */
    static HttpResponse<String> post(ConsoleClient b, String path, String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return b.send(HttpRequest.newBuilder(URI.create(server.adminUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }
}
