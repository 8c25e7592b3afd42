package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The subscription rules of the SIP core's notifier (RFC 6665) with a raw SIP peer on loopback:
 * message lamps through the MessageWaiting port (subscribed and unsolicited), Expires
 * negotiation, refresh, unsubscribe, expiry, 489 for other packages, who may watch whom, the
 * limits, a NOTIFY answered 481, retransmissions, and malformed SUBSCRIBEs refused without a 500.
 */
class SubscriptionsIT {
    static TestServer server;
    static Line anna;
    static Line bruno;
    static Line carla;
    static Line dora;
    static Line zoe;

    @BeforeAll
    static void start() {
        server = TestServer.withSip(Map.of(Setting.SIP_SUBSCRIBE_EXPIRES_MIN_SECONDS, "2", Setting.SIP_SUBSCRIPTIONS_PER_LINE, "3",
                Setting.SIP_SUBSCRIPTIONS_MAX, "5", Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10"));
        server.createTrustingSite("Basel", "Europe/Zurich");
        server.createTrustingSite("Zurich", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:71:01,T46U,N1,Basel,401,Anna Muster,
                80:5e:c0:00:71:02,T46U,N2,Basel,402,Bruno Muster,
                80:5e:c0:00:71:03,T46U,N3,Basel,403,Carla Muster,
                80:5e:c0:00:71:04,T46U,N4,Basel,404,Dora Muster,
                80:5e:c0:00:71:09,T46U,N9,Zurich,409,Zoe Elsewhere,
                """).errors()).isEmpty();
        anna = line("805ec0007101");
        bruno = line("805ec0007102");
        carla = line("805ec0007103");
        dora = line("805ec0007104");
        zoe = line("805ec0007109");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Line line(String mac) {
        return server.firstLine(mac);
    }

    static void awaitSubscriptions(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (server.server().sip().subscriptions() != n && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.server().sip().subscriptions()).isEqualTo(n);
    }

    @Test
    void theMessageLampFollowsTheMessageWaitingPortOnTheSubscriptionsDialog() throws InterruptedException {
        int before = server.server().sip().subscriptions();
        try (SipWatcher w = new SipWatcher(server, anna)) {
            SipMessage ok = w.subscribe(anna.extension(), "message-summary", 600, "Accept: application/simple-message-summary");
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            assertThat(ok.header("expires")).isEqualTo("600");
            String ourTag = SipMessage.param(ok.header("to"), "tag");

            SipMessage first = w.notify(3_000);
            assertThat(first).isNotNull();
            assertThat(first.header("event")).isEqualTo("message-summary");
            assertThat(first.header("subscription-state")).startsWith("active;expires=");
            assertThat(first.header("content-type")).isEqualTo("application/simple-message-summary");
            assertThat(first.body()).contains("Messages-Waiting: no\r\n").contains("Voice-Message: 0/0 (0/0)\r\n");

            server.server().sip().messageWaiting().messagesWaiting(anna.extension(), 2, 5);
            SipMessage lit = w.notify(3_000);
            assertThat(lit).isNotNull();
            assertThat(lit.body()).isEqualTo("Messages-Waiting: yes\r\nMessage-Account: sip:" + anna.extension() + "@"
                    + server.server().sip().advertisedHost() + "\r\nVoice-Message: 2/5 (0/0)\r\n");
            // in the subscription's dialog: same Call-ID, the tags swapped, our CSeq growing
            assertThat(lit.header("call-id")).isEqualTo(first.header("call-id"));
            assertThat(SipMessage.param(lit.header("from"), "tag")).isEqualTo(ourTag);
            assertThat(lit.header("to")).isEqualTo(first.header("to"));
            assertThat(cseq(lit)).isGreaterThan(cseq(first));
            assertThat(lit.startLine()).startsWith("NOTIFY " + w.client.contact(anna.extension()));

            String[] sub = w.open.remove(0);
            SipMessage bye = w.subscribe(sub[0], sub[1], 0, sub[2], sub[3], sub[4], 10);
            assertThat(bye.status()).isEqualTo(200);
            assertThat(bye.header("expires")).isEqualTo("0");
            SipMessage last = w.notify(3_000);
            assertThat(last.header("subscription-state")).isEqualTo("terminated");
            assertThat(last.body()).contains("Voice-Message: 2/5 (0/0)");
            awaitSubscriptions(before);
        } finally {
            server.server().sip().messageWaiting().messagesWaiting(anna.extension(), 0, 0);
        }
    }

    static long cseq(SipMessage m) {
        return Long.parseLong(m.header("cseq").split(" ")[0]);
    }

    @Test
    void aLineWithoutSubscriptionGetsTheSummaryUnsolicitedOnItsRegisteredContact() {
        try (SipWatcher phone = new SipWatcher(server, bruno)) {
            SipTestClient c = phone.client;
            SipMessage reg = c.registerWithDigest(bruno.extension(), bruno.authUser(), bruno.password(), UUID.randomUUID().toString(), 1,
                    c.contact(bruno.extension()), 60, "test-phone", null);
            assertThat(reg.status()).isEqualTo(200);
            server.server().sip().messageWaiting().messagesWaiting(bruno.extension(), 1, 0);
            SipMessage n = phone.notify(3_000);
            assertThat(n).isNotNull();
            assertThat(n.startLine()).startsWith("NOTIFY " + c.contact(bruno.extension()));
            assertThat(n.header("event")).isEqualTo("message-summary");
            assertThat(n.header("content-type")).isEqualTo("application/simple-message-summary");
            assertThat(n.body()).startsWith("Messages-Waiting: yes\r\n").contains("Voice-Message: 1/0 (0/0)");
            // the count unchanged: no second NOTIFY
            server.server().sip().messageWaiting().messagesWaiting(bruno.extension(), 1, 0);
            assertThat(phone.notify(700)).isNull();
            c.registerWithDigest(bruno.extension(), bruno.authUser(), bruno.password(), UUID.randomUUID().toString(), 5,
                    c.contact(bruno.extension()), 0, "test-phone", null);
        }
    }

    @Test
    void aPhoneThatRegistersWhileMessagesWaitGetsItsLampAtOnce() {
        server.server().sip().messageWaiting().messagesWaiting(carla.extension(), 4, 1);
        try (SipWatcher phone = new SipWatcher(server, carla)) {
            SipTestClient c = phone.client;
            SipMessage reg = c.registerWithDigest(carla.extension(), carla.authUser(), carla.password(), UUID.randomUUID().toString(), 1,
                    c.contact(carla.extension()), 60, "test-phone", null);
            assertThat(reg.status()).isEqualTo(200);
            SipMessage n = phone.notify(3_000);
            assertThat(n).isNotNull();
            assertThat(n.header("event")).isEqualTo("message-summary");
            assertThat(n.body()).startsWith("Messages-Waiting: yes\r\n").contains("Voice-Message: 4/1 (0/0)");
            c.registerWithDigest(carla.extension(), carla.authUser(), carla.password(), UUID.randomUUID().toString(), 5,
                    c.contact(carla.extension()), 0, "test-phone", null);
        } finally {
            server.server().sip().messageWaiting().messagesWaiting(carla.extension(), 0, 0);
        }
    }

    @Test
    void anotherEventPackageGets489NamingTheOnesServed() {
        try (SipWatcher w = new SipWatcher(server, anna)) {
            for (String event : List.of("presence", "dialog.winfo", "Dialog", "message-summary.winfo", "ua-profile;profile-type=device")) {
                SipMessage r = w.subscribe(bruno.extension(), event, 600);
                assertThat(r.status()).as(event).isEqualTo(489);
                assertThat(r.all("allow-events").stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim))
                        .as(event).containsExactlyInAnyOrder("dialog", "message-summary");
            }
        }
    }

    @Test
    void malformedSubscribesAreRefusedWithTheirReasonNeverA500() throws InterruptedException {
        int before = server.server().sip().subscriptions();
        try (SipWatcher w = new SipWatcher(server, anna)) {
            record Case(String name, String event, Integer expires, String[] extra, int status) {
            }
            List<Case> cases = List.of(
                    new Case("no Event", null, 600, new String[0], 400),
                    new Case("empty Event", "", 600, new String[0], 400),
                    new Case("Event of punctuation", ";;;=", 600, new String[0], 400),
                    new Case("Expires not a number", "dialog", null, new String[] {"Expires: soon"}, 400),
                    new Case("negative Expires", "dialog", -5, new String[0], 400),
                    new Case("Accept of another type", "dialog", 600, new String[] {"Accept: text/plain"}, 406),
                    new Case("Contact not a SIP URI", "dialog", 600, new String[] {"Contact: <mailto:a@b>"}, 400),
                    new Case("Contact malformed", "dialog", 600, new String[] {"Contact: <sip:@@@>;;"}, 400));
            for (Case c : cases) {
                String text = w.subscribeText(bruno.extension(), c.event(), c.expires(), UUID.randomUUID().toString(), "t1", null, 1, c.extra());
                if (c.name().startsWith("Contact")) {
                    text = text.replaceFirst("Contact: <sip:[^\r]*\r\n", "");
                }
                SipMessage r = w.exchange(text);
                assertThat(r).as(c.name()).isNotNull();
                assertThat(r.status()).as(c.name() + ": " + r.startLine()).isEqualTo(c.status());
            }
        }
        assertThat(server.server().sip().subscriptions()).isEqualTo(before);
    }

    @Test
    void anIntervalTooBriefGets423WithMinExpiresAndALongOneIsShortened() {
        try (SipWatcher w = new SipWatcher(server, carla)) {
            SipMessage brief = w.subscribe(bruno.extension(), "dialog", 1);
            assertThat(brief.status()).isEqualTo(423);
            assertThat(brief.header("min-expires")).isEqualTo("2");
            SipMessage longOne = w.subscribe(bruno.extension(), "dialog", 999_999);
            assertThat(longOne.status()).isEqualTo(200);
            assertThat(longOne.header("expires")).isEqualTo("3600");
            SipMessage noExpires = w.subscribe(bruno.extension(), "dialog", null);
            assertThat(noExpires.status()).isEqualTo(200);
            assertThat(noExpires.header("expires")).isEqualTo("3600");
        }
    }

    @Test
    void anUnrefreshedSubscriptionEndsWithATerminatedTimeoutNotify() throws InterruptedException {
        int before = server.server().sip().subscriptions();
        try (SipWatcher w = new SipWatcher(server, dora)) {
            SipMessage ok = w.subscribe(bruno.extension(), "dialog", 2);
            assertThat(ok.status()).isEqualTo(200);
            w.open.clear();
            SipMessage first = w.notify(3_000);
            assertThat(first.header("subscription-state")).isEqualTo("active;expires=2");
            assertThat(first.body()).contains("version=\"0\"");
            SipMessage last = w.notify(5_000);
            assertThat(last).isNotNull();
            assertThat(last.header("subscription-state")).isEqualTo("terminated;reason=timeout");
            assertThat(last.body()).contains("version=\"1\"");
            awaitSubscriptions(before);
        }
    }

    @Test
    void aRefreshExtendsTheSubscriptionAndAnUnknownDialogGets481() {
        try (SipWatcher w = new SipWatcher(server, carla)) {
            String callId = UUID.randomUUID().toString();
            SipMessage ok = w.subscribe(anna.extension(), "dialog", 60, callId, "r1", null, 1);
            assertThat(ok.status()).isEqualTo(200);
            String tag = SipMessage.param(ok.header("to"), "tag");
            assertThat(w.notify(3_000)).isNotNull();
            SipMessage refreshed = w.subscribe(anna.extension(), "dialog", 300, callId, "r1", tag, 3);
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(refreshed.header("expires")).isEqualTo("300");
            SipMessage n = w.notify(3_000);
            assertThat(n.header("subscription-state")).isEqualTo("active;expires=300");
            assertThat(n.body()).contains("version=\"1\"");
            SipMessage unknown = w.subscribe(anna.extension(), "dialog", 300, callId, "r1", "not-our-tag", 5);
            assertThat(unknown.status()).isEqualTo(481);
        }
    }

    @Test
    void aRetransmittedSubscribeIsAnsweredAgainWithoutASecondNotify() {
        try (SipWatcher w = new SipWatcher(server, carla)) {
            SipMessage ok = w.subscribe(anna.extension(), "dialog", 60);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(w.notify(3_000)).isNotNull();
            SipMessage again = w.exchange(w.lastSent);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.header("to")).isEqualTo(ok.header("to"));
            assertThat(w.notify(700)).isNull();
        }
    }

    @Test
    void aLineWatchesExtensionsOfItsOwnSiteAndOnlyItsOwnMailbox() {
        try (SipWatcher w = new SipWatcher(server, anna)) {
            SipMessage otherSite = w.subscribe(zoe.extension(), "dialog", 600);
            assertThat(otherSite.status()).isEqualTo(403);
            assertThat(otherSite.startLine()).contains("another site");
            SipMessage othersMailbox = w.subscribe(bruno.extension(), "message-summary", 600);
            assertThat(othersMailbox.status()).isEqualTo(403);
            SipMessage unknown = w.subscribe("49999", "dialog", 600);
            assertThat(unknown.status()).isEqualTo(404);
        }
    }

    @Test
    void aSubscriptionNeedsTheLinesOwnCredentials() throws InterruptedException {
        int before = server.server().sip().subscriptions();
        try (SipWatcher w = new SipWatcher(server, anna)) {
            // credentials of another line than the From names
            SipWatcher liar = new SipWatcher(server, new Line(anna.id(), anna.deviceId(), 1, anna.extension(), "", "", bruno.authUser(), bruno.password(),
                    anna.transport(), anna.srtp(), anna.customerId()));
            SipMessage r = liar.subscribe(carla.extension(), "dialog", 600);
            liar.client.close();
            assertThat(r.status()).isEqualTo(403);
            // no credentials at all, many times: each a stateless challenge, nothing held
            for (int i = 0; i < 50; i++) {
                SipMessage c = w.exchange(w.subscribeText(bruno.extension(), "dialog", 600, "flood-" + i, "f" + i, null, 1));
                assertThat(c.status()).isEqualTo(401);
            }
        }
        assertThat(server.server().sip().subscriptions()).isEqualTo(before);
    }

    @Test
    void subscriptionsBeyondTheLinesLimitOrTheTotalAreRefused() throws InterruptedException {
        int before = server.server().sip().subscriptions();
        assertThat(before).isZero();
        try (SipWatcher c = new SipWatcher(server, carla); SipWatcher d = new SipWatcher(server, dora)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.subscribe(anna.extension(), "dialog", 600).status()).isEqualTo(200);
            }
            SipMessage lineFull = c.subscribe(anna.extension(), "dialog", 600);
            assertThat(lineFull.status()).isEqualTo(403);
            assertThat(lineFull.startLine()).contains("3 subscriptions");
            assertThat(d.subscribe(anna.extension(), "dialog", 600).status()).isEqualTo(200);
            assertThat(d.subscribe(anna.extension(), "dialog", 600).status()).isEqualTo(200);
            SipMessage full = d.subscribe(anna.extension(), "dialog", 600);
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.header("retry-after")).isEqualTo("300");
        }
        awaitSubscriptions(0);
    }

    @Test
    void anInitialSubscribeWithExpiresZeroFetchesTheStateOnceAndKeepsNothing() throws InterruptedException {
        int before = server.server().sip().subscriptions();
        try (SipWatcher w = new SipWatcher(server, carla)) {
            assertThat(w.subscribe(anna.extension(), "message-summary", 0).status()).as("another line's mailbox").isEqualTo(403);
            SipMessage ok = w.subscribe(carla.extension(), "message-summary", 0);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("expires")).isEqualTo("0");
            SipMessage n = w.notify(3_000);
            assertThat(n.header("subscription-state")).isEqualTo("terminated;reason=timeout");
            assertThat(n.body()).startsWith("Messages-Waiting: no");
        }
        assertThat(server.server().sip().subscriptions()).isEqualTo(before);
    }

    @Test
    void aSubscriptionOverTcpGetsItsNotifiesOnItsConnection() throws InterruptedException {
        int before = server.server().sip().subscriptions();
        try (SipWatcher w = new SipWatcher(server, dora, SipTestClient.tcp(server.server().sipPort()))) {
            SipMessage ok = w.subscribe(dora.extension(), "message-summary", 600);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(w.notify(3_000).body()).contains("Voice-Message: 0/0");
            server.server().sip().messageWaiting().messagesWaiting(dora.extension(), 3, 0);
            SipMessage n = w.notify(3_000);
            assertThat(n).isNotNull();
            assertThat(n.all("via").get(0)).startsWith("SIP/2.0/TCP");
            assertThat(n.body()).contains("Voice-Message: 3/0 (0/0)");
        } finally {
            server.server().sip().messageWaiting().messagesWaiting(dora.extension(), 0, 0);
        }
        awaitSubscriptions(before);
    }

    @Test
    void aNotifyAnswered481EndsTheSubscription() throws InterruptedException {
        int before = server.server().sip().subscriptions();
        try (SipWatcher w = new SipWatcher(server, dora)) {
            w.answerNotifiesWith = 481;
            SipMessage ok = w.subscribe(bruno.extension(), "dialog", 600);
            assertThat(ok.status()).isEqualTo(200);
            w.open.clear();
            assertThat(w.notify(3_000)).isNotNull();
            awaitSubscriptions(before);
        }
    }
}
