package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A site field longer than its database column holds is a 422 naming the field, never a 500
 * from the write: the site rules know every column's size.
 */
class SiteFieldLimitsIT {
    static TestServer server;
    static String token;
    static final ObjectMapper MAPPER = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Arguments too(String field, Consumer<ObjectNode> change) {
        return Arguments.of(field, change);
    }

    static Stream<Arguments> overlongFields() {
        String host253 = String.join(".", Collections.nCopies(4, "a".repeat(62))) + ".b"; // 253 characters, a valid host name
        return Stream.of(
                too("digest_password", s -> s.put("digest_user", "shop").put("digest_password", "p".repeat(101))),
                too("syslog_server", s -> s.put("syslog_server", "a".repeat(256))),
                too("provisioning_url", s -> s.put("provisioning_url", "https://prov.example.com/" + "a".repeat(480))),
                too("ntp_servers", s -> {
                    var list = s.putArray("ntp_servers");
                    for (int i = 0; i < 4; i++) {
                        list.add(host253);
                    }
                }),
                too("trusted_networks", s -> {
                    var list = s.putArray("trusted_networks");
                    for (int i = 0; i < 30; i++) {
                        list.add("2001:db8:1234:5678:9abc:def0:1234:" + Integer.toHexString(0x1000 + i) + "/128");
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlongFields")
    void aFieldLongerThanItsColumnIsA422NamingIt(String field, Consumer<ObjectNode> change) {
        ObjectNode site = MAPPER.createObjectNode().put("name", "Shop " + field).put("time_zone", "Europe/Zurich");
        change.accept(site);
        HttpResponse<String> r = server.adminJson("POST", "/api/v1/sites", token, site.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode errors = Json.parse(r.body()).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").asText()).isEqualTo(field);
        assertThat(Json.parse(server.adminGet("/api/v1/sites", token).body()).toString()).doesNotContain("Shop " + field);
    }
}
