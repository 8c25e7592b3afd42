package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Site;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phonehome commission} against a real server whose phones are all off (not registered),
 * paced at one call per second so a run lasts long enough to be refused a twin and to be
 * cancelled: a CSV list with notes, the 409 for a second run on the same site, cancel (lines not
 * called stay uncalled, reported as cancelled, and no call is placed after it), a site run to its
 * end and its report in CSV and JSON; a list naming an unknown extension is refused before anything
 * is called.
 */
class CommissionCliIT {
    @TempDir
    static Path work;
    static TestServer server;
    static Site site;

    @BeforeAll
    static void start() {
        server = TestServer.withSip(Map.of(Setting.COMMISSION_CALLS_PER_SECOND, "1", Setting.COMMISSION_CALLS_AT_ONCE, "1"));
        site = server.createTrustingSite("Quiet", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        for (int i = 1; i <= 6; i++) {
            csv.append(String.format("80:5e:c0:00:0d:%02x,T46U,Q%d,Quiet,%d,Room %d,%n", i, i, 700 + i, i));
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode run(long id) {
        return Json.parse(server.adminGet("/api/v1/commissioning/" + id, server.adminToken()).body());
    }

    static List<String> results(JsonNode run) {
        List<String> out = new ArrayList<>();
        run.get("lines").forEach(l -> out.add(l.get("result").asText()));
        return out;
    }

    @Test
    void aListRunIsRefusedATwinAndCancelledStopsPlacingCalls() throws Exception {
        Path list = work.resolve("list.csv");
        Files.writeString(list, "extension;note\n701;reception\n702;\n703;meeting room\n704;\n705;\n706;store\n", StandardCharsets.UTF_8);
        CliIT.Result started = CliIT.runAgainst(server, "commission", "start", "--file", list.toString(), "--json");
        assertThat(started.code()).as(started.err()).isZero();
        JsonNode run = Json.parse(started.out());
        long id = run.get("id").asLong();
        assertThat(run.get("site").asText()).isEqualTo("Quiet");
        assertThat(run.get("lines").get(0).get("note").asText()).isEqualTo("reception");

        CliIT.Result twin = CliIT.runAgainst(server, "commission", "start", "--site", "Quiet");
        assertThat(twin.code()).as(twin.out() + twin.err()).isEqualTo(ExitCodes.CONFLICT);
        HttpResponse<String> viaApi = server.adminJson("POST", "/api/v1/commissioning", server.adminToken(), "{\"site_id\":" + site.id() + "}");
        assertThat(viaApi.statusCode()).as(viaApi.body()).isEqualTo(409);
        assertThat(Json.parse(viaApi.body()).get("detail").asText()).contains("run " + id);

        CliIT.Result cancelled = CliIT.runAgainst(server, "commission", "cancel", Long.toString(id));
        assertThat(cancelled.code()).as(cancelled.err()).isZero();
        JsonNode after = run(id);
        assertThat(after.get("state").asText()).isIn("cancelled", "running"); // a call under way ends as it would
        long deadline = System.currentTimeMillis() + 20_000;
        while (!after.get("state").asText().equals("cancelled") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            after = run(id);
        }
        assertThat(after.get("state").asText()).isEqualTo("cancelled");
        List<String> atCancel = results(after);
        assertThat(atCancel).contains("cancelled").doesNotContain("pending");
        // paced at one a second: three more seconds would have placed three more calls
        Thread.sleep(3_000);
        assertThat(results(run(id))).isEqualTo(atCancel);
        assertThat(CliIT.runAgainst(server, "commission", "cancel", Long.toString(id)).code()).isEqualTo(ExitCodes.CONFLICT);

        CliIT.Result siteRun = CliIT.runAgainst(server, "commission", "start", "--site", "Quiet", "--wait");
        assertThat(siteRun.code()).as(siteRun.err()).isZero();
        assertThat(siteRun.out()).contains("done").contains("not_registered 6");
        long second = server.server().commissioning().list().get(0).id();

        CliIT.Result csv = CliIT.runAgainst(server, "commission", "report", Long.toString(second), "--format", "csv", "--separator", "semicolon");
        assertThat(csv.code()).as(csv.err()).isZero();
        assertThat(csv.out()).contains("701;Room 1;;80:5e:c0:00:0d:01;T46U;not_registered;no registered contact")
                .contains("not_registered;6").contains("confirmed;0");
        CliIT.Result json = CliIT.runAgainst(server, "commission", "report", Long.toString(second), "--format", "json");
        assertThat(Json.parse(json.out()).get("summary").get("not_registered").asInt()).isEqualTo(6);
        CliIT.Result status = CliIT.runAgainst(server, "commission", "status", Long.toString(second));
        assertThat(status.out()).contains("706").contains("Room 6").contains("not_registered");
    }

    @Test
    void aListWithAnUnknownExtensionIsRefusedAndNothingIsCalled() {
        int before = server.server().commissioning().list().size();
        HttpResponse<String> r = server.admin("POST", "/api/v1/commissioning/list", server.adminToken(), "text/csv; charset=utf-8",
                "extension,note\n701,ok\n799,nobody\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("799");
        assertThat(server.server().commissioning().list()).hasSize(before);
    }
}
