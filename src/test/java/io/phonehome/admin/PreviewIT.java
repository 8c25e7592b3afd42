package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The preview is exactly what the phone gets, and the diff shows what a change will do before it re-syncs. */
class PreviewIT {
    static TestServer server;
    static String token;
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03";

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        server.createTrustingSite("Shop 1", "Europe/Berlin");
        HttpResponse<String> r = server.admin("POST", "/api/v1/devices/import", token, "text/csv",
                "mac,model,site,display_name\n805ec0aa0003,T46U,Shop 1,Anna\n805ec0aa0004,T46U,,Nobody\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    HttpResponse<String> diff() {
        return server.adminGet("/api/v1/devices/805ec0aa0003/files/805ec0aa0003.cfg/diff", token);
    }

    @Test
    void thePreviewIsByteForByteWhatThePhoneGetsAndTheDiffShowsAChangeBeforeTheResync() {
        HttpResponse<String> fetched = server.get("805ec0aa0003.cfg", UA);
        assertThat(fetched.statusCode()).isEqualTo(200);
        server.flushRecords();

        HttpResponse<String> preview = server.adminGet("/api/v1/devices/805ec0aa0003/files/805ec0aa0003.cfg", token);
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).isEqualTo(fetched.body());
        assertThat(preview.headers().firstValue("ETag")).isEqualTo(fetched.headers().firstValue("ETag"));
        assertThat(preview.headers().firstValue("Content-Type")).isEqualTo(fetched.headers().firstValue("Content-Type"));
        assertThat(preview.headers().firstValue("X-Phonehome-Template")).hasValue("yealink/mac.cfg.ftl");

        JsonNode same = Json.parse(diff().body());
        assertThat(same.get("changed").asBoolean()).isFalse();
        assertThat(same.get("diff").asText()).isEmpty();

        String ext = Json.parse(server.adminGet("/api/v1/devices/805ec0aa0003", token).body()).at("/lines/0/extension").asText();
        HttpResponse<String> change = server.admin("PATCH", "/api/v1/lines/" + ext, token, "application/merge-patch+json",
                "{\"display_name\": \"Anna Muster\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(change.statusCode()).as(change.body()).isEqualTo(200);

        JsonNode changed = Json.parse(diff().body());
        assertThat(changed.get("changed").asBoolean()).isTrue();
        assertThat(changed.get("diff").asText()).contains("--- 805ec0aa0003.cfg (last fetched").contains("+++ 805ec0aa0003.cfg (now)")
                .contains("\n-account.1.display_name = Anna\n").contains("\n+account.1.display_name = Anna Muster\n");
        assertThat(changed.get("diff").asText().lines().filter(l -> l.startsWith("-") || l.startsWith("+")).count())
                .as("only the changed line, plus the two header lines").isEqualTo(4);

        HttpResponse<String> after = server.get("805ec0aa0003.cfg", UA);
        String newPreview = server.adminGet("/api/v1/devices/805ec0aa0003/files/805ec0aa0003.cfg", token).body();
        assertThat(after.body()).isEqualTo(newPreview).contains("account.1.display_name = Anna Muster");
        server.flushRecords();
        assertThat(Json.parse(diff().body()).get("changed").asBoolean()).isFalse();
    }

    @Test
    void filesAndDiagnosticsTellWhatTheDeviceUsesAndReports() {
        server.get("805ec0aa0003.boot", UA);
        server.get("805ec0aa0003.cfg", UA);
        server.flushRecords();
        JsonNode files = Json.parse(server.adminGet("/api/v1/devices/805ec0aa0003/files", token).body());
        assertThat(files).extracting(f -> f.get("name").asText()).contains("805ec0aa0003.boot", "805ec0aa0003.cfg");
        assertThat(files).allSatisfy(f -> assertThat(f.get("render_error").isNull()).isTrue());
        assertThat(files).anySatisfy(f -> assertThat(f.get("template").asText()).isEqualTo("yealink/mac.boot.ftl"));

        JsonNode diag = Json.parse(server.adminGet("/api/v1/devices/805ec0aa0003/diagnostics", token).body());
        assertThat(diag.get("last_address").asText()).isEqualTo("127.0.0.1");
        assertThat(diag.at("/firmware/reported").asText()).isEqualTo("108.86.0.20");
        assertThat(diag.at("/firmware/status").asText()).isEqualTo("no_target");
        assertThat(diag.at("/last_fetch/type").asText()).isEqualTo("config_fetch");
        assertThat(diag.at("/last_fetch/detail").asText()).contains("file=805ec0aa0003.");
        assertThat(diag.get("registrations")).isEmpty();
    }

    @Test
    void aDeviceThatCannotBeRenderedSaysWhyAndOtherMacsOrNamesAreRefused() {
        HttpResponse<String> noSite = server.adminGet("/api/v1/devices/805ec0aa0004/files/805ec0aa0004.cfg", token);
        assertThat(noSite.statusCode()).isEqualTo(422);
        assertThat(Json.parse(noSite.body()).get("type").asText()).isEqualTo("urn:phonehome:problem:render-error");
        assertThat(Json.parse(noSite.body()).get("detail").asText()).contains("has no site");
        JsonNode diag = Json.parse(server.adminGet("/api/v1/devices/805ec0aa0004/diagnostics", token).body());
        assertThat(diag.get("files").get(0).get("render_error").asText()).contains("has no site");

        HttpResponse<String> other = server.adminGet("/api/v1/devices/805ec0aa0003/files/805ec0aa0004.cfg", token);
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("is the file of 80:5e:c0:aa:00:04");
        HttpResponse<String> unknown = server.adminGet("/api/v1/devices/805ec0aa0003/files/passwd", token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("is not a file name yealink phones ask for");
    }
}
