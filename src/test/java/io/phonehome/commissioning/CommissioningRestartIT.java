package io.phonehome.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Site;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server stopped in the middle of a run: after the restart the run is {@code interrupted} (it
 * does not go on calling by itself), the lines it had not called are still {@code pending} in its
 * report, and the site can be commissioned again. Without the SIP core every line is
 * {@code not_registered}, which is all this needs; paced at one call a second.
 */
class CommissioningRestartIT {
    @Test
    void aRunCutByARestartIsInterruptedAndTheSiteCanBeCommissionedAgain() throws Exception {
        Map<Setting, String> slow = Map.of(Setting.COMMISSION_CALLS_PER_SECOND, "1", Setting.COMMISSION_CALLS_AT_ONCE, "1");
        TestServer first = new TestServer(slow);
        Site site;
        long id;
        try {
            site = first.createTrustingSite("Restart", "Europe/Zurich");
            StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
            for (int i = 1; i <= 8; i++) {
                csv.append(String.format("80:5e:c0:00:0e:%02x,T46U,R%d,Restart,%d,Room %d,%n", i, i, 800 + i, i));
            }
            assertThat(first.importCsv(csv.toString()).errors()).isEmpty();
            HttpResponse<String> started = first.adminJson("POST", "/api/v1/commissioning", first.adminToken(), "{\"site_id\":" + site.id() + "}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            id = Json.parse(started.body()).get("id").asLong();
        } finally {
            first.stopKeepingData();
        }
        TestServer again = TestServer.reopen(first.dataDir(), slow);
        try {
            String token = again.adminToken();
            JsonNode run = Json.parse(again.adminGet("/api/v1/commissioning/" + id, token).body());
            assertThat(run.get("state").asText()).isEqualTo("interrupted");
            List<String> results = new ArrayList<>();
            run.get("lines").forEach(l -> results.add(l.get("result").asText()));
            assertThat(results).hasSize(8).contains("pending").allMatch(r -> r.equals("pending") || r.equals("not_registered"));
            Thread.sleep(2_000);
            JsonNode later = Json.parse(again.adminGet("/api/v1/commissioning/" + id, token).body());
            assertThat(later.get("summary")).as("nothing calls for an interrupted run").isEqualTo(run.get("summary"));
            HttpResponse<String> cancel = again.adminJson("POST", "/api/v1/commissioning/" + id + "/cancel", token, "{}");
            assertThat(cancel.statusCode()).isEqualTo(409);
            HttpResponse<String> anew = again.adminJson("POST", "/api/v1/commissioning", token, "{\"site_id\":" + site.id() + "}");
            assertThat(anew.statusCode()).as(anew.body()).isEqualTo(202);
        } finally {
            again.close();
        }
    }
}
