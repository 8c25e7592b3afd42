package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two customers on one installation over the real admin API: a token limited to customer A sees
 * and changes nothing of customer B, on every route of the API, and B's objects look to it exactly
 * like objects that do not exist.
 */
class CustomersIT {
    static final String A_MAC = "805ec0aa0001";
    static final String B_MAC = "805ec0bb0001";
    static final String B_EXT = "300";
    /** What exists nowhere: B's values replaced by these must give the same answers. */
    static final String NO_MAC = "805ec0ff00ff";
    static final String NO_EXT = "45678";

    static TestServer server;
    static String admin;
    static String techA;
    static long customerA;
    static long customerB;
    static long siteA;
    static long siteB;
    static String bPassword;

    @BeforeAll
    static void start() {
        server = new TestServer();
        admin = server.adminToken();
        customerA = created(server.adminJson("POST", "/api/v1/customers", admin, "{\"name\":\"Acme AG\",\"slug\":\"acme\"}")).get("id").asLong();
        customerB = created(server.adminJson("POST", "/api/v1/customers", admin, "{\"name\":\"Beta GmbH\",\"slug\":\"beta\"}")).get("id").asLong();
        siteA = created(server.adminJson("POST", "/api/v1/sites", admin,
                "{\"name\":\"Acme Bern\",\"time_zone\":\"Europe/Zurich\",\"customer_id\":" + customerA + "}")).get("id").asLong();
        siteB = created(server.adminJson("POST", "/api/v1/sites", admin,
                "{\"name\":\"Beta Basel\",\"time_zone\":\"Europe/Zurich\",\"customer_id\":" + customerB + "}")).get("id").asLong();
        created(server.adminJson("POST", "/api/v1/devices", admin, "{\"mac\":\"" + A_MAC + "\",\"model\":\"T46U\",\"site\":\"Acme Bern\","
                + "\"lines\":[{\"extension\":\"200\",\"display_name\":\"Anna Acme\"}]}"));
        created(server.adminJson("POST", "/api/v1/devices", admin, "{\"mac\":\"" + B_MAC + "\",\"model\":\"T46U\",\"site\":\"Beta Basel\","
                + "\"lines\":[{\"extension\":\"" + B_EXT + "\",\"display_name\":\"Bruno Beta\"}]}"));
        bPassword = Json.parse(server.adminGet("/api/v1/devices/" + B_MAC + "/lines", admin).body()).get(0).get("password").asText();
        JsonNode token = created(server.adminJson("POST", "/api/v1/tokens", admin,
                "{\"name\":\"acme-tech\",\"role\":\"technician\",\"customer\":\"acme\"}"));
        techA = token.get("token").asText();
        assertThat(token.get("details").get("customer_id").asLong()).isEqualTo(customerA);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body());
    }

    /** Nothing of customer B may appear in an answer to A's token: names, MAC, its line's name and password. */
    static void assertNothingOfB(String what, HttpResponse<String> r) {
        assertThat(r.body()).as(what).doesNotContain("Beta Basel", "Beta GmbH", "Bruno Beta", bPassword, B_MAC, "80:5e:c0:bb:00:01",
                "80:5E:C0:BB:00:01", "beta");
    }

    @Test
    void aCustomerTokenListsOnlyItsOwnSitesDevicesEventsAndExport() {
        JsonNode sites = Json.parse(server.adminGet("/api/v1/sites", techA).body());
        assertThat(sites.get("items")).extracting(n -> n.get("name").asText()).containsExactly("Acme Bern");
        assertThat(sites.get("total").asLong()).isEqualTo(1);
        JsonNode devices = Json.parse(server.adminGet("/api/v1/devices", techA).body());
        assertThat(devices.get("items")).extracting(n -> n.get("mac").asText()).containsExactly("80:5e:c0:aa:00:01");
        // (a query naming B's site or MAC is the caller's own text: those answers are checked for being empty instead)
        assertThat(Json.parse(server.adminGet("/api/v1/events?mac=" + B_MAC, techA).body()).get("items")).isEmpty();
        for (String path : List.of("/api/v1/sites", "/api/v1/devices", "/api/v1/events", "/api/v1/export?format=json", "/api/v1/export",
                "/api/v1/events?site_id=" + siteB, "/api/v1/me")) {
            HttpResponse<String> r = server.adminGet(path, techA);
            assertNothingOfB(path, r);
        }
        // the unlimited admin sees both, so the filters above had something to leave out
        assertThat(server.adminGet("/api/v1/events?mac=" + B_MAC, admin).body()).contains("80:5e:c0:bb:00:01");
        assertThat(server.adminGet("/api/v1/export?format=json", admin).body()).contains("Bruno Beta");
        assertThat(server.adminGet("/api/v1/devices?site=Beta%20Basel", techA).statusCode())
                .as("another customer's site name is answered like a name that does not exist").isEqualTo(400);
        assertThat(Json.parse(server.adminGet("/api/v1/me", techA).body()).get("customer").asText()).isEqualTo("acme");
    }

    /**
     * Every operation of the OpenAPI document (the route table, which a test keeps equal to it),
     * with B's site, device and line in the path: 404, problem+json, and the very answer a path
     * naming nothing that exists gets.
     */
    @Test
    void aCustomerTokenGets404AndNothingElseOnEveryRouteNamingAnotherCustomersObjects() {
        JsonNode doc = Json.parse(server.adminGet("/api/v1/openapi.json", null).body());
        List<String> tried = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            if (!path.getKey().contains("{")) {
                continue;
            }
            for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next().toUpperCase();
                String ofB = path(path.getKey(), B_MAC, B_EXT, siteB);
                String ofNobody = path(path.getKey(), NO_MAC, NO_EXT, 987_654);
                HttpResponse<String> r = call(method, ofB);
                String what = method + " " + ofB + " -> " + r.statusCode() + " " + r.body();
                assertThat(r.statusCode()).as(what).isEqualTo(404);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/problem+json");
                String expected = call(method, ofNobody).body().replace(NO_MAC, B_MAC).replace("80:5e:c0:ff:00:ff", "80:5e:c0:bb:00:01")
                        .replace(NO_EXT, B_EXT).replace("987654", Long.toString(siteB));
                assertThat(r.body()).as(what + " answers as if nothing were there").isEqualTo(expected);
                assertThat(r.body()).as(what).doesNotContain("Beta Basel", "Bruno Beta", bPassword);
                tried.add(method + " " + path.getKey());
            }
        }
        assertThat(tried).as("the document was read").hasSizeGreaterThan(40)
                .contains("GET /api/v1/devices/{mac}", "DELETE /api/v1/sites/{id}", "PATCH /api/v1/lines/{extension}", "DELETE /api/v1/customers/{id}");
        // and nothing of B changed (deletes and patches were among the calls)
        JsonNode b = Json.parse(server.adminGet("/api/v1/devices/" + B_MAC, admin).body());
        assertThat(b.get("site").get("name").asText()).isEqualTo("Beta Basel");
        assertThat(Json.parse(server.adminGet("/api/v1/lines/" + B_EXT, admin).body()).toString()).contains("Bruno Beta");
        assertThat(server.adminGet("/api/v1/sites/" + siteB, admin).statusCode()).isEqualTo(200);
    }

    /** Every operation without path parameters: no answer carries B's data. */
    @Test
    void noRouteWithoutPathParametersGivesACustomerTokenAnotherCustomersData() {
        JsonNode doc = Json.parse(server.adminGet("/api/v1/openapi.json", null).body());
        for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            if (path.getKey().contains("{")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> op = m.next();
                String method = op.getKey().toUpperCase();
                HttpResponse<String> r = call(method, path.getKey());
                String what = method + " " + path.getKey() + " -> " + r.statusCode() + " " + r.body();
                assertThat(r.statusCode()).as(what).isLessThan(500).isNotEqualTo(403);
                boolean isPublic = op.getValue().path("x-phonehome-role").asText().equals("public");
                if (!isPublic && (!method.equals("GET") || !CustomerScope.OPEN.contains(method + " " + path.getKey()))) {
                    assertThat(r.statusCode() / 100).as(what).isNotEqualTo(2);
                }
                assertNothingOfB(what, r);
            }
        }
    }

    @Test
    void anImportByACustomerTokenRefusesEveryRowAtAnotherCustomersSiteOrDevice() {
        String csv = "mac,model,site,extension\n805ec0aa0002,T46U,Acme Bern,\n805ec0aa0003,T46U,Beta Basel,\n805ec0aa0004,T46U,,\n";
        HttpResponse<String> r = server.admin("POST", "/api/v1/devices/import", techA, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode errors = Json.parse(r.body()).get("errors");
        assertThat(errors.toString()).contains("no site named 'Beta Basel'", "is required: a token limited to a customer");
        assertThat(errors).hasSize(2);
        assertThat(server.adminGet("/api/v1/devices/805ec0aa0002", admin).statusCode()).as("nothing written").isEqualTo(404);

        String update = "mac,model,site\n" + B_MAC + ",T46U,Acme Bern\n";
        HttpResponse<String> u = server.admin("POST", "/api/v1/devices/import?mode=update", techA, "text/csv", update.getBytes(StandardCharsets.UTF_8));
        assertThat(u.statusCode()).as(u.body()).isEqualTo(422);
        assertThat(Json.parse(server.adminGet("/api/v1/devices/" + B_MAC, admin).body()).get("site").get("name").asText()).isEqualTo("Beta Basel");
    }

    @Test
    void aCustomerTokenCreatesAndMovesOnlyWithinItsCustomer() {
        JsonNode site = created(server.adminJson("POST", "/api/v1/sites", techA, "{\"name\":\"Acme Thun\",\"time_zone\":\"Europe/Zurich\"}"));
        assertThat(site.get("customer_id").asLong()).isEqualTo(customerA);
        long id = site.get("id").asLong();
        HttpResponse<String> move = server.adminJson("PATCH", "/api/v1/sites/" + id, techA, "{\"customer_id\":" + customerB + "}");
        assertThat(move.statusCode()).as(move.body()).isEqualTo(422);
        HttpResponse<String> toB = server.adminJson("PATCH", "/api/v1/devices/" + A_MAC, techA, "{\"site\":\"Beta Basel\"}");
        assertThat(toB.statusCode()).as(toB.body()).isEqualTo(422);
        assertThat(toB.body()).contains("no site named 'Beta Basel'");
        HttpResponse<String> other = server.adminJson("POST", "/api/v1/sites", techA,
                "{\"name\":\"Sneaky\",\"time_zone\":\"Europe/Zurich\",\"customer_id\":" + customerB + "}");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
        assertThat(server.adminJson("DELETE", "/api/v1/sites/" + id, techA, "{}").statusCode()).isEqualTo(204);
    }

    @Test
    void customersAreTheInstallationAdminsAndTokensLimitedToOneAreNeverAdmins() {
        JsonNode list = Json.parse(server.adminGet("/api/v1/customers", admin).body());
        assertThat(list.get("items")).extracting(n -> n.get("slug").asText()).contains("default", "acme", "beta");
        HttpResponse<String> adminOfA = server.adminJson("POST", "/api/v1/tokens", admin, "{\"name\":\"x\",\"role\":\"admin\",\"customer\":\"acme\"}");
        assertThat(adminOfA.statusCode()).as(adminOfA.body()).isEqualTo(422);
        HttpResponse<String> unknown = server.adminJson("POST", "/api/v1/tokens", admin, "{\"name\":\"x\",\"role\":\"viewer\",\"customer\":\"nope\"}");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
        HttpResponse<String> busy = server.admin("DELETE", "/api/v1/customers/" + customerB, admin, null, null);
        assertThat(busy.statusCode()).as("B still has a site").isEqualTo(409);
        long def = 0;
        for (JsonNode c : list.get("items")) {
            if (c.get("slug").asText().equals("default")) {
                def = c.get("id").asLong();
            }
        }
        assertThat(server.admin("DELETE", "/api/v1/customers/" + def, admin, null, null).statusCode()).isEqualTo(409);
        JsonNode renamed = Json.parse(server.adminJson("PATCH", "/api/v1/customers/" + customerB, admin, "{\"name\":\"Beta AG\"}").body());
        assertThat(renamed.get("name").asText()).isEqualTo("Beta AG");
        server.adminJson("PATCH", "/api/v1/customers/" + customerB, admin, "{\"name\":\"Beta GmbH\"}");
        JsonNode temp = created(server.adminJson("POST", "/api/v1/customers", admin, "{\"name\":\"Gone Soon\",\"slug\":\"gone\"}"));
        assertThat(server.admin("DELETE", "/api/v1/customers/" + temp.get("id").asLong(), admin, null, null).statusCode()).isEqualTo(204);
    }

    static HttpResponse<String> call(String method, String path) {
        if (method.equals("GET") || method.equals("DELETE")) {
            return server.admin(method, path, techA, null, null);
        }
        return server.adminJson(method, path, techA, "{}");
    }

    /** A documented path with every parameter filled: B's (or nobody's) MAC, extension and site id, and plausible rest. */
    static String path(String template, String mac, String extension, long site) {
        return template.replace("{mac}", mac).replace("{extension}", extension).replace("{id}", Long.toString(site))
                .replace("{name}", mac + ".cfg").replace("{index}", "1").replace("{kind}", "resync").replace("{number}", "500")
                .replace("{scope}", "site:" + site).replace("{vendor}", "yealink").replace("{model}", "T46U");
    }
}
