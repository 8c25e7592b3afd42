package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.config.Setting;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input of every kind: a clear application/problem+json answer, and nothing half-written. */
class AdminBadInputIT {
    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of(Setting.ADMIN_MAX_BODY_BYTES, "65536"));
        token = server.adminToken();
        server.createSite("Zurich HQ", "Europe/Zurich");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = Json.parse(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).startsWith("urn:phonehome:problem:");
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        return p;
    }

    long devices() {
        return Json.parse(server.adminGet("/api/v1/devices", token).body()).get("total").asLong();
    }

    long sites() {
        return Json.parse(server.adminGet("/api/v1/sites", token).body()).get("total").asLong();
    }

    /** A body, what the answer must be, and words its detail must hold. */
    record Case(String path, String body, int status, String detail) {
    }

    @Test
    void malformedJsonWrongTypesAndUnknownFieldsNameTheProblem() {
        List<Case> cases = List.of(
                new Case("/api/v1/sites", "{\"name\": \"X\", ", 400, "malformed JSON"),
                new Case("/api/v1/sites", "[1,2]", 400, "expected object"),
                new Case("/api/v1/sites", "{\"name\": \"X\", \"time_zone\": \"Europe/Zurich\", \"recheck_minutes\": \"60\"}", 400,
                        "field 'recheck_minutes'"),
                new Case("/api/v1/sites", "{\"name\": 42, \"time_zone\": \"Europe/Zurich\"}", 400, "field 'name'"),
                new Case("/api/v1/sites", "{\"name\": \"X\", \"time_zone\": \"Europe/Zurich\", \"colour\": \"red\"}", 400, "unknown field 'colour'"),
                new Case("/api/v1/sites", "{\"name\": \"X\", \"name\": \"Y\", \"time_zone\": \"UTC\"}", 400, "Duplicate field 'name'"),
                new Case("/api/v1/sites", "{\"name\": \"X\", \"time_zone\": \"UTC\"} {}", 400, "malformed JSON"),
                new Case("/api/v1/sites", "{\"name\": \"X\", \"time_zone\": \"Mars/Olympus\"}", 422, "not an IANA time zone"),
                new Case("/api/v1/sites", "{\"name\": \"X\", \"time_zone\": \"UTC\", \"registrar1\": {\"host\": \"pbx\", \"port\": 99999}}", 422,
                        "outside 1..65535"),
                new Case("/api/v1/devices", "{\"mac\": \"00:11:22:33:44\", \"model\": \"T46U\"}", 422, "is not a MAC address"),
                new Case("/api/v1/devices", "{\"mac\": \"01:15:65:aa:bb:cc\", \"model\": \"T46U\"}", 422, "group (multicast) address"),
                new Case("/api/v1/devices", "{\"mac\": \"001565aabbcc\", \"model\": \"T99\"}", 422, "'T99' is not a supported model"),
                new Case("/api/v1/devices", "{\"mac\": \"001565aabbcc\", \"model\": \"T46U\", \"site\": \"Nowhere\"}", 422, "no site named"),
                new Case("/api/v1/devices", "{\"mac\": \"001565aabbcc\", \"model\": \"T46U\", \"lines\": [{\"extension\": 200}]}", 400,
                        "field 'lines[0].extension'"),
                new Case("/api/v1/devices", "{\"mac\": \"001565aabbcc\", \"model\": \"T46U\", \"lines\": [{\"display_name\": \"a\\nstatic.x = 1\"}]}",
                        422, "printable"),
                new Case("/api/v1/devices", "{\"mac\": \"001565aabbcc\", \"model\": \"T46U\", \"lines\": [{\"extension\": \"0123\"}]}", 422,
                        "must not start with 0"),
                new Case("/api/v1/tokens", "{\"name\": \"ci\", \"role\": \"root\"}", 422, "must be one of viewer, technician, admin"));
        for (Case c : cases) {
            JsonNode p = problem(server.adminJson("POST", c.path(), token, c.body()), c.status());
            assertThat(p.toString()).as(c.body()).contains(c.detail());
        }
        JsonNode fields = problem(server.adminJson("POST", "/api/v1/devices", token,
                "{\"mac\": \"001565aabbcc\", \"model\": \"T46U\", \"lines\": [{}, {\"transport\": \"carrier-pigeon\"}]}"), 422);
        assertThat(fields.get("errors").get(0).get("field").asText()).isEqualTo("lines[1].transport");
        assertThat(devices()).isZero();
        assertThat(sites()).isEqualTo(1);
    }

    @Test
    void wrongMediaTypesAndMethodsAreRefused() {
        problem(server.admin("POST", "/api/v1/sites", token, "text/plain", "{}".getBytes(StandardCharsets.UTF_8)), 415);
        problem(server.admin("POST", "/api/v1/sites", token, null, null), 415);
        HttpResponse<String> r = server.admin("PUT", "/api/v1/devices", token, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        problem(r, 405);
        assertThat(r.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET").contains("POST"));
        problem(server.adminGet("/api/v1/devices/import", token), 405);
        problem(server.adminGet("/api/v1/nothing", token), 404);
        problem(server.adminGet("/api/v1/devices?colour=red", token), 400);
        problem(server.adminGet("/api/v1/devices?limit=0", token), 400);
        problem(server.adminGet("/api/v1/devices?limit=1&limit=2", token), 400);
        problem(server.adminGet("/api/v1/devices?seen_before=yesterday", token), 400);
        problem(server.adminGet("/api/v1/devices?site=Nowhere", token), 400);
    }

    @Test
    void aBodyOverTheNamedLimitIsRefusedAndNothingIsWritten() {
        StringBuilder csv = new StringBuilder("mac,model,site\n");
        for (int i = 0; csv.length() < 70_000; i++) {
            csv.append(String.format("0015650%05x,T46U,Zurich HQ%n", i));
        }
        JsonNode p = problem(server.admin("POST", "/api/v1/devices/import", token, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)), 413);
        assertThat(p.get("detail").asText()).contains("65536 bytes").contains("admin_max_body_bytes");
        String bigJson = "{\"name\": \"" + "x".repeat(1_100_000) + "\", \"time_zone\": \"UTC\"}";
        JsonNode pj = problem(server.adminJson("POST", "/api/v1/sites", token, bigJson), 413);
        assertThat(pj.get("detail").asText()).contains("larger than");
        assertThat(devices()).isZero();
        assertThat(sites()).isEqualTo(1);
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWithAProblemToo() throws IOException {
        try (SSLSocket s = (SSLSocket) io.phonehome.pki.TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate())
                .getSocketFactory().createSocket("127.0.0.1", server.server().adminPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/devices/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "0015650aaaaa,T46U,Zurich HQ\n".repeat(400).getBytes(StandardCharsets.US_ASCII);
            String answer;
            try {
                for (int i = 0; i < 20; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server may close once it has answered; the answer is still readable
            }
            InputStream in = s.getInputStream();
            answer = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("admin_max_body_bytes");
        }
        assertThat(devices()).isZero();
    }

    @Test
    void pathTraversalAndEncodedSeparatorsNeverReachAFileLookup() {
        for (String path : List.of("/api/v1/devices/805ec0aa0003/files/..", "/api/v1/devices/805ec0aa0003/files/%2e%2e%2fetc%2fpasswd",
                "/api/v1/devices/805ec0aa0003/files/..%2f..%2fphonehome.mv.db", "/api/v1/devices/..;/files/x",
                "/api/v1/devices/805ec0aa0003/files/a%00.cfg")) {
            HttpResponse<String> r = server.adminGet(path, token);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(Json.parse(r.body()).get("type").asText()).as(path).startsWith("urn:phonehome:problem:");
            assertThat(r.body()).doesNotContain("root:");
        }
        JsonNode notMac = problem(server.adminGet("/api/v1/devices/not-a-mac", token), 400);
        assertThat(notMac.get("detail").asText()).contains("is not a MAC address");
        problem(server.adminGet("/api/v1/devices/001565aabbcc", token), 404);
        problem(server.adminGet("/api/v1/sites/abc", token), 400);
    }

    @Test
    void theSupportedModelsAreAResourceAndTheErrorForAnUnsupportedOneNamesTheClosest() {
        JsonNode models = Json.parse(server.adminGet("/api/v1/models", token).body());
        assertThat(models).extracting(m -> m.get("model").asText()).contains("T46U", "W70B", "W90DM");
        JsonNode p = problem(server.adminJson("POST", "/api/v1/devices", token, "{\"mac\": \"001565aabbcd\", \"model\": \"T46X\"}"), 422);
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("model");
        assertThat(p.get("errors").get(0).get("message").asText()).contains("did you mean").contains("T46U").contains("T46S").contains("T46G");
    }
}
