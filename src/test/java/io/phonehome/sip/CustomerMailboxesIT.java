package io.phonehome.sip;

import static io.phonehome.sip.CustomerDomainsIT.bodies;
import static io.phonehome.sip.CustomerDomainsIT.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.hotdesk.HotDesks;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Line;
import io.phonehome.media.WavRecording;
import io.phonehome.testing.Json;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestServer;
import io.phonehome.voicemail.MailboxId;
import io.phonehome.voicemail.Mailboxes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two customers with their own SIP domains and the same extensions 200 and 201 (issue 17), against
 * the real server: each 200 has its own mailbox, message lamp, PIN and greeting folder; a hot-desk
 * login with extension 200 at a desk of B seats B's 200; the admin routes that name a line by
 * extension resolve it within a customer ({@code ?customer=}), answer an ambiguous one with a 409
 * that names no customer, and a customer-scoped token finds its own line and never the other's.
 */
class CustomerMailboxesIT {
    static final String DOMAIN_A = "a.example";
    static final String DOMAIN_B = "b.example";
    static TestServer server;
    static String admin;
    static String acmeTech;
    static long customerA;
    static long customerB;
    static Line a200;
    static Line b200;
    static Line bDesk;
    static final Map<String, Long> sites = new java.util.HashMap<>();

    @BeforeAll
    static void start() {
        server = TestServer.withSip(Map.of());
        admin = server.adminToken();
        customerA = server.createCustomer("Acme AG", "acme", DOMAIN_A);
        customerB = server.createCustomer("Beta GmbH", "beta", DOMAIN_B);
        sites.put("Alpha", server.createTrustingSite(customerA, "Alpha", "Europe/Zurich").id());
        sites.put("Beta", server.createTrustingSite(customerB, "Beta", "Europe/Zurich").id());
        ImportReport report = server.importCsv("""
                mac,model,serial,site,extension,display_name
                80:5e:c0:00:73:01,T46U,A1,Alpha,200,Anna Acme
                80:5e:c0:00:73:02,T46U,A2,Alpha,201,Bruno Acme
                80:5e:c0:00:73:03,T46U,B1,Beta,200,Anna Beta
                80:5e:c0:00:73:04,T46U,B2,Beta,201,Bruno Beta
                80:5e:c0:00:73:05,T46U,B3,Beta,290,Desk Beta
                80:5e:c0:00:73:06,T46U,B4,Beta,210,Only Beta
                """);
        assertThat(report.errors()).isEmpty();
        a200 = server.firstLine("805ec0007301");
        b200 = server.firstLine("805ec0007303");
        bDesk = server.firstLine("805ec0007305");
        JsonNode token = Json.parse(server.adminJson("POST", "/api/v1/tokens", admin,
                "{\"name\":\"acme-tech\",\"role\":\"technician\",\"customer\":\"acme\"}").body());
        acmeTech = token.get("token").asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A short message stored the way a finished call to the box leaves it (LeaveMessage's entry point). */
    static Path leave(MailboxId box, String caller) throws Exception {
        Mailboxes boxes = server.server().mailboxes();
        assertThat(boxes.refusal(box)).isEmpty();
        Path file = boxes.newMessageFile(box);
        try (WavRecording r = WavRecording.start(file, 8000)) {
            r.append(new short[800]);
            boxes.stored(box, caller, Instant.now(), r.durationMillis(), r.finish());
        }
        return file;
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
        return r.body().isEmpty() ? null : Json.parse(r.body());
    }

    @Test
    void aMessageForAcmes200LightsAcmes200LampOnlyAndBetas200SeesNoMessage() throws Exception {
        Mailboxes boxes = server.server().mailboxes();
        MailboxId boxA = new MailboxId(customerA, "200");
        MailboxId boxB = new MailboxId(customerB, "200");
        try (SipTestClient mailA = SipTestClient.udp(server.server().sipPort()); SipTestClient mailB = SipTestClient.udp(server.server().sipPort())) {
            assertThat(subscribe(mailA, a200, DOMAIN_A, "200", "message-summary").status()).isEqualTo(200);
            assertThat(subscribe(mailB, b200, DOMAIN_B, "200", "message-summary").status()).isEqualTo(200);
            assertThat(bodies(mailA, 2_000, 1)).isNotEmpty();
            assertThat(bodies(mailB, 2_000, 1)).isNotEmpty();

            Path file = leave(boxA, "201");
            List<String> lamp = bodies(mailA, 10_000, 1);
            assertThat(lamp).isNotEmpty();
            assertThat(lamp.get(0)).contains("Messages-Waiting: yes").contains("Message-Account: sip:200@" + DOMAIN_A);
            assertThat(bodies(mailB, 1_000, 1)).as("B's 200 lamp stays dark").isEmpty();

            assertThat(boxes.list(boxA)).hasSize(1);
            assertThat(boxes.list(boxB)).isEmpty();
            assertThat(file.getParent().getParent().getFileName().toString()).isEqualTo("@" + customerA);
        }
        // the admin API names each box within its customer
        assertThat(ok(server.adminGet("/api/v1/lines/200/voicemail?customer=acme", admin)).get("new_messages").asLong()).isEqualTo(1);
        assertThat(ok(server.adminGet("/api/v1/lines/200/voicemail?customer=" + customerB, admin)).get("new_messages").asLong()).isZero();
        JsonNode listed = ok(server.adminGet("/api/v1/lines/200/voicemail?customer=acme", admin)).get("messages");
        long id = listed.get(0).get("id").asLong();
        assertThat(server.adminGet("/api/v1/lines/200/voicemail/" + id + "?customer=beta", admin).statusCode())
                .as("A's message is no message of B's box").isEqualTo(404);
        assertThat(server.admin("DELETE", "/api/v1/lines/200/voicemail/" + id + "?customer=beta", admin, null, null).statusCode()).isEqualTo(404);
        assertThat(boxes.list(boxA)).hasSize(1);
    }

    @Test
    void eachCustomersBoxHasItsOwnPinAndGreetingFolder() throws Exception {
        Mailboxes boxes = server.server().mailboxes();
        MailboxId boxA = new MailboxId(customerA, "201");
        MailboxId boxB = new MailboxId(customerB, "201");
        ok(server.adminJson("PUT", "/api/v1/lines/201/voicemail/pin?customer=acme", admin, "{\"pin\":\"246810\"}"));
        assertThat(boxes.pinMatches(boxA, "246810")).isTrue();
        assertThat(boxes.pinMatches(boxB, "246810")).as("A's PIN does not open B's box").isFalse();
        assertThat(ok(server.adminGet("/api/v1/lines/201/voicemail?customer=beta", admin)).get("pin_set").asBoolean()).isFalse();

        byte[] wav = EchoServiceIT.wav(EchoServiceIT.tones(0.5));
        HttpResponse<String> up = server.admin("PUT", "/api/v1/lines/201/voicemail/greeting?customer=beta", admin, "audio/wav", wav);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(204);
        assertThat(boxes.greeting(boxB)).exists();
        assertThat(boxes.greeting(boxB).toString()).contains("@" + customerB);
        assertThat(boxes.greeting(boxA)).doesNotExist();
        assertThat(boxes.greeting(boxA).getParent()).isNotEqualTo(boxes.greeting(boxB).getParent());
        assertThat(server.adminGet("/api/v1/lines/201/voicemail/greeting?customer=acme", admin).statusCode()).isEqualTo(404);
        assertThat(server.adminGet("/api/v1/lines/201/voicemail/greeting?customer=beta", admin).statusCode()).isEqualTo(200);
    }

    @Test
    void anExtensionSeveralCustomersHaveIsAmbiguousWithoutACustomerAndTheAnswerNamesNone() {
        for (String path : List.of("/api/v1/lines/200", "/api/v1/lines/200/voicemail")) {
            HttpResponse<String> r = server.adminGet(path, admin);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(409);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body()).contains("ambiguous").contains("customer").doesNotContain("acme", "beta", "Acme", "Beta", "Anna");
        }
        HttpResponse<String> pin = server.adminJson("PUT", "/api/v1/lines/200/hotdesk-pin", admin, "{\"pin\":\"1234\"}");
        assertThat(pin.statusCode()).as(pin.body()).isEqualTo(409);
        // an extension only one customer has needs no customer; a customer that does not exist is a 404
        assertThat(ok(server.adminGet("/api/v1/lines/210", admin)).toString()).contains("Only Beta");
        assertThat(server.adminGet("/api/v1/lines/200?customer=nosuch", admin).statusCode()).isEqualTo(404);
        assertThat(ok(server.adminGet("/api/v1/lines/200?customer=beta", admin)).toString()).contains("Anna Beta").doesNotContain("Anna Acme");
        assertThat(ok(server.adminGet("/api/v1/lines/200?customer=" + customerA, admin)).toString()).contains("Anna Acme");
    }

    @Test
    void aCustomerScopedTokenFindsItsOwnLineAndTheOtherCustomersIsA404() {
        // the extension B has too: A's token finds A's line, no customer needed
        assertThat(ok(server.adminGet("/api/v1/lines/200", acmeTech)).toString()).contains("Anna Acme").doesNotContain("Anna Beta");
        for (String path : List.of("/api/v1/lines/200?customer=beta", "/api/v1/lines/200?customer=" + customerB, "/api/v1/lines/210")) {
            HttpResponse<String> r = server.adminGet(path, acmeTech);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).doesNotContain("Anna Beta", "Only Beta");
        }
        HttpResponse<String> patch = server.adminJson("PATCH", "/api/v1/lines/210", acmeTech, "{\"display_name\":\"Taken\"}");
        assertThat(patch.statusCode()).isEqualTo(404);
        assertThat(server.firstLine("805ec0007306").displayName()).isEqualTo("Only Beta");
    }

    @Test
    void aHotDeskLoginWithExtension200AtBetasDeskSeatsBetas200() {
        HotDesks desks = server.server().hotDesks();
        ok(server.adminJson("PUT", "/api/v1/devices/80:5e:c0:00:73:05/hotdesk", admin, "{\"enabled\":true}"));
        ok(server.adminJson("PUT", "/api/v1/lines/200/hotdesk-pin?customer=acme", admin, "{\"pin\":\"1111\"}"));
        ok(server.adminJson("PUT", "/api/v1/lines/200/hotdesk-pin?customer=beta", admin, "{\"pin\":\"2222\"}"));
        assertThat(desks.hasPin(a200)).isTrue();
        assertThat(desks.hasPin(b200)).isTrue();

        // A's PIN for A's 200 opens nothing at B's desk: the extension is looked up in B
        assertThat(desks.login(bDesk, "200", "1111", "test")).isEqualTo(HotDesks.Outcome.WRONG_PIN);
        assertThat(desks.login(bDesk, "200", "2222", "test")).isEqualTo(HotDesks.Outcome.LOGGED_IN);
        long desk = bDesk.deviceId();
        assertThat(desks.seatAt(desk)).hasValueSatisfying(s -> {
            assertThat(s.customerId()).isEqualTo(customerB);
            assertThat(s.extension()).isEqualTo("200");
        });
        // the desk now carries B's 200 (its credentials), and A's 200 is seated nowhere
        io.phonehome.inventory.Device d = server.server().inventory().devices().findById(desk).orElseThrow();
        assertThat(desks.linesOf(d, List.of(bDesk))).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(b200.id());
            assertThat(l.password()).isEqualTo(b200.password());
        });
        assertThat(desks.deviceOf(b200)).isEqualTo(desk);
        assertThat(desks.deviceOf(a200)).isEqualTo(a200.deviceId());
        assertThat(desks.logout(b200, "test")).isEqualTo(HotDesks.Outcome.LOGGED_OUT);
    }

    @Test
    void aPhonesVoicemailNumberReachesItsOwnCustomersBoxesAndEachBoxForwardsByItsOwnChoice() {
        for (long site : sites.values()) {
            ok(server.adminJson("PUT", "/api/v1/settings/site:" + site, admin, "{\"name\":\"voicemail.number\",\"value\":\"700\"}"));
        }
        // the same service directory the server answers calls with, over the server's own mailboxes and inventory
        io.phonehome.voicemail.VoicemailCalls calls = new io.phonehome.voicemail.VoicemailCalls(server.server().mailboxes(),
                new io.phonehome.settings.LayeredSettings(server.server().inventory(), io.phonehome.phones.VendorRegistry.builtIn()),
                server.server().inventory(), server.server().events(), io.phonehome.prompts.Prompts.shipped(), 10_000, 5,
                java.time.Duration.ofMinutes(15));
        Line a201 = server.firstLine("805ec0007302");
        Line b201 = server.firstLine("805ec0007304");
        io.phonehome.media.Caller fromA = new io.phonehome.media.Caller(a201.id(), a201.deviceId(), sites.get("Alpha"), "201", "", "en", false,
                a201.customerId());
        io.phonehome.media.Caller fromB = new io.phonehome.media.Caller(b201.id(), b201.deviceId(), sites.get("Beta"), "201", "", "en", false,
                b201.customerId());
        assertThat(calls.answer(fromB, "700*210")).as("B's own 210").isPresent();
        assertThat(calls.answer(fromA, "700*210")).as("A has no 210: B's box is never reached from A").isEmpty();
        assertThat(calls.answer(fromA, "700*200")).isPresent();
        assertThat(calls.answer(fromA, "700")).as("the own box's menu").isPresent();

        // each 200's own forwarding choice, set through its customer's route
        ok(server.adminJson("PATCH", "/api/v1/lines/200/voicemail?customer=beta", admin, "{\"on_busy\": true, \"no_answer_seconds\": 15}"));
        assertThat(calls.forwarding(b200.deviceId(), new MailboxId(customerB, "200")))
                .isEqualTo(new io.phonehome.voicemail.VoicemailCalls.Forwarding(true, 15));
        assertThat(calls.forwarding(a200.deviceId(), new MailboxId(customerA, "200")))
                .isEqualTo(io.phonehome.voicemail.VoicemailCalls.Forwarding.NONE);
    }
}
