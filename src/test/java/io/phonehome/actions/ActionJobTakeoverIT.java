package io.phonehome.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.testing.Json;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestPostgres;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A mass action started on node A whose node dies mid-way is finished by node B (in-process
 * servers on one PostgreSQL, issue 16): A claimed every device and waits for phones that never
 * answer; A is closed without finishing (its heartbeat stops, its claims stay in the database);
 * once the claims' lease ran out B takes them and the job ends, with every device's outcome.
 */
class ActionJobTakeoverIT {
    static final String[] MACS = {"805ec0001801", "805ec0001802", "805ec0001803", "805ec0001804"};

    static Map<Setting, String> node(String name, String url) {
        return Map.of(Setting.DB_URL, url, Setting.DB_USER, TestPostgres.USER, Setting.DB_PASSWORD, TestPostgres.PASSWORD,
                Setting.NODE_NAME, name, Setting.NODE_HEARTBEAT_SECONDS, "1", Setting.NODE_DEAD_AFTER_HEARTBEATS, "2",
                Setting.ACTION_LEASE_SECONDS, "4", Setting.ACTION_DEVICES_PER_SECOND, "20", Setting.SIP_NOTIFY_TIMEOUT_SECONDS, "60");
    }

    @Test
    void theActionsDevicesANodeHeldWhenItDiedAreFinishedByAnotherNode() throws Exception {
        String url = TestPostgres.get().createDatabase();
        TestServer a = TestServer.withSip(node("node-a", url));
        TestServer b = null;
        try (SipTestClient silentPhones = SipTestClient.udp(a.server().sipPort())) {
            a.createTrustingSite("Olten", "Europe/Zurich");
            assertThat(a.importCsv("""
                    mac,model,serial,site,extension,display_name,handset
                    80:5e:c0:00:18:01,T46U,T1,Olten,1801,Silent 1,
                    80:5e:c0:00:18:02,T46U,T2,Olten,1802,Silent 2,
                    80:5e:c0:00:18:03,T46U,T3,Olten,1803,Silent 3,
                    80:5e:c0:00:18:04,T46U,T4,Olten,1804,Silent 4,
                    """).errors()).isEmpty();
            // every line registered on A from a socket that reads nothing: A's NOTIFYs wait for an answer that never comes
            for (String mac : MACS) {
                Line line = a.firstLine(mac);
                SipMessage ok = silentPhones.registerWithDigest(line.extension(), line.authUser(), line.password(), UUID.randomUUID() + "@t", 1,
                        silentPhones.contact(line.extension()), 300, "Yealink SIP-T46U 108.86.0.20", null);
                assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            }
            String token = a.adminToken();
            HttpResponse<String> started = a.adminJson("POST", "/api/v1/actions", token,
                    "{\"kind\": \"reboot\", \"macs\": [\"" + String.join("\", \"", MACS) + "\"]}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long id = Json.parse(started.body()).get("id").asLong();
            await(() -> a.server().database().jdbc().queryLong("SELECT COUNT(*) FROM action_job_items WHERE job_id = ? AND state = 'CLAIMED'"
                    + " AND lease_owner = 'node-a'", id) == MACS.length, "node A claims every device");

            JsonNode before = Json.parse(a.adminGet("/api/v1/actions/" + id, token).body());
            assertThat(before.get("state").asText()).as(before.toString()).isEqualTo("running");
            assertThat(before.get("in_flight").asInt()).as(before.toString()).isEqualTo(MACS.length);

            a.close(); // node A dies mid-way: nothing finished, its claims and bindings stay in the database
            b = new TestServer(node("node-b", url));
            TestServer other = b;
            JsonNode job;
            await(() -> "done".equals(Json.parse(other.adminGet("/api/v1/actions/" + id, token).body()).get("state").asText()),
                    "node B finishes the action");
            job = Json.parse(other.adminGet("/api/v1/actions/" + id + "?results=true", token).body());
            assertThat(job.get("total").asInt()).isEqualTo(MACS.length);
            // B does not hold the phones' flows and A is dead: nobody can reach them, which is the honest outcome
            assertThat(job.at("/outcomes/not_registered").asInt()).as(job.toString()).isEqualTo(MACS.length);
            assertThat(job.get("results")).hasSize(MACS.length);
            assertThat(other.server().database().jdbc().queryLong("SELECT COUNT(*) FROM action_job_items WHERE job_id = ? AND state = 'DONE'", id))
                    .isEqualTo(MACS.length);
        } finally {
            if (b != null) {
                b.close();
            }
            a.close();
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
