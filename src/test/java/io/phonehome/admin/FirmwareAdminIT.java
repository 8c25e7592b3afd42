package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.PhonehomeServer;
import io.phonehome.actions.NotifyResult;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.Json;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The firmware routes of the admin API over real HTTPS: catalog upload and delete, targets, campaigns. */
class FirmwareAdminIT {
    static TestServer server;
    static String admin;
    static String viewer;
    static final String UA = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:ab:00:01";

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of(io.phonehome.config.Setting.CAMPAIGN_TICK_MILLIS, "50"),
                new PhonehomeServer.Overrides((mac, kind) -> new NotifyResult(NotifyResult.Outcome.ACCEPTED, 200, "OK"), null));
        admin = server.adminToken();
        HttpResponse<String> t = server.adminJson("POST", "/api/v1/tokens", admin, "{\"name\":\"look\",\"role\":\"viewer\"}");
        viewer = Json.parse(t.body()).get("token").asText();
        server.createSite("Lab", "Europe/Zurich");
        server.createSite("Shop", "Europe/Zurich");
        // the catalog test works on the Lab phone, the campaign test on the two Shop phones
        server.importCsv("mac,model,site,display_name\n805ec0ab0001,T46U,Lab,A\n805ec0ab0002,T46U,Shop,B\n805ec0ab0003,T46U,Shop,C\n");
        for (String mac : java.util.List.of("805ec0ab0001", "805ec0ab0002", "805ec0ab0003")) {
            server.server().inventory().devices().recordFetch(Mac.parse(mac), Instant.now(), "127.0.0.1", "T46U", "108.86.0.10");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> upload(String query, byte[] body) {
        return server.admin("POST", "/api/v1/firmware/images?" + query, admin, "application/octet-stream", body);
    }

    @Test
    void anImageIsUploadedWithItsHashTargetedAndDeletedOnlyWhenUnused() {
        byte[] image = FakeFirmware.bytes("api upload", 150_000);
        String sha = FakeFirmware.sha256(image);

        HttpResponse<String> torn = upload("vendor=yealink&name=T46U-108.86.0.20.rom&sha256=" + sha, java.util.Arrays.copyOf(image, 1000));
        assertThat(torn.statusCode()).isEqualTo(422);
        assertThat(Json.parse(torn.body()).get("detail").asText()).contains("corrupted upload");
        HttpResponse<String> wrong = upload("vendor=yealink&name=T46U-96.87.0.15.rom&sha256=" + sha, image);
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(Json.parse(wrong.body()).get("detail").asText()).contains("not T46U firmware");
        assertThat(server.admin("POST", "/api/v1/firmware/images?vendor=yealink&name=x.rom&sha256=" + sha, admin, "application/json",
                image).statusCode()).isEqualTo(415);
        assertThat(server.admin("POST", "/api/v1/firmware/images?vendor=yealink&name=T46U-108.86.0.20.rom&sha256=" + sha, viewer,
                "application/octet-stream", image).statusCode()).isEqualTo(403);

        HttpResponse<String> ok = upload("vendor=yealink&name=T46U-108.86.0.20.rom&sha256=" + sha, image);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        JsonNode img = Json.parse(ok.body());
        String id = img.get("id").asText();
        assertThat(img.get("models").get(0).asText()).isEqualTo("T46U");
        assertThat(img.get("size").asLong()).isEqualTo(image.length);
        JsonNode catalog = Json.parse(server.adminGet("/api/v1/firmware/images?model=T46U", viewer).body());
        assertThat(catalog.get("images")).hasSize(1);

        HttpResponse<String> missing = server.adminJson("PUT", "/api/v1/firmware/targets/models/yealink/T46U", admin, "{\"version\":\"108.86.0.99\"}");
        assertThat(missing.statusCode()).isEqualTo(422);
        HttpResponse<String> target = server.adminJson("PUT", "/api/v1/firmware/targets/models/yealink/T46U", admin, "{\"version\":\"108.86.0.20\"}");
        assertThat(target.statusCode()).as(target.body()).isEqualTo(200);
        assertThat(Json.parse(server.adminGet("/api/v1/firmware/targets", viewer).body()).get(0).get("version").asText()).isEqualTo("108.86.0.20");
        // the phone's next config names it
        String cfg = server.fetchOk("805ec0ab0001.cfg", UA, "site-lab", "site-secret-3-abcdefgh").body();
        assertThat(KeyValueConfig.parse(cfg).get("static.firmware.url")).contains("/firmware/yealink/108.86.0.20/").endsWith("T46U-108.86.0.20.rom");

        // diagnostics: reported vs target, the URL only for those who see secrets
        JsonNode diag = Json.parse(server.adminGet("/api/v1/devices/805ec0ab0001/diagnostics", admin).body());
        assertThat(diag.at("/firmware/status").asText()).isEqualTo("upgrade_pending");
        assertThat(diag.at("/firmware/target").asText()).isEqualTo("108.86.0.20");
        assertThat(diag.at("/firmware/target_url").asText()).contains("/firmware/yealink/108.86.0.20/805ec0ab0001-");
        assertThat(Json.parse(server.adminGet("/api/v1/devices/805ec0ab0001/diagnostics", viewer).body()).at("/firmware/target_url").isNull())
                .isTrue();
        server.fetchOk("805ec0ab0001.cfg", UA.replace("108.86.0.10", "108.86.0.20"), "site-lab", "site-secret-3-abcdefgh");
        server.flushRecords();
        JsonNode after = Json.parse(server.adminGet("/api/v1/devices/805ec0ab0001/diagnostics", admin).body());
        assertThat(after.at("/firmware/status").asText()).isEqualTo("up_to_date");
        assertThat(after.at("/firmware/target").asText()).isEqualTo("108.86.0.20");

        HttpResponse<String> inUse = server.admin("DELETE", "/api/v1/firmware/images/" + id, admin, null, null);
        assertThat(inUse.statusCode()).isEqualTo(409);
        assertThat(Json.parse(inUse.body()).get("detail").asText()).contains("model target T46U");
        assertThat(server.admin("DELETE", "/api/v1/firmware/targets/models/yealink/T46U", admin, null, null).statusCode()).isEqualTo(204);
        assertThat(server.admin("DELETE", "/api/v1/firmware/images/" + id, admin, null, null).statusCode()).isEqualTo(204);
        assertThat(server.adminGet("/api/v1/firmware/images/" + id, viewer).statusCode()).isEqualTo(404);
        JsonNode audit = Json.parse(server.adminGet("/api/v1/audit?action=firmware.image.add", admin).body());
        assertThat(audit.toString()).contains(id);
    }

    @Test
    void aCampaignIsCreatedStartedFollowedAndCancelledThroughTheApi() {
        byte[] image = FakeFirmware.bytes("api campaign", 20_000);
        assertThat(upload("vendor=yealink&name=T46U-108.86.0.30.rom&sha256=" + FakeFirmware.sha256(image), image).statusCode()).isEqualTo(201);

        HttpResponse<String> bad = server.adminJson("POST", "/api/v1/firmware/campaigns", admin, "{\"version\":\"108.86.0.99\",\"models\":[\"T46U\"]}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(Json.parse(bad.body()).get("errors").get(0).get("field").asText()).isEqualTo("version");
        assertThat(server.adminJson("POST", "/api/v1/firmware/campaigns", admin, "{\"version\":\"108.86.0.30\",\"colour\":\"red\"}").statusCode())
                .isEqualTo(400);
        assertThat(server.adminJson("POST", "/api/v1/firmware/campaigns", viewer, "{\"version\":\"108.86.0.30\",\"models\":[\"T46U\"]}").statusCode())
                .isEqualTo(403);

        HttpResponse<String> created = server.adminJson("POST", "/api/v1/firmware/campaigns", admin,
                "{\"version\":\"108.86.0.30\",\"models\":[\"T46U\"],\"sites\":[\"Shop\"],\"canary_count\":1,\"per_minute\":600,\"device_timeout_seconds\":600}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode p = Json.parse(created.body());
        long id = p.at("/campaign/id").asLong();
        assertThat(p.at("/campaign/state").asText()).isEqualTo("draft");
        assertThat(p.at("/states/pending").asInt()).isEqualTo(2);
        assertThat(p.at("/canary/pending").asInt()).isEqualTo(1);
        assertThat(p.at("/models/T46U/pending").asInt()).isEqualTo(2);

        assertThat(server.admin("POST", "/api/v1/firmware/campaigns/" + id + "/start", admin, null, null).statusCode()).isEqualTo(200);
        assertThat(server.admin("POST", "/api/v1/firmware/campaigns/" + id + "/start", admin, null, null).statusCode()).isEqualTo(409);
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode now = null;
        while (System.currentTimeMillis() < deadline) {
            now = Json.parse(server.adminGet("/api/v1/firmware/campaigns/" + id + "?devices=true", viewer).body());
            if (now.at("/states/notified").asInt() == 1) {
                break;
            }
            sleep(50);
        }
        assertThat(now.at("/states/notified").asInt()).as(now.toString()).isEqualTo(1);
        assertThat(now.at("/states/pending").asInt()).as("the rest waits for the canary").isEqualTo(1);
        assertThat(now.get("devices")).hasSize(2);
        assertThat(server.admin("POST", "/api/v1/firmware/campaigns/" + id + "/pause", admin, null, null).statusCode()).isEqualTo(200);
        assertThat(server.admin("POST", "/api/v1/firmware/campaigns/" + id + "/resume", admin, null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> cancelled = server.admin("POST", "/api/v1/firmware/campaigns/" + id + "/cancel", admin, null, null);
        assertThat(Json.parse(cancelled.body()).at("/campaign/state").asText()).isEqualTo("cancelled");
        assertThat(Json.parse(cancelled.body()).at("/states/cancelled").asInt()).isEqualTo(1);
        assertThat(Json.parse(server.adminGet("/api/v1/firmware/campaigns", viewer).body()).get(0).get("id").asLong()).isEqualTo(id);
        assertThat(server.adminGet("/api/v1/firmware/campaigns/999999", viewer).statusCode()).isEqualTo(404);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
