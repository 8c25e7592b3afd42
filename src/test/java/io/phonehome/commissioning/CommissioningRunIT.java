package io.phonehome.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Site;
import io.phonehome.testing.Json;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commissioning run over ten SIPp phones (Debian's sip-tester) on one site: two lines never
 * registered, two that ring until Phonehome cancels, two busy (486, 603), two that answer and
 * press nothing, one that answers and sends the RFC 2833 '1' of sip-tester's shipped pcap, one
 * that answers and sends '1' by SIP INFO. Phonehome places every call itself; the report (JSON
 * and CSV) must say exactly that, line by line, with times in order, and the events record it.
 * Short ring and confirm times come from the settings so the run takes seconds.
 */
class CommissioningRunIT {
    static final Path PCAP_1 = Path.of("/usr/share/sip-tester/dtmf_2833_1.pcap");

    @TempDir
    static Path work;
    static TestServer server;
    static Site site;
    static final Map<String, Line> lines = new LinkedHashMap<>();
    static String token;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        assertThat(PCAP_1).as("sip-tester ships its RFC 2833 pcaps there").exists();
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10", Setting.COMMISSION_RING_SECONDS, "3",
                Setting.COMMISSION_CONFIRM_SECONDS, "2", Setting.COMMISSION_CALLS_AT_ONCE, "10", Setting.COMMISSION_CALLS_PER_SECOND, "10"));
        site = server.createTrustingSite("Handover", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        for (int i = 1; i <= 10; i++) {
            csv.append(String.format("80:5e:c0:00:0c:%02x,T46U,CM%d,Handover,%d,Desk %d,%n", i, i, 500 + i, i));
        }
        // a line on another site, for the test of a line registered from two phones
        server.createTrustingSite("Forks", "Europe/Zurich");
        csv.append("80:5e:c0:00:0c:21,T46U,CM21,Forks,521,Twin desk,\n");
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        var inv = server.server().inventory();
        Line twin = inv.lines().byDevice(inv.devices().findByMac(Mac.parse("805ec0000c21")).orElseThrow().id()).get(0);
        lines.put(twin.extension(), twin);
        for (int i = 1; i <= 10; i++) {
            Line l = inv.lines().byDevice(inv.devices().findByMac(Mac.parse(String.format("805ec0000c%02x", i))).orElseThrow().id()).get(0);
            lines.put(l.extension(), l);
        }
        token = server.adminToken();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String target() {
        return "127.0.0.1:" + server.server().sipPort();
    }

    /** Registers a SIPp "phone" for the line from {@code port}, where its scenario then answers. */
    static void register(String extension, int port) {
        Line line = lines.get(extension);
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        // a REGISTER answered slowly by a cold server on a loaded machine is retransmitted, and the late
        // 401 to the first copy aborts SIPp's scenario: what counts is that the line ends up registered
        Sipp.Run reg = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            reg = Sipp.start(work, "register-auth.xml", target(), port, "u1", inf, 1, 15, Map.of("domain", "127.0.0.1", "expires", "300"));
            if (reg.await(25) == 0) {
                break;
            }
        }
        Sipp.Run last = reg;
        assertThat(server.server().registrations().forExtension(extension)).as(() -> last.output())
                .anyMatch(b -> b.source().equals("127.0.0.1:" + port));
    }

    /** A registered phone running {@code scenario} for one call, with a media port of its own. */
    static Sipp.Run phone(String extension, String scenario) {
        int port = Sipp.freeUdpPort();
        register(extension, port);
        Sipp.Run uas = Sipp.start(work, scenario, null, port, "u1", null, 1, 50, Map.of(), "-mp", Integer.toString(Sipp.freeUdpPort()));
        uas.awaitBound(port);
        return uas;
    }

    static String answering(String press) {
        return Sipp.fromTemplate(work, "uas-commission-answer.xml", Map.of("PRESS", press)).toString();
    }

    static final String NOTHING = "";
    static final String RFC_2833_ONE = """
              <nop>
                <action>
                  <exec play_pcap_audio="%s"/>
                </action>
              </nop>
            """.formatted(PCAP_1);
    static final String INFO_ONE = """
              <send>
                <![CDATA[

                  INFO [$contact] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From:[$ackto]
                  To:[$ackfrom]
                  Call-ID: [call_id]
                  CSeq: 1 INFO
                  Contact: <sip:uas@[local_ip]:[local_port]>
                  Max-Forwards: 70
                  Content-Type: application/dtmf-relay
                  Content-Length: [len]

                  Signal=1
                  Duration=160

                ]]>
              </send>
              <recv response="200"/>
            """;

    @Test
    void aRunOverTenPhonesReportsEachLineAsItWentInJsonAndCsv() throws Exception {
        List<Sipp.Run> phones = new ArrayList<>();
        // 501, 502: never registered
        phones.add(phone("503", "uas-ring-cancel.xml"));
        phones.add(phone("504", "uas-ring-cancel.xml"));
        phones.add(phone("505", Sipp.fromTemplate(work, "uas-reject.xml", Map.of("CODE", "486", "REASON", "Busy Here")).toString()));
        phones.add(phone("506", Sipp.fromTemplate(work, "uas-reject.xml", Map.of("CODE", "603", "REASON", "Decline")).toString()));
        phones.add(phone("507", answering(NOTHING)));
        phones.add(phone("508", answering(NOTHING)));
        phones.add(phone("509", answering(RFC_2833_ONE)));
        phones.add(phone("510", answering(INFO_ONE)));

        HttpResponse<String> started = server.adminJson("POST", "/api/v1/commissioning", token, "{\"site_id\":" + site.id() + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = Json.parse(started.body()).get("id").asLong();
        assertThat(Json.parse(started.body()).get("total").asInt()).isEqualTo(10);

        // one run per site: a second one while it runs is refused
        HttpResponse<String> second = server.adminJson("POST", "/api/v1/commissioning", token, "{\"site_id\":" + site.id() + "}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        JsonNode run = awaitEnd(id, 90);
        for (Sipp.Run p : phones) {
            assertThat(p.await(30)).as(p.output()).isZero();
        }
        assertThat(run.get("state").asText()).isEqualTo("done");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("501", "not_registered");
        expected.put("502", "not_registered");
        expected.put("503", "no_answer");
        expected.put("504", "no_answer");
        expected.put("505", "busy");
        expected.put("506", "busy");
        expected.put("507", "answered");
        expected.put("508", "answered");
        expected.put("509", "confirmed");
        expected.put("510", "confirmed");

        JsonNode report = Json.parse(server.adminGet("/api/v1/commissioning/" + id + "/report?format=json", token).body());
        Map<String, String> results = new LinkedHashMap<>();
        Map<String, JsonNode> byExtension = new HashMap<>();
        for (JsonNode l : report.get("lines")) {
            results.put(l.get("extension").asText(), l.get("result").asText());
            byExtension.put(l.get("extension").asText(), l);
        }
        assertThat(results).as(report.toPrettyString()).containsExactlyEntriesOf(expected);
        assertThat(report.get("site").asText()).isEqualTo("Handover");
        JsonNode summary = report.get("summary");
        assertThat(summary.get("not_registered").asInt()).isEqualTo(2);
        assertThat(summary.get("no_answer").asInt()).isEqualTo(2);
        assertThat(summary.get("busy").asInt()).isEqualTo(2);
        assertThat(summary.get("answered").asInt()).isEqualTo(2);
        assertThat(summary.get("confirmed").asInt()).isEqualTo(2);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("pending").asInt()).isZero();

        JsonNode first = byExtension.get("501");
        assertThat(first.get("mac").asText()).isEqualTo("80:5e:c0:00:0c:01");
        assertThat(first.get("model").asText()).isEqualTo("T46U");
        assertThat(first.get("display_name").asText()).isEqualTo("Desk 1");
        assertThat(first.path("contact").isNull() || first.path("contact").isMissingNode()).isTrue();
        assertThat(first.path("answered_at").isNull() || first.path("answered_at").isMissingNode()).isTrue();
        for (String ext : List.of("503", "505")) {
            JsonNode l = byExtension.get(ext);
            assertThat(l.get("contact").asText()).as(ext).startsWith("sip:");
            assertThat(l.path("answered_at").isNull() || l.path("answered_at").isMissingNode()).as(ext).isTrue();
        }
        assertThat(byExtension.get("505").get("detail").asText()).startsWith("486");
        assertThat(byExtension.get("506").get("detail").asText()).startsWith("603");
        assertThat(byExtension.get("503").get("detail").asText()).contains("not answered");
        for (String ext : List.of("507", "509", "510")) {
            JsonNode l = byExtension.get(ext);
            Instant placed = Instant.parse(l.get("placed_at").asText());
            Instant answered = Instant.parse(l.get("answered_at").asText());
            Instant ended = Instant.parse(l.get("ended_at").asText());
            assertThat(answered).as(ext).isAfterOrEqualTo(placed);
            assertThat(ended).as(ext).isAfterOrEqualTo(answered);
            if (ext.equals("507")) {
                assertThat(l.path("confirmed_at").isNull() || l.path("confirmed_at").isMissingNode()).isTrue();
            } else {
                Instant confirmed = Instant.parse(l.get("confirmed_at").asText());
                assertThat(confirmed).as(ext).isAfterOrEqualTo(answered).isBeforeOrEqualTo(ended);
            }
        }

        HttpResponse<String> csv = server.adminGet("/api/v1/commissioning/" + id + "/report?format=csv&separator=semicolon", token);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String text = new String(csv.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFsite;run;source;requested_by;state;started_at;finished_at\r\n");
        List<String> rows = text.lines().toList();
        assertThat(rows).contains("extension;display_name;note;mac;model;result;detail;contact;user_agent;placed_at;answered_at;"
                + "confirmed_at;ended_at");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(rows).as(e.getKey()).anyMatch(r -> r.startsWith(e.getKey() + ";Desk " + (Integer.parseInt(e.getKey()) - 500) + ";;")
                    && r.split(";", -1)[5].equals(e.getValue()));
        }
        assertThat(rows).contains("result;lines", "confirmed;2", "answered;2", "busy;2", "no_answer;2", "not_registered;2", "failed;0");

        server.server().events().flush(5000);
        JsonNode events = Json.parse(server.adminGet("/api/v1/events?type=commissioning&limit=100", token).body()).get("items");
        List<String> outcomes = new ArrayList<>();
        events.forEach(e -> outcomes.add(e.get("outcome").asText()));
        assertThat(outcomes).contains("started", "done").filteredOn("confirmed"::equals).hasSize(2);
        assertThat(outcomes).filteredOn("not_registered"::equals).hasSize(2);
        assertThat(server.server().sip().placedCalls()).as("every placed call is over").isZero();
    }

    @Test
    void aLineRegisteredFromTwoPhonesRingsOnBothTheFirstAnswerTakesItAndTheOtherIsCancelled() throws Exception {
        Sipp.Run ringing = phone("521", "uas-ring-cancel.xml");
        int answeringPort = Sipp.freeUdpPort();
        register("521", answeringPort);
        Sipp.Run answering = Sipp.start(work, answering(INFO_ONE), null, answeringPort, "u1", null, 1, 50, Map.of(), "-mp",
                Integer.toString(Sipp.freeUdpPort()));
        answering.awaitBound(answeringPort);
        assertThat(server.server().registrations().forExtension("521")).hasSize(2);

        HttpResponse<String> started = server.admin("POST", "/api/v1/commissioning/list", token, "text/csv; charset=utf-8",
                "extension,note,customer\n521,two phones on one line,default\n".getBytes(StandardCharsets.UTF_8));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode run = awaitEnd(Json.parse(started.body()).get("id").asLong(), 60);
        assertThat(answering.await(30)).as(answering.output()).isZero();
        assertThat(ringing.await(30)).as("the phone that did not answer got a CANCEL: " + ringing.output()).isZero();
        JsonNode line = run.get("lines").get(0);
        assertThat(line.get("result").asText()).isEqualTo("confirmed");
        assertThat(line.get("note").asText()).isEqualTo("two phones on one line");
        assertThat(line.get("contact").asText()).as("the contact that answered").contains(":" + answeringPort);
        assertThat(run.get("site").asText()).isEqualTo("Forks");
    }

    static JsonNode awaitEnd(long id, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode run = null;
        while (System.currentTimeMillis() < deadline) {
            run = Json.parse(server.adminGet("/api/v1/commissioning/" + id, token).body());
            if (!run.get("state").asText().equals("running")) {
                return run;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("commissioning run " + id + " still running after " + seconds + " s: " + run);
    }
}
