package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each role allowed and refused where it should be, over real HTTPS against the running server. */
class AdminRolesIT {
    static TestServer server;
    static String admin;
    static String technician;
    static String viewer;

    @BeforeAll
    static void start() {
        server = new TestServer();
        admin = server.adminToken();
        technician = createToken("tech-anna", "technician");
        viewer = createToken("crm-sync", "viewer");
        server.createSite("Zurich HQ", "Europe/Zurich");
        server.importCsv("mac,model,site,display_name\n80:5e:c0:aa:00:03,T46U,Zurich HQ,Anna\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String createToken(String name, String role) {
        HttpResponse<String> r = server.adminJson("POST", "/api/v1/tokens", server.adminToken(), "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).get("token").asText();
    }

    /** One call and the least role that may make it. */
    record Case(String method, String path, String body, String role) {
    }

    // Writes use bodies that fail validation, so allowed roles get 4xx other than 401/403 and nothing changes.
    static final List<Case> CASES = List.of(
            new Case("GET", "/api/v1/devices", null, "viewer"),
            new Case("GET", "/api/v1/devices/805ec0aa0003", null, "viewer"),
            new Case("GET", "/api/v1/sites", null, "viewer"),
            new Case("GET", "/api/v1/events", null, "viewer"),
            new Case("GET", "/api/v1/models", null, "viewer"),
            new Case("GET", "/api/v1/templates", null, "viewer"),
            new Case("GET", "/api/v1/export?format=json", null, "viewer"),
            new Case("GET", "/api/v1/devices/805ec0aa0003/diagnostics", null, "viewer"),
            new Case("GET", "/api/v1/me", null, "viewer"),
            new Case("POST", "/api/v1/sites", "{\"name\":\"\"}", "technician"),
            new Case("PATCH", "/api/v1/devices/805ec0aa0003", "{\"model\":\"NOPE\"}", "technician"),
            new Case("POST", "/api/v1/devices", "{\"mac\":\"not-a-mac\",\"model\":\"T46U\"}", "technician"),
            new Case("DELETE", "/api/v1/devices/0015650000ff", null, "technician"),
            new Case("POST", "/api/v1/devices/import?dry_run=true", "csv:mac,model\n", "technician"),
            new Case("GET", "/api/v1/devices/805ec0aa0003/files/805ec0aa0003.cfg", null, "technician"),
            new Case("POST", "/api/v1/devices/805ec0aa0003/actions/resync", null, "technician"),
            new Case("POST", "/api/v1/devices/805ec0aa0003/rearm?hours=0", null, "technician"),
            new Case("POST", "/api/v1/actions", "{\"kind\":\"reboot\"}", "technician"),
            new Case("GET", "/api/v1/firmware/images", null, "viewer"),
            new Case("GET", "/api/v1/firmware/campaigns", null, "viewer"),
            new Case("PUT", "/api/v1/firmware/targets/models/yealink/T46U", "{\"version\":\"0.0.0.0\"}", "technician"),
            new Case("DELETE", "/api/v1/firmware/images/0000000000000000", null, "technician"),
            new Case("POST", "/api/v1/firmware/campaigns", "{\"version\":\"0.0.0.0\",\"models\":[\"T46U\"]}", "technician"),
            new Case("GET", "/api/v1/tokens", null, "admin"),
            new Case("POST", "/api/v1/tokens", "{\"name\":\"\",\"role\":\"viewer\"}", "admin"),
            new Case("GET", "/api/v1/audit", null, "admin"),
            new Case("GET", "/api/v1/settings", null, "admin"),
            new Case("POST", "/api/v1/events/prune", null, "admin"));

    static HttpResponse<String> call(Case c, String token) {
        if (c.body() == null) {
            return server.admin(c.method(), c.path(), token, null, null);
        }
        if (c.body().startsWith("csv:")) {
            return server.admin(c.method(), c.path(), token, "text/csv", c.body().substring(4).getBytes());
        }
        return server.adminJson(c.method(), c.path(), token, c.body());
    }

    @Test
    void eachRoleIsAllowedExactlyWhereItShouldBe() {
        Map<String, String> tokens = Map.of("viewer", viewer, "technician", technician, "admin", admin);
        List<String> order = List.of("viewer", "technician", "admin");
        for (Case c : CASES) {
            for (String role : order) {
                HttpResponse<String> r = call(c, tokens.get(role));
                boolean allowed = order.indexOf(role) >= order.indexOf(c.role());
                String what = role + " " + c.method() + " " + c.path() + " -> " + r.statusCode() + " " + r.body();
                if (allowed) {
                    assertThat(r.statusCode()).as(what).isNotIn(401, 403).isLessThan(500);
                } else {
                    assertThat(r.statusCode()).as(what).isEqualTo(403);
                    assertThat(r.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
                    assertThat(Json.parse(r.body()).get("detail").asText()).as(what).contains("needs the " + c.role() + " role");
                }
            }
        }
    }

    @Test
    void withoutATokenEveryRouteButTheOpenApiDocumentIsRefused() {
        for (Case c : CASES) {
            HttpResponse<String> r = call(c, null);
            assertThat(r.statusCode()).as(c.path()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"phonehome-admin\"");
            JsonNode p = Json.parse(r.body());
            assertThat(p.get("type").asText()).isEqualTo("urn:phonehome:problem:unauthorized");
            assertThat(p.get("detail").asText()).contains("admin-token");
        }
        assertThat(server.adminGet("/api/v1/openapi.json", null).statusCode()).isEqualTo(200);
        assertThat(server.adminGet("/api/v1/nothing-here", null).statusCode()).isEqualTo(401);
        assertThat(server.adminGet("/api/v1/devices", "phk_wrongwrongwrongwrongwrongwrong").statusCode()).isEqualTo(401);
    }

    @Test
    void viewersSeeSecretsMaskedTechniciansSeeThem() {
        JsonNode asViewer = Json.parse(server.adminGet("/api/v1/devices/80:5e:c0:aa:00:03", viewer).body());
        JsonNode asTech = Json.parse(server.adminGet("/api/v1/devices/80-5e-c0-aa-00-03", technician).body());
        assertThat(asViewer.at("/lines/0/password").asText()).isEqualTo("****");
        assertThat(asViewer.get("provisioning_password").asText()).isEqualTo("****");
        assertThat(asViewer.at("/lines/0/extension").asText()).isEqualTo("200");
        assertThat(asTech.at("/lines/0/password").asText()).hasSize(20);
        JsonNode site = Json.parse(server.adminGet("/api/v1/sites", viewer).body()).at("/items/0");
        assertThat(site.get("digest_password").asText()).isEqualTo("****");
        assertThat(site.get("phone_admin_password").asText()).isEqualTo("****");
        assertThat(site.get("devices").asInt()).isEqualTo(1);
    }

    @Test
    void aRevokedTokenStopsWorkingAndTheLastAdminTokenCannotBeRevoked() {
        String temp = createToken("temporary", "viewer");
        assertThat(server.adminGet("/api/v1/me", temp).statusCode()).isEqualTo(200);
        JsonNode me = Json.parse(server.adminGet("/api/v1/me", temp).body());
        assertThat(me.get("role").asText()).isEqualTo("viewer");
        assertThat(server.admin("DELETE", "/api/v1/tokens/" + me.get("token_id").asLong(), admin, null, null).statusCode()).isEqualTo(204);
        assertThat(server.adminGet("/api/v1/me", temp).statusCode()).isEqualTo(401);

        long adminId = Json.parse(server.adminGet("/api/v1/me", admin).body()).get("token_id").asLong();
        HttpResponse<String> r = server.admin("DELETE", "/api/v1/tokens/" + adminId, admin, null, null);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(Json.parse(r.body()).get("detail").asText()).contains("last admin token");
        JsonNode list = Json.parse(server.adminGet("/api/v1/tokens", admin).body());
        assertThat(list.toString()).doesNotContain(temp).doesNotContain(admin);
    }
}
