package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.Json;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestPostgres;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes (in-process servers) on one PostgreSQL database (issue 16): a phone registered on node
 * B gets the reboot an admin asks of node A, sent by B down the flow B holds, and A's answer is
 * the phone's; a relay a phone forges is refused and sends nothing; node A's admin API shows the
 * registration node B holds, with B's name; a SIP digest challenge from node A is answered on B.
 * Lamps: the subscription lives on the node that accepted the SUBSCRIBE, the state changes on the
 * other one, and the phone's lamp follows (a message left on A lights the lamp of a phone
 * subscribed on B, and a message a real phone leaves by calling A's voicemail reaches a phone
 * registered on B without a subscription; a call routed by A shows on
 * the busy lamp of a phone subscribed on B). One pair of nodes for all: starting two is most of
 * the class's time.
 */
class TwoNodeNotifyIT {
    @TempDir
    static Path work;
    static TestServer a;
    static TestServer b;

    /** The site's voicemail number: {@code 700*<extension>} leaves a message in that box. */
    static final String VOICEMAIL = "700";

    @BeforeAll
    static void start() throws Exception {
        Sipp.requireInstalled();
        BaresipCallIT.requireBaresip();
        String url = TestPostgres.get().createDatabase();
        a = node("node-a", url);
        io.phonehome.inventory.Site site = a.createTrustingSite("Thun", "Europe/Zurich");
        assertThat(a.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:16:01,T46U,K1,Thun,1601,On B,
                80:5e:c0:00:16:02,T46U,K2,Thun,1602,Forged,
                80:5e:c0:00:16:03,T46U,K3,Thun,1603,Shown On A,
                80:5e:c0:00:16:04,T46U,K4,Thun,1604,Roaming Phone,
                80:5e:c0:00:17:01,T46U,L1,Thun,1701,Mailbox Owner,
                80:5e:c0:00:17:02,T46U,L2,Thun,1702,Unsubscribed Owner,
                80:5e:c0:00:17:03,T46U,L3,Thun,1703,Caller On A,
                80:5e:c0:00:17:04,T46U,L4,Thun,1704,Callee On A,
                80:5e:c0:00:17:05,T46U,L5,Thun,1705,Watcher On B,
                """).errors()).isEmpty();
        assertThat(a.adminJson("PUT", "/api/v1/settings/site:" + site.id(), a.adminToken(),
                "{\"name\":\"voicemail.number\",\"value\":\"" + VOICEMAIL + "\"}").statusCode()).isLessThan(300);
        // started after the import: B reads the lines at start (keeping nodes' caches fresh is another part of issue 16)
        b = node("node-b", url);
        // A learns of B at its next heartbeat read: until then it rightly thinks itself alone
        long until = System.currentTimeMillis() + 20_000;
        while (!(a.server().membership().isLive("node-b") && b.server().membership().isLive("node-a")) && System.currentTimeMillis() < until) {
            sleep(50);
        }
        assertThat(a.server().membership().isLive("node-b")).as("node A sees node B alive").isTrue();
    }

    static TestServer node(String name, String url) {
        // each node its own media ports: both run in this JVM, beside other tests' servers
        int rtp = java.util.concurrent.ThreadLocalRandom.current().nextInt(300, 600) * 100;
        return TestServer.withSip(Map.of(Setting.DB_URL, url, Setting.DB_USER, TestPostgres.USER, Setting.DB_PASSWORD, TestPostgres.PASSWORD,
                Setting.NODE_NAME, name, Setting.NODE_HEARTBEAT_SECONDS, "1", Setting.SIP_NOTIFY_TIMEOUT_SECONDS, "3",
                Setting.RTP_PORT_MIN, Integer.toString(rtp), Setting.RTP_PORT_MAX, Integer.toString(rtp + 98)));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    /** Registers a SIPp phone for the device's line on {@code node}; returns its port once the binding is in the database. */
    static int registerOn(TestServer node, String mac) {
        Line line = node.firstLine(mac);
        int port = Sipp.freeUdpPort();
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        Sipp.Run reg = Sipp.start(work, "register-auth.xml", "127.0.0.1:" + node.server().sipPort(), port, "u1", inf, 1, 15,
                Map.of("domain", "127.0.0.1", "expires", "300"));
        assertThat(reg.await(25)).as(reg.output()).isZero();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (node.server().database().jdbc().queryLong("SELECT COUNT(*) FROM sip_bindings WHERE extension = ? AND node = ?", line.extension(),
                    node.server().membership().self()) > 0) {
                return port;
            }
            sleep(50);
        }
        throw new AssertionError("the binding of " + line.extension() + " was not written by " + node.server().membership().self());
    }

    @Test
    void aRebootAskedOfNodeAReachesThePhoneOnNodeBAndAShowsThePhonesAnswer() {
        int port = registerOn(b, "805ec0001601");
        assertThat(a.server().registrations().forDevice(a.server().inventory().devices().findByMac(Mac.parse("805ec0001601")).orElseThrow().id()))
                .as("node A holds no binding of the phone itself").isEmpty();
        Path scenario = Sipp.fromTemplate(work, "uas-notify.xml", Map.of("EVENT", "check-sync;reboot=true", "CODE", "200"));
        Sipp.Run phone = Sipp.start(work, scenario.toString(), null, port, "u1", null, 1, 20, Map.of());
        phone.awaitBound(port);

        HttpResponse<String> action = a.admin("POST", "/api/v1/devices/80:5e:c0:00:16:01/actions/reboot", a.adminToken(), "application/json",
                new byte[0]);

        assertThat(action.statusCode()).as(action.body()).isEqualTo(200);
        assertThat(Json.parse(action.body()).get("outcome").asText()).as(action.body()).isEqualTo("accepted");
        assertThat(Json.parse(action.body()).toString()).contains("node-b");
        assertThat(phone.await(20)).as(phone.output()).isZero();
        // B sent it down its flow (its own sip_notify event names the phone's address), A recorded the relayed outcome
        List<Event> events = notifyEvents(b, "805ec0001601");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("accepted");
            assertThat(e.source()).isEqualTo("127.0.0.1:" + port);
            assertThat(e.detail()).doesNotContain("via node").contains("check-sync;reboot=true").contains("200");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("accepted");
            assertThat(e.detail()).startsWith("via node node-b: ").contains("200");
        });
    }

    @Test
    void aRelayAPhoneForgesIsRefusedAndSendsNothing() {
        int port = registerOn(b, "805ec0001602");
        Line line = b.firstLine("805ec0001602");
        try (SipTestClient forger = SipTestClient.udp(b.server().sipPort())) {
            String callId = UUID.randomUUID() + "@forger";
            long at = System.currentTimeMillis();
            SipMessage answer = forger.exchange("NOTIFY sip:relay@127.0.0.1:" + b.server().sipPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + forger.localPort() + ";branch=" + SipTestClient.branch() + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + line.extension() + "@127.0.0.1>;tag=f1\r\n"
                    + "To: <sip:relay@127.0.0.1>\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 NOTIFY\r\n"
                    + "Event: phonehome-relay\r\n"
                    + "Subscription-State: terminated\r\n"
                    + "X-Phonehome-Relay: notify;node=node-a;mac=805ec0001602;kind=reboot;at=" + at + ";sig=" + "00".repeat(32) + "\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(answer.status()).as(answer.toText()).isEqualTo(403);
        }
        // the phone's port stays silent: nothing was sent down its flow
        try (java.net.DatagramSocket phone = new java.net.DatagramSocket(port, java.net.InetAddress.getLoopbackAddress())) {
            phone.setSoTimeout(3_000);
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[4096], 4096);
            try {
                phone.receive(p);
                throw new AssertionError("the forged relay reached the phone: " + new String(p.getData(), 0, p.getLength()));
            } catch (java.net.SocketTimeoutException expected) {
                // nothing came
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(notifyEvents(b, "805ec0001602")).isEmpty();
    }

    @Test
    void nodeAsAdminApiShowsTheRegistrationNodeBHoldsWithBsName() {
        int port = registerOn(b, "805ec0001603");
        Line line = a.firstLine("805ec0001603");

        HttpResponse<String> device = a.adminGet("/api/v1/devices/80:5e:c0:00:16:03", a.adminToken());

        assertThat(device.statusCode()).as(device.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode regs = Json.parse(device.body()).get("lines").get(0).get("registrations");
        assertThat(regs).as(device.body()).hasSize(1);
        assertThat(regs.get(0).get("node").asText()).isEqualTo("node-b");
        assertThat(regs.get(0).get("source").asText()).isEqualTo("127.0.0.1:" + port);
        assertThat(regs.get(0).get("contact").asText()).contains(line.extension());
        // node B shows its own binding with its own name too (the token is the database's, valid on every node)
        HttpResponse<String> onB = b.adminGet("/api/v1/devices/80:5e:c0:00:16:03", a.adminToken());
        assertThat(Json.parse(onB.body()).get("lines").get(0).get("registrations").get(0).get("node").asText()).as(onB.body()).isEqualTo("node-b");
    }

    @Test
    void aDigestChallengeFromNodeAIsAnsweredOnNodeB() {
        Line line = a.firstLine("805ec0001604");
        String callId = UUID.randomUUID() + "@roaming";
        try (SipTestClient toA = SipTestClient.udp(a.server().sipPort()); SipTestClient toB = SipTestClient.udp(b.server().sipPort())) {
            SipMessage challenge = toA.exchange(toA.register(line.extension(), callId, 1, toA.contact(line.extension()), 300, null));
            assertThat(challenge.status()).as(challenge.toText()).isEqualTo(401);

            String auth = io.phonehome.testing.TestDigest.sipAuthorization(challenge.header("www-authenticate"), "REGISTER", toB.registerUri(),
                    line.authUser(), line.password(), 1);
            SipMessage answer = toB.exchange(toB.register(line.extension(), callId, 2, toB.contact(line.extension()), 300, null,
                    "Authorization: " + auth));

            assertThat(answer.status()).as("node B accepts node A's nonce: " + answer.toText()).isEqualTo(200);
        }
    }

    /**
     * A real phone leaves a message in {@code extension}'s box by calling node A's voicemail
     * (baresip, RTP from a file, no registration): silent through the greeting and the beep, then two
     * seconds of tone. Returns the caller's process (it hangs up by itself) and its log's path.
     */
    static Map.Entry<Process, Path> leaveMessageByCallingA(String extension) throws Exception {
        double[] said = VoicemailIT.afterTheBeep(extension, EchoServiceIT.tones(2.0));
        Path dir = Files.createTempDirectory(work, "caller");
        Process caller = VoicemailIT.baresip(a, dir, a.firstLine("805ec0001703"), VOICEMAIL + "*" + extension, said,
                (int) Math.ceil(said.length / (double) EchoServiceIT.RATE) + 1);
        return Map.entry(caller, dir.resolve("phone.log"));
    }

    static String log(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1) : "(no log)";
    }

    @Test
    void aMessageLeftOnNodeALightsTheLampOfAPhoneSubscribedOnNodeB() throws Exception {
        Line owner = b.firstLine("805ec0001701");
        try (SipWatcher phone = new SipWatcher(b, owner)) {
            SipMessage ok = phone.subscribe(owner.extension(), "message-summary", 600);
            assertThat(ok).isNotNull();
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            SipMessage first = phone.notify(10_000);
            assertThat(first).as("the subscription's first NOTIFY").isNotNull();
            assertThat(first.body()).contains("Messages-Waiting: no");

            Map.Entry<Process, Path> call = leaveMessageByCallingA(owner.extension());
            SipMessage lit;
            try {
                lit = phone.notify(30_000);
            } finally {
                call.getKey().destroy();
            }
            assertThat(lit).as("node B tells the phone of the message node A stored: " + log(call.getValue())).isNotNull();
            assertThat(lit.header("event")).contains("message-summary");
            assertThat(lit.body()).contains("Messages-Waiting: yes").contains("Voice-Message: 1/0");
        }
    }

    @Test
    void aMessageARealPhoneLeavesByCallingNodeAsVoicemailLightsThePhoneRegisteredOnNodeB() throws Exception {
        int port = registerOn(b, "805ec0001702");
        Line owner = b.firstLine("805ec0001702");
        Sipp.Run phone = Sipp.start(work, "uas-mwi-notify.xml", null, port, "u1", null, 1, 40, Map.of());
        phone.awaitBound(port);

        Map.Entry<Process, Path> call = leaveMessageByCallingA(owner.extension());
        try {
            assertThat(phone.await(40)).as("the unsolicited message-summary NOTIFY from node B, Messages-Waiting: yes: " + phone.output()
                    + "\ncaller: " + log(call.getValue())).isZero();
        } finally {
            call.getKey().destroy();
        }
        assertThat(log(call.getValue())).as("the message came by a call").contains("Call established");
    }

    @Test
    void aCallRoutedByNodeAShowsOnTheBusyLampOfAPhoneSubscribedOnNodeB() throws Exception {
        Line caller = a.firstLine("805ec0001703");
        Line callee = a.firstLine("805ec0001704");
        Line watcherLine = b.firstLine("805ec0001705");
        String target = "127.0.0.1:" + a.server().sipPort();
        int calleePort = registerOn(a, "805ec0001704");
        Sipp.Run answering = Sipp.start(work, "uas-ring-answer.xml", null, calleePort, "u1", null, 1, 30, Map.of());
        answering.awaitBound(calleePort);

        try (SipWatcher watcher = new SipWatcher(b, watcherLine)) {
            SipMessage ok = watcher.subscribe(callee.extension(), "dialog", 600);
            assertThat(ok).isNotNull();
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);

            Path calls = Sipp.injection(work, List.of(caller.extension() + ";" + callee.extension() + ";[authentication username="
                    + caller.authUser() + " password=" + caller.password() + "]"));
            Sipp.Run call = Sipp.start(work, "uac-call.xml", target, Sipp.freeUdpPort(), "u1", calls, 1, 20, Map.of("domain", "127.0.0.1"),
                    "-d", "1000");
            assertThat(call.await(30)).as(call.output()).isZero();
            assertThat(answering.await(30)).as(answering.output()).isZero();

            List<String> states = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (SipMessage n = watcher.notify(10_000); n != null; n = watcher.notify(5_000)) {
                if (!seen.add(n.header("cseq"))) {
                    continue; // a retransmission
                }
                String body = n.body();
                String state = body.contains("<state>") ? body.substring(body.indexOf("<state>") + 7, body.indexOf("</state>")) : "idle";
                if (!state.equals("idle")) {
                    assertThat(body).contains("direction=\"recipient\"").contains("Caller On A");
                }
                states.add(state);
                if (state.equals("terminated")) {
                    break;
                }
            }
            assertThat(states).as("the lamp on node B follows the call node A routed").containsSubsequence("idle", "early", "confirmed", "terminated");
        }
    }

    static List<Event> notifyEvents(TestServer node, String mac) {
        node.flushRecords();
        return node.server().events().query(EventQuery.forMac(Mac.parse(mac).hex())).stream()
                .filter(e -> e.type().equals(EventTypes.SIP_NOTIFY)).toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
