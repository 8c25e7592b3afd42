package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Line;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestPostgres;
import io.phonehome.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lamps across two nodes on one PostgreSQL database (issue 16): the subscription lives on the node
 * that accepted the SUBSCRIBE, the state changes on the other one, and the phone's lamp follows.
 * A message left on node A lights the message lamp of a phone subscribed on node B, and of a phone
 * registered on B that never subscribed (unsolicited NOTIFY); a call routed by node A shows on the
 * busy lamp of a phone subscribed on node B, ringing, talking and over.
 */
class NodeLampsIT {
    @TempDir
    static Path work;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        String url = TestPostgres.get().createDatabase();
        a = TwoNodeNotifyIT.node("node-a", url);
        a.createTrustingSite("Spiez", "Europe/Zurich");
        assertThat(a.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:17:01,T46U,L1,Spiez,1701,Mailbox Owner,
                80:5e:c0:00:17:02,T46U,L2,Spiez,1702,Unsubscribed Owner,
                80:5e:c0:00:17:03,T46U,L3,Spiez,1703,Caller On A,
                80:5e:c0:00:17:04,T46U,L4,Spiez,1704,Callee On A,
                80:5e:c0:00:17:05,T46U,L5,Spiez,1705,Watcher On B,
                """).errors()).isEmpty();
        b = TwoNodeNotifyIT.node("node-b", url); // after the import: B reads the lines at start
        long until = System.currentTimeMillis() + 20_000;
        while (!(a.server().membership().isLive("node-b") && b.server().membership().isLive("node-a")) && System.currentTimeMillis() < until) {
            TwoNodeNotifyIT.sleep(50);
        }
        assertThat(a.server().membership().isLive("node-b")).as("node A sees node B alive").isTrue();
        assertThat(b.server().membership().isLive("node-a")).as("node B sees node A alive").isTrue();
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
            TwoNodeNotifyIT.sleep(50);
        }
        throw new AssertionError("the binding of " + line.extension() + " was not written by " + node.server().membership().self());
    }

    /** A message stored through node A's mailboxes, as a caller's recording ends. */
    static void leaveMessageOnA(String extension) throws Exception {
        Path file = a.server().mailboxes().newMessageFile(extension);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[44]);
        a.server().mailboxes().stored(extension, "1703", Instant.now(), 1_000, file);
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

            leaveMessageOnA(owner.extension());

            SipMessage lit = phone.notify(15_000);
            assertThat(lit).as("node B tells the phone of the message node A stored").isNotNull();
            assertThat(lit.header("event")).contains("message-summary");
            assertThat(lit.body()).contains("Messages-Waiting: yes").contains("Voice-Message: 1/0");
        }
    }

    @Test
    void aMessageLeftOnNodeAReachesAPhoneRegisteredOnNodeBWithoutASubscription() throws Exception {
        int port = registerOn(b, "805ec0001702");
        Line owner = b.firstLine("805ec0001702");
        Path scenario = Sipp.fromTemplate(work, "uas-notify.xml", Map.of("EVENT", "message-summary", "CODE", "200"));
        Sipp.Run phone = Sipp.start(work, scenario.toString(), null, port, "u1", null, 1, 20, Map.of());
        phone.awaitBound(port);

        leaveMessageOnA(owner.extension());

        assertThat(phone.await(25)).as("the unsolicited message-summary NOTIFY from node B: " + phone.output()).isZero();
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
}
