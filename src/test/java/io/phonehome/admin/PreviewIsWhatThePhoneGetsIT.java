package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin preview and the phone listener ask one resolver what a device gets: when a rule the
 * resolver owns changes (the device is redirected to another server, then brought back), the
 * bytes a phone fetches and the bytes the preview shows change together, file by file.
 */
class PreviewIsWhatThePhoneGetsIT {
    static TestServer server;
    static String token;
    static final String MAC = "805ec0ee0001";
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:ee:00:01";
    static final List<String> FILES = List.of(MAC + ".cfg", MAC + ".boot", "y000000000000.boot");

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        server.createTrustingSite("Bern", "Europe/Zurich");
        server.importCsv("mac,model,site,extension\n" + MAC + ",T46U,Bern,301\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRedirectChangesThePhonesFilesAndTheirPreviewsAlike() {
        assertPreviewsAreWhatThePhoneGets("on its site");
        assertThat(server.get(MAC + ".cfg", UA).body()).doesNotContain("pbx-z.example.com");

        patch("{\"site\": null, \"lines\": [], \"redirect\": {\"url\": \"https://pbx-z.example.com/prov/\"}}");
        assertThat(server.get(MAC + ".cfg", UA).body()).contains("https://pbx-z.example.com/prov/");
        // the common file too: the phone listener serves it to a redirected phone, so its preview shows it
        assertPreviewsAreWhatThePhoneGets("redirected");

        patch("{\"site\": \"Bern\", \"redirect\": null}");
        assertThat(server.get(MAC + ".cfg", UA).body()).doesNotContain("pbx-z.example.com");
        assertPreviewsAreWhatThePhoneGets("back on its site");
    }

    @Test
    void theAdminApiRendersNoPhoneFileItself() throws Exception {
        // By construction: the only way the admin package gets a phone file's bytes is the resolver's preview.
        try (var sources = Files.walk(Path.of("src/main/java/io/phonehome/admin"))) {
            for (Path p : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                assertThat(Files.readString(p)).as(p.toString())
                        .doesNotContain("configFiles().device(").doesNotContain("configFiles().common(")
                        .doesNotContain("configFiles().redirect(");
            }
        }
    }

    private static void assertPreviewsAreWhatThePhoneGets(String when) {
        for (String file : FILES) {
            HttpResponse<String> phone = server.get(file, UA);
            assertThat(phone.statusCode()).as(when + ": phone " + file + " " + phone.body()).isEqualTo(200);
            server.flushRecords();
            HttpResponse<String> preview = server.adminGet("/api/v1/devices/" + MAC + "/files/" + file, token);
            assertThat(preview.statusCode()).as(when + ": preview " + file + " " + preview.body()).isEqualTo(200);
            assertThat(preview.body()).as(when + ": " + file).isEqualTo(phone.body());
            assertThat(preview.headers().firstValue("ETag")).as(when + ": " + file).isEqualTo(phone.headers().firstValue("ETag"));
        }
    }

    private static void patch(String json) {
        HttpResponse<String> r = server.admin("PATCH", "/api/v1/devices/" + MAC, token, "application/merge-patch+json",
                json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
