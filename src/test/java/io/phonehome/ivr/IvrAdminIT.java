package io.phonehome.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Site;
import io.phonehome.media.Clip;
import io.phonehome.media.Outcome;
import io.phonehome.media.WavAudio;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Announcements and IVR menus through the admin API: what is taken (a WAV, normalised and stored
 * atomically; a menu checked as a whole) and everything that is refused, each with a problem
 * naming what is wrong.
 */
class IvrAdminIT {
    static TestServer server;
    static Site site;

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of(Setting.SIP_ECHO_NUMBER, "600"));
        site = server.createTrustingSite("Baar", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,srtp
                80:5e:c0:00:0a:01,T46U,I1,Baar,301,Reception,,off
                """).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String token(String name, String role) {
        HttpResponse<String> r = server.adminJson("POST", "/api/v1/tokens", server.adminToken(), "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).get("token").asText();
    }

    /** A 8 kHz 16-bit mono WAV of a tone, {@code seconds} long. */
    static byte[] toneWav(double seconds) {
        short[] s = new short[(int) (seconds * 8000)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return WavAudio.write(s, 8000);
    }

    static HttpResponse<String> upload(String name, String token, String type, byte[] body) {
        return server.admin("PUT", "/api/v1/announcements/" + name, token, type, body);
    }

    @Test
    void anUploadedWavIsStoredAs16kHzPcmReplacedOnReuploadListedAndDownloadable() throws Exception {
        String tech = token("tech-up", "technician");
        HttpResponse<String> r = upload("hours", tech, "audio/wav", toneWav(1.5));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Json.parse(r.body()).get("duration_ms").asLong()).isBetween(1450L, 1550L);
        Path dir = server.dataDir().resolve("announcements");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("the file, no temporary one").contains("global-hours.wav")
                    .noneMatch(n -> n.endsWith(".part"));
        }
        byte[] stored = Files.readAllBytes(dir.resolve("global-hours.wav"));
        assertThat(java.nio.ByteBuffer.wrap(stored).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(24)).as("sample rate").isEqualTo(Clip.RATE);
        Outcome<Clip> back = WavAudio.read(stored);
        assertThat(back.isOk()).isTrue();
        assertThat(back.value().durationMillis()).isBetween(1450L, 1550L);

        r = upload("hours", tech, "audio/wav", toneWav(0.5));
        assertThat(r.statusCode()).as("a new upload replaces the old").isEqualTo(200);
        assertThat(Json.parse(r.body()).get("duration_ms").asLong()).isBetween(450L, 550L);
        JsonNode list = Json.parse(server.adminGet("/api/v1/announcements", token("viewer-list", "viewer")).body());
        assertThat(list.toString()).contains("\"name\":\"hours\"").contains("\"uploaded_by\":\"tech-up\"");
        HttpResponse<String> wav = server.adminGet("/api/v1/announcements/hours", tech);
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(wav.headers().firstValue("Content-Type")).hasValue("audio/wav");
    }

    @Test
    void aFileThatIsNoWavIsRefusedWithTheReadersReason() {
        HttpResponse<String> r = upload("notwav", server.adminToken(), "audio/wav", "ID3 this is an mp3, honestly".getBytes());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("not a WAV file");
        assertThat(upload("notwav", server.adminToken(), "audio/mpeg", toneWav(0.2)).statusCode()).as("only audio/wav is taken").isEqualTo(415);
        assertThat(server.adminGet("/api/v1/announcements/notwav", server.adminToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void anOversizedUploadIsRefusedBeforeItIsRead() {
        HttpResponse<String> r = upload("huge", server.adminToken(), "audio/wav", new byte[Announcements.MAX_UPLOAD_BYTES + 1]);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aViewerCannotUpload() {
        HttpResponse<String> r = upload("viewer", token("viewer-up", "viewer"), "audio/wav", toneWav(0.2));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(server.adminGet("/api/v1/announcements/viewer", server.adminToken()).statusCode()).isEqualTo(404);
    }

    static HttpResponse<String> putMenu(String number, String json) {
        return server.adminJson("PUT", "/api/v1/sites/" + site.id() + "/ivr-menus/" + number, server.adminToken(), json);
    }

    @Test
    void aMenuWhoseSubmenusLeadBackToThemselvesIsRefusedWithThePathOfTheOption() {
        HttpResponse<String> r = putMenu("400", """
                {"greeting_prompt": "transferring", "options": {"1": {"submenu": "a"}},
                 "submenus": {"a": {"greeting_prompt": "invalid", "options": {"2": {"submenu": "b"}}},
                              "b": {"greeting_prompt": "invalid", "options": {"3": {"submenu": "a"}}}}}
                """);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("submenus.b.options.3.submenu").contains("cycle").contains("a > b > a");
        assertThat(server.adminGet("/api/v1/sites/" + site.id() + "/ivr-menus/400", server.adminToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void everyBadFieldOfAMenuIsNamedByItsPath() {
        HttpResponse<String> r = putMenu("401", """
                {"greeting_announcement": "nosuch", "timeout_seconds": 0,
                 "options": {"x": {"hangup": true}, "1": {"extension": "999"}, "2": {"announcement": "gone"}, "3": {"submenu": "nowhere"},
                             "4": {"hangup": true, "extension": "301"}}}
                """);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("greeting_announcement").contains("timeout_seconds").contains("options.x")
                .contains("options.1.extension").contains("options.2.announcement").contains("options.3.submenu").contains("\"options.4\"");
    }

    @Test
    void aMenuNumberThatIsAnExtensionOrTheEchoOrVoicemailNumberIsAConflictNamingIt() {
        String menu = "{\"greeting_prompt\": \"transferring\", \"options\": {\"1\": {\"extension\": \"301\"}}}";
        HttpResponse<String> r = putMenu("301", menu);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("extension").contains("Reception");
        r = putMenu("600", menu);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("echo");
        assertThat(server.adminJson("PUT", "/api/v1/settings/site:" + site.id(), server.adminToken(),
                "{\"name\": \"voicemail.number\", \"value\": \"700\"}").statusCode()).isLessThan(300);
        r = putMenu("700", menu);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("voicemail");
    }

    @Test
    void aMenuIsKeptShownAndItsAnnouncementCannotBeDeletedWhileItPlaysIt() {
        assertThat(upload("welcome", server.adminToken(), "audio/wav", toneWav(0.4)).statusCode()).isIn(200, 201);
        HttpResponse<String> r = putMenu("402", """
                {"greeting_announcement": "welcome", "timeout_seconds": 4, "repeats": 1,
                 "options": {"1": {"extension": "301"}, "2": {"submenu": "more"}, "0": {"hangup": true}},
                 "submenus": {"more": {"greeting_prompt": "invalid", "options": {"9": {"voicemail": "301"}, "#": {"announcement": "welcome"}}}}}
                """);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode shown = Json.parse(server.adminGet("/api/v1/sites/" + site.id() + "/ivr-menus/402", token("viewer-show", "viewer")).body());
        assertThat(shown.at("/menu/options/1/extension").asText()).isEqualTo("301");
        assertThat(shown.at("/menu/submenus/more/options/9/voicemail").asText()).isEqualTo("301");
        assertThat(shown.at("/menu/timeout_seconds").asInt()).isEqualTo(4);
        HttpResponse<String> del = server.admin("DELETE", "/api/v1/announcements/welcome", server.adminToken(), null, null);
        assertThat(del.statusCode()).isEqualTo(409);
        assertThat(del.body()).contains("menu 402 of site Baar");
        assertThat(server.admin("DELETE", "/api/v1/sites/" + site.id() + "/ivr-menus/402", server.adminToken(), null, null).statusCode())
                .isEqualTo(204);
        assertThat(server.admin("DELETE", "/api/v1/announcements/welcome", server.adminToken(), null, null).statusCode()).isEqualTo(204);
        assertThat(Files.exists(server.dataDir().resolve("announcements").resolve("global-welcome.wav"))).isFalse();
    }

    @Test
    void aDeletedSiteTakesItsMenusWithIt() {
        Site gone = server.createTrustingSite("Cham Closed", "Europe/Zurich");
        HttpResponse<String> r = server.adminJson("PUT", "/api/v1/sites/" + gone.id() + "/ivr-menus/480", server.adminToken(),
                "{\"greeting_prompt\": \"goodbye\", \"options\": {\"0\": {\"hangup\": true}}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(server.admin("DELETE", "/api/v1/sites/" + gone.id(), server.adminToken(), null, null).statusCode()).isLessThan(300);
        assertThat(server.server().ivr().menu(gone.id(), "480")).as("not answered any more").isEmpty();
        assertThat(server.adminGet("/api/v1/ivr-menus", server.adminToken()).body()).doesNotContain("\"480\"");
    }
}
