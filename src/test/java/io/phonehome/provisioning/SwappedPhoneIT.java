package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A phone swapped on site reports another model in its User-Agent than the inventory holds. A
 * like-for-like replacement (same kind, enough accounts) keeps getting the inventory's
 * configuration; anything else gets what an unknown file gets. Either way there is one
 * {@code model_mismatch} event per change and a problem on the device.
 */
class SwappedPhoneIT {
    static final String T46U_AS_T46S = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:02:01";
    static final String D315_AS_D785 = "Mozilla/4.0 (compatible; snomD315-SIP 10.1.20.0 2010.12-00004-g5d8d1a5 000413AA0302 SXM:0 UXM:0 UXMC:0)";
    static final String T46U_AS_W70B = "Yealink SIP-T46U 108.86.0.20 80:5e:0c:aa:02:03";
    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        server.createTrustingSite("Lab", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,site,line,display_name,handset\n");
        csv.append("80:5e:c0:aa:02:01,T46S,Lab,1,Anna,\n80:5e:c0:aa:02:01,T46S,Lab,2,Anna privat,\n");
        for (int line = 1; line <= 5; line++) {
            csv.append("00:04:13:aa:03:02,D785,Lab,").append(line).append(",Key ").append(line).append(",\n");
        }
        csv.append("80:5e:0c:aa:02:03,W70B,Lab,,Lager,1\n");
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode device(String mac) {
        server.flushRecords();
        HttpResponse<String> r = server.adminGet("/api/v1/devices/" + mac, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    static JsonNode mismatchEvents(String mac) {
        server.flushRecords();
        return Json.parse(server.adminGet("/api/v1/events?type=model_mismatch&mac=" + mac, token).body()).get("items");
    }

    /** What any requester gets for a file no phone asks for. */
    static HttpResponse<String> unknownFile() {
        return server.get("no-phone-asks-for-this.bin", T46U_AS_T46S);
    }

    @Test
    void aT46uInPlaceOfAT46sIsServedTheInventorysConfigurationAndReportedOnce() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = server.get("805ec0aa0201.cfg", T46U_AS_T46S);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("(yealink T46S)", "account.1.display_name = Anna", "account.2.display_name = Anna privat");
        }
        JsonNode events = mismatchEvents("805ec0aa0201");
        assertThat(events).as("one event for the change, not one per fetch").singleElement().satisfies(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("served");
            assertThat(e.get("detail").asText()).contains("inventory=T46S", "reported=T46U");
            assertThat(e.get("source").asText()).isNotEmpty();
        });
        JsonNode d = device("805ec0aa0201");
        assertThat(d.get("model").asText()).isEqualTo("T46S");
        assertThat(d.get("reported_model").asText()).isEqualTo("T46U");
        assertThat(d.get("problems")).singleElement().satisfies(p -> {
            assertThat(p.get("type").asText()).isEqualTo("model_mismatch");
            assertThat(p.get("message").asText()).contains("served", "set the device's model to T46U");
        });
        JsonNode diagnostics = Json.parse(server.adminGet("/api/v1/devices/805ec0aa0201/diagnostics", token).body());
        assertThat(diagnostics.at("/problems/0/type").asText()).isEqualTo("model_mismatch");
        java.io.StringWriter out = new java.io.StringWriter();
        int code = io.phonehome.Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()), "devices", "show",
                "805ec0aa0201", "--data-dir", server.dataDir().toString(), "--url", server.adminUrl());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("reported   T46U", "problem    model_mismatch: the phone reports T46U where the inventory says T46S");
    }

    @Test
    void aD315InPlaceOfAD785WithFiveLinesGetsTheUnknownFileAnswer() {
        HttpResponse<String> unknown = unknownFile();
        HttpResponse<String> r = server.get("snomD315-000413AA0302.htm", D315_AS_D785);
        assertThat(r.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo(unknown.body()).doesNotContain("Key 1");
        server.get("snomD315-000413AA0302.htm", D315_AS_D785);
        assertThat(mismatchEvents("000413aa0302")).singleElement().satisfies(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("refused");
            assertThat(e.get("detail").asText()).contains("inventory=D785", "reported=D315", "4 account(s)", "5 line(s)");
        });
        JsonNode d = device("000413aa0302");
        assertThat(d.get("reported_model").asText()).isEqualTo("D315");
        assertThat(d.at("/problems/0/message").asText()).contains("refused");
    }

    @Test
    void aDeskPhoneWhereADectBaseIsExpectedIsRefused() {
        HttpResponse<String> r = server.get("805e0caa0203.cfg", T46U_AS_W70B);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo(unknownFile().body());
        assertThat(mismatchEvents("805e0caa0203")).singleElement().satisfies(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("refused");
            assertThat(e.get("detail").asText()).contains("a desk phone", "DECT");
        });
        HttpResponse<String> preview = server.adminGet("/api/v1/devices/805e0caa0203/files/805e0caa0203.cfg", token);
        assertThat(preview.statusCode()).as("the preview shows what the phone gets, and says why").isEqualTo(404);
        assertThat(preview.body()).contains("T46U");
    }
}
