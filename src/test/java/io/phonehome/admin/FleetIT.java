package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Listing with filters and pages, exports that are safe and import back, and remote actions with progress. */
class FleetIT {
    static TestServer server;
    static String token;
    static long shopB;

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        var shopA = server.createSite("Shop A", "Europe/Paris");
        shopB = server.createSite("Shop B", "Europe/Paris").id();
        StringBuilder csv = new StringBuilder("mac,model,serial,site,display_name\n");
        for (int i = 0; i < 25; i++) {
            csv.append(String.format("805ec0ab%04x,%s,SN-%d,%s,%s%n", i, i % 5 == 0 ? "T54W" : "T46U", i, i < 20 ? "Shop A" : "Shop B",
                    i == 7 ? "\"=HYPERLINK(\"\"http://evil.example/\"\")\"" : "Kasse " + i));
        }
        HttpResponse<String> r = server.admin("POST", "/api/v1/devices/import", token, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(server.getWithDigest("805ec0ab0003.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:ab:00:03", shopA.digestUser(),
                shopA.digestPassword()).statusCode()).isEqualTo(200);
        server.flushRecords();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode get(String path) {
        HttpResponse<String> r = server.adminGet(path, token);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    @Test
    void filtersNarrowTheListAndPagesCoverItExactlyOnce() {
        assertThat(get("/api/v1/devices?site=Shop%20B").get("total").asInt()).isEqualTo(5);
        assertThat(get("/api/v1/devices?site_id=" + shopB + "&model=t54w").get("total").asInt()).isEqualTo(1);
        assertThat(get("/api/v1/devices?vendor=yealink&model=T46U").get("total").asInt()).isEqualTo(20);
        assertThat(get("/api/v1/devices?q=80-5E-C0-AB-00-0A").get("items").get(0).get("mac").asText()).isEqualTo("80:5e:c0:ab:00:0a");
        assertThat(get("/api/v1/devices?q=kasse%2012").get("total").asInt()).isEqualTo(1);
        assertThat(get("/api/v1/devices?q=SN-2").get("total").asInt()).isEqualTo(6);
        assertThat(get("/api/v1/devices?q=100%25").get("total").asInt()).as("% is searched for, not a wildcard").isZero();
        assertThat(get("/api/v1/devices?seen_after=2000-01-01").get("total").asInt()).isEqualTo(1);
        assertThat(get("/api/v1/devices?never_seen=true").get("total").asInt()).isEqualTo(24);
        assertThat(get("/api/v1/devices?firmware=108.86.0.20").get("items").get(0).get("reported_firmware").asText()).isEqualTo("108.86.0.20");
        assertThat(get("/api/v1/devices?seen_before=2000-01-01").get("total").asInt()).isZero();

        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = get("/api/v1/devices?limit=10" + (next == null ? "" : "&after=" + next));
            page.get("items").forEach(d -> seen.add(d.get("mac").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void theCsvExportIsSpreadsheetSafeHasNoSecretsAndImportsBackUnchanged() {
        HttpResponse<String> r = server.adminGet("/api/v1/export?format=csv", token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment").contains(".csv");
        String csv = r.body();
        assertThat(csv).startsWith("\uFEFFmac,vendor,model,serial,site,line,extension,display_name");
        assertThat(csv).contains("'=HYPERLINK(\"\"http://evil.example/\"\")").doesNotContain(",=HYPERLINK").doesNotContain(",\"=HYPERLINK");
        String secret = Json.parse(server.adminGet("/api/v1/devices/805ec0ab0001", token).body()).at("/lines/0/password").asText();
        assertThat(csv).doesNotContain(secret).doesNotContainIgnoringCase("password");
        assertThat(csv.lines().count()).isEqualTo(26);

        HttpResponse<String> back = server.admin("POST", "/api/v1/devices/import?mode=update", token, "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(Json.parse(back.body()).get("devices_updated").asInt()).isEqualTo(25);
        JsonNode d = get("/api/v1/devices/805ec0ab0007");
        assertThat(d.at("/lines/0/display_name").asText()).isEqualTo("=HYPERLINK(\"http://evil.example/\")");
        assertThat(get("/api/v1/devices/805ec0ab0001").at("/lines/0/password").asText()).as("the password stays").isEqualTo(secret);
    }

    @Test
    void theApiBaseUrlAnswersAnIndexWhoseLinksWork() {
        for (String root : List.of("/api/v1/", "/api/v1")) {
            HttpResponse<String> r = server.adminGet(root, null);
            assertThat(r.statusCode()).as(root + ": " + r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            JsonNode index = Json.parse(r.body());
            assertThat(index.at("/links/openapi").asText()).isEqualTo("/api/v1/openapi.json");
            assertThat(server.adminGet(index.at("/links/openapi").asText(), null).statusCode()).isEqualTo(200);
            index.get("links").forEach(link -> assertThat(server.adminGet(link.asText(), token).statusCode()).as(link.asText())
                    .isIn(200, 405));
        }
        assertThat(server.adminGet("/api/v1//", null).statusCode()).as("only the one trailing slash of the base URL").isEqualTo(400);
    }

    @Test
    void theSemicolonExportIsForDecimalCommaExcelAndImportsBackAsANoOp() {
        HttpResponse<String> r = server.adminGet("/api/v1/export?format=csv&separator=semicolon&site=Shop%20B", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        String csv = r.body();
        assertThat(csv).startsWith("\uFEFFmac;vendor;model;serial;site;line;extension;display_name;").contains("\r\n").doesNotContain(",");
        HttpResponse<String> back = server.admin("POST", "/api/v1/devices/import?mode=update", token, "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(Json.parse(back.body()).get("devices_updated").asInt()).isEqualTo(5);
        assertThat(server.adminGet("/api/v1/export?format=csv&separator=semicolon&site=Shop%20B", token).body()).isEqualTo(csv);

        HttpResponse<String> wrong = server.adminGet("/api/v1/export?format=csv&separator=tab", token);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("comma or semicolon");
    }

    @Test
    void theJsonExportHoldsDevicesWithLinesAndNoSecrets() {
        JsonNode all = get("/api/v1/export?format=json&site=Shop%20B");
        assertThat(all).hasSize(5);
        assertThat(all.get(0).at("/site/name").asText()).isEqualTo("Shop B");
        assertThat(all.get(0).at("/lines/0/password").asText()).isEqualTo("****");
        assertThat(all.get(0).get("provisioning_password").asText()).isEqualTo("****");
    }

    @Test
    void remoteActionsRunPacedWithProgressAndEveryOutcomeIsAnEvent() throws Exception {
        HttpResponse<String> one = server.admin("POST", "/api/v1/devices/805ec0ab0001/actions/reboot", token, null, null);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(Json.parse(one.body()).get("outcome").asText()).as("no SIP core wired: nothing is registered").isEqualTo("not_registered");

        HttpResponse<String> started = server.adminJson("POST", "/api/v1/actions", token, "{\"kind\": \"resync\", \"site_id\": " + shopB + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode job = Json.parse(started.body());
        assertThat(job.get("total").asInt()).isEqualTo(5);
        for (int i = 0; i < 100 && !job.get("state").asText().equals("done"); i++) {
            Thread.sleep(50);
            job = get(location);
        }
        assertThat(job.get("state").asText()).isEqualTo("done");
        assertThat(job.at("/outcomes/not_registered").asInt()).isEqualTo(5);
        assertThat(get(location + "?results=true").get("results")).hasSize(5);
        assertThat(server.admin("POST", location + "/cancel", token, null, null).statusCode()).isEqualTo(409);

        server.flushRecords();
        JsonNode events = get("/api/v1/events?type=action&site_id=" + shopB).get("items");
        assertThat(events).hasSize(5).allSatisfy(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("not_registered");
            assertThat(e.get("detail").asText()).startsWith("resync");
        });

        HttpResponse<String> bad = server.adminJson("POST", "/api/v1/actions", token, "{\"kind\": \"reboot\", \"macs\": [\"805ec0ab0001\", \"nope\"]}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(Json.parse(bad.body()).get("errors").get(0).get("field").asText()).isEqualTo("macs[1]");
        HttpResponse<String> both = server.adminJson("POST", "/api/v1/actions", token, "{\"kind\": \"reboot\", \"site_id\": 1, \"macs\": []}");
        assertThat(both.statusCode()).isEqualTo(422);
    }

    @Test
    void templatesInUseListBaseFilesWithTheDevicesTheyServe() {
        JsonNode t = get("/api/v1/templates?vendor=yealink");
        assertThat(t).anySatisfy(f -> {
            assertThat(f.get("path").asText()).isEqualTo("yealink/mac.cfg.ftl");
            assertThat(f.get("scope").asText()).isEqualTo("base");
            assertThat(f.get("source").asText()).isEqualTo("disk");
            assertThat(f.get("devices").asInt()).isEqualTo(25);
        });
    }
}
