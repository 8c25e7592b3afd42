package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy-lamp key's whole life with real SIPp phones: a watcher subscribes to the dialog state of
 * an extension, a call between two other SIPp phones rings it, is answered and hung up, and the
 * watcher's scenario checks every NOTIFY body (idle, early as recipient with the caller as remote
 * identity, confirmed, terminated, idle again after the unsubscribe) and answers them; a second
 * watcher on the caller's extension sees the same call as its initiator.
 */
class BusyLampIT {
    @TempDir
    static Path work;
    static TestServer server;
    static Line anna;
    static Line bruno;
    static Line carla;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10"));
        server.createTrustingSite("Basel", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:61:01,T46U,N1,Basel,301,Anna Muster,
                80:5e:c0:00:61:02,T46U,N2,Basel,302,Bruno Callee,
                80:5e:c0:00:61:03,T46U,N3,Basel,303,Carla Watcher,
                """).errors()).isEmpty();
        anna = line("805ec0006101");
        bruno = line("805ec0006102");
        carla = line("805ec0006103");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Line line(String mac) {
        return server.firstLine(mac);
    }

    @Test
    void aWatcherSeesTheExtensionIdleThenRingingThenTalkingThenIdleAgain() throws InterruptedException {
        String target = "127.0.0.1:" + server.server().sipPort();
        int calleePort = Sipp.freeUdpPort();
        Path reg = Sipp.injection(work, List.of(Sipp.credentials(bruno.extension(), bruno.authUser(), bruno.password())));
        Sipp.Run register = Sipp.start(work, "register-auth.xml", target, calleePort, "u1", reg, 1, 15, Map.of("domain", "127.0.0.1", "expires", "300"));
        assertThat(register.await(25)).as(register.output()).isZero();
        Sipp.Run callee = Sipp.start(work, "uas-ring-answer.xml", null, calleePort, "u1", null, 1, 30, Map.of());
        callee.awaitBound(calleePort);

        Path scenario = Sipp.fromTemplate(work, "subscribe-dialog.xml", Map.of("WATCHER", carla.extension(), "AUTH_USER", carla.authUser(),
                "PASSWORD", carla.password(), "WATCHED", bruno.extension(), "WATCHED_NAME", bruno.displayName(), "CALLER", anna.extension(),
                "CALLER_NAME", anna.displayName()));
        Sipp.Run watcher = Sipp.start(work, scenario.toString(), target, Sipp.freeUdpPort(), "u1", null, 1, 30, Map.of());
        // a second watcher, on the caller's extension, reads its NOTIFYs once the call is over
        SipWatcher callerWatcher = new SipWatcher(server, bruno);
        assertThat(callerWatcher.subscribe(anna.extension(), "dialog", 600).status()).isEqualTo(200);
        // the call starts once both watchers hold their subscription (and have their first, idle NOTIFY)
        long deadline = System.currentTimeMillis() + 10_000;
        while (server.server().sip().subscriptions() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.server().sip().subscriptions()).as(watcher.output()).isEqualTo(2);

        Path calls = Sipp.injection(work, List.of(anna.extension() + ";" + bruno.extension() + ";[authentication username="
                + anna.authUser() + " password=" + anna.password() + "]"));
        Sipp.Run caller = Sipp.start(work, "uac-call.xml", target, Sipp.freeUdpPort(), "u1", calls, 1, 20, Map.of("domain", "127.0.0.1"),
                "-d", "1000");
        assertThat(caller.await(30)).as(caller.output()).isZero();
        assertThat(callee.await(30)).as(callee.output()).isZero();
        assertThat(watcher.await(30)).as(watcher.output()).isZero();

        // the caller's side: trying, early and confirmed as initiator with the callee as remote, then terminated
        List<String> states = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SipMessage n = callerWatcher.notify(3_000); n != null; n = callerWatcher.notify(1_000)) {
            if (!seen.add(n.header("cseq"))) {
                continue; // a retransmission
            }
            String body = n.body();
            String state = body.contains("<state>") ? body.substring(body.indexOf("<state>") + 7, body.indexOf("</state>")) : "idle";
            states.add(state);
            if (!state.equals("idle")) {
                assertThat(body).contains("direction=\"initiator\"").contains("<remote>\n   <identity display=\"Bruno Callee\">sip:"
                        + bruno.extension() + "@");
            }
            if (state.equals("confirmed")) {
                assertThat(body).containsPattern("local-tag=\"[0-9]+C[0-9]+\" remote-tag=\"[0-9]+U[0-9]+\"");
            }
            if (state.equals("terminated")) {
                break;
            }
        }
        assertThat(states).containsExactly("idle", "trying", "early", "confirmed", "terminated");
        callerWatcher.close();
        long end = System.currentTimeMillis() + 5_000;
        while (server.server().sip().subscriptions() > 0 && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertThat(server.server().sip().subscriptions()).isZero();
    }
}
