package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.events.Event;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every change is in the audit log with who, what, when and before/after, and no secret in clear. */
class AuditIT {
    static TestServer server;
    static String admin;
    static String tech;

    @BeforeAll
    static void start() {
        server = new TestServer();
        admin = server.adminToken();
        HttpResponse<String> t = server.adminJson("POST", "/api/v1/tokens", admin, "{\"name\":\"tech-bob\",\"role\":\"technician\"}");
        tech = Json.parse(t.body()).get("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    JsonNode audit(String query) {
        HttpResponse<String> r = server.adminGet("/api/v1/audit" + query, admin);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body()).get("items");
    }

    @Test
    void changesAreAuditedWithBeforeAndAfterAndSecretsMasked() {
        HttpResponse<String> site = server.adminJson("POST", "/api/v1/sites", tech, """
                {"name": "Lager Nord", "time_zone": "Europe/Berlin", "digest_user": "lager", "digest_password": "site-secret-0123456",
                 "phone_admin_password": "phone-admin-pw-99"}""");
        assertThat(site.statusCode()).isEqualTo(201);
        long siteId = Json.parse(site.body()).get("id").asLong();
        HttpResponse<String> dev = server.adminJson("POST", "/api/v1/devices", tech, """
                {"mac": "80:5e:c0:aa:10:01", "model": "T46U", "site": "Lager Nord",
                 "lines": [{"display_name": "Pick 1", "password": "line-secret-777"}]}""");
        assertThat(dev.statusCode()).as(dev.body()).isEqualTo(201);
        HttpResponse<String> patch = server.admin("PATCH", "/api/v1/sites/" + siteId, tech, "application/merge-patch+json",
                "{\"digest_password\": \"new-site-secret-98765\", \"language\": \"de\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);

        JsonNode entries = audit("?actor=tech-bob");
        String all = entries.toString();
        assertThat(all).doesNotContain("site-secret-0123456").doesNotContain("new-site-secret-98765").doesNotContain("phone-admin-pw-99")
                .doesNotContain("line-secret-777");
        JsonNode update = entries.get(0);
        assertThat(update.get("action").asText()).isEqualTo("site.update");
        assertThat(update.get("actor").asText()).isEqualTo("tech-bob");
        assertThat(update.get("actor_role").asText()).isEqualTo("technician");
        assertThat(update.get("source").asText()).isEqualTo("127.0.0.1");
        assertThat(update.get("target").asText()).isEqualTo("site " + siteId);
        assertThat(update.at("/before/language").asText()).isEqualTo("en");
        assertThat(update.at("/after/language").asText()).isEqualTo("de");
        assertThat(update.at("/before/digest_password").asText()).isEqualTo("****");
        assertThat(update.at("/after/digest_password").asText()).isEqualTo("****");
        assertThat(Instant.parse(update.get("at").asText())).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
                Duration.ofMinutes(1).toMillis(), java.time.temporal.ChronoUnit.MILLIS));

        JsonNode create = audit("?action=device.create").get(0);
        assertThat(create.get("target").asText()).isEqualTo("80:5e:c0:aa:10:01");
        assertThat(create.get("before").isNull()).isTrue();
        assertThat(create.at("/after/lines/0/password").asText()).isEqualTo("****");
        assertThat(create.at("/after/provisioning_password").asText()).isEqualTo("****");
        assertThat(create.at("/after/lines/0/display_name").asText()).isEqualTo("Pick 1");
    }

    @Test
    void aRefusedChangeLeavesNoAuditEntryAndImportsAndTokensAreAudited() {
        int before = audit("?limit=1000").size();
        HttpResponse<String> bad = server.adminJson("POST", "/api/v1/devices", tech, "{\"mac\": \"80:5e:c0:aa:10:02\", \"model\": \"T99\"}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(audit("?limit=1000")).hasSize(before);

        server.createSite("Imports", "UTC");
        HttpResponse<String> imp = server.admin("POST", "/api/v1/devices/import", tech, "text/csv",
                "mac,model,site,password\n805ec0aa2001,T46U,Imports,csv-line-secret-1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(imp.statusCode()).isEqualTo(200);
        JsonNode entry = audit("?action=device.import").get(0);
        assertThat(entry.at("/after/created/0").asText()).isEqualTo("80:5e:c0:aa:20:01");
        assertThat(entry.toString()).doesNotContain("csv-line-secret-1");

        HttpResponse<String> t = server.adminJson("POST", "/api/v1/tokens", admin, "{\"name\":\"erp\",\"role\":\"viewer\"}");
        String secret = Json.parse(t.body()).get("token").asText();
        JsonNode tokenEntries = audit("?action=token.");
        assertThat(tokenEntries).isNotEmpty();
        assertThat(tokenEntries.toString()).doesNotContain(secret);
    }

    @Test
    void oldEventsArePrunedByTheRetentionSetting() {
        Instant old = Instant.now().minus(Duration.ofDays(400));
        server.server().events().insertNow(List.of(new Event(0, old, "config_fetch", "ok", "805ec0aa9999", null, "192.0.2.1", "ancient"),
                new Event(0, Instant.now(), "config_fetch", "ok", "805ec0aa9999", null, "192.0.2.1", "recent")));
        HttpResponse<String> r = server.admin("POST", "/api/v1/events/prune", admin, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.parse(r.body()).get("deleted").asInt()).isEqualTo(1);
        assertThat(Json.parse(r.body()).get("retention_days").asInt()).isEqualTo(90);
        JsonNode left = Json.parse(server.adminGet("/api/v1/events?mac=805ec0aa9999", admin).body()).get("items");
        assertThat(left).extracting(e -> e.get("detail").asText()).containsExactly("recent");
    }
}
