package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.pki.TlsContexts;
import io.phonehome.sip.location.Binding;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registrar over real UDP, TCP and TLS sockets on loopback, driven by hand-written SIP (no SIP
 * library on the test side): digest with MD5 and SHA-256, RFC 3261 10.3 semantics, retransmissions,
 * bad input, and what the inventory learns.
 */
class RegistrarIT {
    static TestServer server;
    /** One line per test that registers (so no test sees another's contacts), extensions 301..316. */
    static final List<Line> lines = new java.util.ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "2", Setting.SIP_REGISTER_EXPIRES_DEFAULT_SECONDS, "600",
                Setting.SIP_MAX_CONTACTS_PER_AOR, "3", Setting.SIP_DIGEST_ALGORITHMS, "MD5,SHA-256"));
        server.createTrustingSite("Bern", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        for (int i = 1; i <= 17; i++) {
            csv.append(String.format("80:5e:c0:00:03:%02x,T46U,S%d,Bern,%d,Phone %d,%n", i, i, 300 + i, i));
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        for (int i = 1; i <= 17; i++) {
            lines.add(line(String.format("805ec00003%02x", i)));
        }
    }

    /** The line of extension 300 + n. */
    static Line l(int n) {
        return lines.get(n - 1);
    }

    static String mac(int n) {
        return String.format("805ec00003%02x", n);
    }

    static Line line(String mac) {
        return server.firstLine(mac);
    }

    @Test
    void aRetransmissionArrivingWhileTheOriginalIsHandledIsAbsorbedNeverChallenged() {
        Line line = l(17);
        int challenged = 0;
        int answered = 0;
        try (SipTestClient c = udp()) {
            for (int i = 0; i < 40; i++) {
                String callId = callId();
                SipMessage challenge = c.exchange(c.register(line.extension(), callId, 1, c.contact(line.extension()), 60, "t"));
                assertThat(challenge.status()).isEqualTo(401);
                String auth = TestDigest.sipAuthorization(challenge.all("www-authenticate").get(0), "REGISTER", c.registerUri(),
                        line.authUser(), line.password(), 1);
                // the same bytes twice, back to back: a phone's retransmission that two workers may take at once
                String authed = c.register(line.extension(), callId, 2, c.contact(line.extension()), 60, "t", "Authorization: " + auth);
                c.send(authed);
                c.send(authed);
                for (SipMessage m = c.receive(1_000); m != null; m = c.receive(300)) {
                    if (m.status() == 401) {
                        challenged++;
                    } else if (m.status() == 200) {
                        answered++;
                    }
                }
            }
        }
        assertThat(challenged).as("a retransmission answered with a 401").isZero();
        assertThat(answered).as("every REGISTER answered 200 at least once").isGreaterThanOrEqualTo(40);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static SipTestClient udp() {
        return SipTestClient.udp(server.server().sipPort());
    }

    static String callId() {
        return UUID.randomUUID() + "@test";
    }

    static SipMessage register(SipTestClient c, Line line, String callId, long cseq, Integer expires) {
        return c.registerWithDigest(line.extension(), line.authUser(), line.password(), callId, cseq, c.contact(line.extension()), expires,
                "Yealink SIP-T46U 108.86.0.20", null);
    }

    @Test
    void challengesWithMd5ThenSha256AndWritesNothing() {
        try (SipTestClient c = udp()) {
            SipMessage r = c.exchange(c.register(l(1).extension(), callId(), 1, c.contact("x"), 600, null));
            assertThat(r.status()).isEqualTo(401);
            List<String> challenges = r.all("www-authenticate");
            assertThat(challenges).hasSize(2);
            assertThat(challenges.get(0)).startsWith("Digest ").contains("realm=\"phonehome\"").contains("algorithm=MD5").contains("qop=\"auth\"");
            assertThat(challenges.get(1)).contains("algorithm=SHA-256");
            assertThat(r.header("to")).contains(";tag=");
        }
        assertThat(server.server().registrations().forExtension(l(1).extension())).noneMatch(b -> b.contact().contains("sip:x@"));
    }

    @Test
    void aRetransmittedRegisterGetsTheSameChallengeAgain() {
        try (SipTestClient c = udp()) {
            String request = c.register(l(1).extension(), callId(), 1, c.contact("x"), 600, null);
            SipMessage first = c.exchange(request);
            sleep(100);
            SipMessage again = c.exchange(request);
            assertThat(again.all("www-authenticate")).isEqualTo(first.all("www-authenticate"));
            assertThat(again.header("to")).isEqualTo(first.header("to"));
            // a new request (another branch) gets a new nonce
            SipMessage other = c.exchange(c.register(l(1).extension(), callId(), 1, c.contact("x"), 600, null));
            assertThat(other.all("www-authenticate")).isNotEqualTo(first.all("www-authenticate"));
        }
        assertThat(server.server().registrations().forExtension(l(1).extension())).noneMatch(b -> b.contact().contains("sip:x@"));
    }

    @Test
    void registersWithMd5AndTheBindingShowsWhereThePhoneIs() {
        try (SipTestClient c = udp()) {
            String id = callId();
            SipMessage ok = register(c, l(2), id, 1, 300);
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            assertThat(ok.all("contact")).singleElement().satisfies(contact -> {
                assertThat(contact).contains(c.contact(l(2).extension()));
                assertThat(SipMessage.param(contact, "expires")).isEqualTo("300");
            });
            assertThat(ok.header("date")).endsWith("GMT");
            List<Binding> b = server.server().registrations().forExtension(l(2).extension());
            assertThat(b).singleElement().satisfies(x -> {
                assertThat(x.contact()).isEqualTo(c.contact(l(2).extension()));
                assertThat(x.source()).isEqualTo("127.0.0.1:" + c.localPort());
                assertThat(x.transport()).isEqualTo("udp");
                assertThat(x.userAgent()).isEqualTo("Yealink SIP-T46U 108.86.0.20");
                assertThat(x.callId()).isEqualTo(id);
                assertThat(x.cseq()).isEqualTo(2);
            });
            long deviceId = server.server().inventory().devices().findByMac(Mac.parse(mac(2))).orElseThrow().id();
            assertThat(server.server().registrations().forDevice(deviceId)).hasSize(1);
            // and away again
            SipMessage gone = c.exchange(c.register(l(2).extension(), id, 3, c.contact(l(2).extension()), 0, null,
                    "Authorization: " + authFor(c, l(2), 3)));
            assertThat(gone.status()).isEqualTo(200);
            assertThat(gone.all("contact")).isEmpty();
            assertThat(server.server().registrations().forExtension(l(2).extension())).isEmpty();
        }
    }

    /** A fresh challenge answered for the given line (a new nonce each time). */
    static String authFor(SipTestClient c, Line line, long cseq) {
        SipMessage challenge = c.exchange(c.register(line.extension(), callId(), cseq, null, null, null));
        return TestDigest.sipAuthorization(challenge.all("www-authenticate").get(0), "REGISTER", c.registerUri(), line.authUser(),
                line.password(), 1);
    }

    @Test
    void registersWithSha256() {
        try (SipTestClient c = udp()) {
            SipMessage ok = c.registerWithDigest(l(3).extension(), l(3).authUser(), l(3).password(), callId(), 1, c.contact(l(3).extension()),
                    120, null, "SHA-256");
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            assertThat(server.server().registrations().forExtension(l(3).extension())).isNotEmpty();
        }
    }

    @Test
    void aRetransmissionIsAnsweredAgainAndAnOlderRequestDoesNotUndoANewerOne() {
        try (SipTestClient c = udp()) {
            String id = callId();
            String auth = authFor(c, l(4), 10);
            String request = c.register(l(4).extension(), id, 10, c.contact("retrans"), 600, null, "Authorization: " + auth);
            assertThat(c.exchange(request).status()).isEqualTo(200);
            // the same datagram again (its answer was "lost"): 200 again, not a replay error. Sent
            // after a moment, as a real retransmission is: a copy that arrives while the original is
            // still being handled is absorbed by jain-sip (the original's answer is on its way)
            sleep(100);
            SipMessage again = c.exchange(request);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.all("contact")).anyMatch(v -> v.contains("sip:retrans@"));
            // an older REGISTER of the same Call-ID that would remove it arrives late: ignored
            String late = c.register(l(4).extension(), id, 9, c.contact("retrans"), 0, null, "Authorization: " + authFor(c, l(4), 9));
            assertThat(c.exchange(late).status()).isEqualTo(200);
            assertThat(server.server().registrations().forExtension(l(4).extension())).anyMatch(b -> b.contact().contains("sip:retrans@"));
        }
    }

    @Test
    void aReplayedNonceCountInAnotherRequestIsRefusedButAHigherCountIsFine() {
        try (SipTestClient c = udp()) {
            SipMessage challenge = c.exchange(c.register(l(5).extension(), callId(), 1, null, null, null));
            String www = challenge.all("www-authenticate").get(0);
            String first = TestDigest.sipAuthorization(www, "REGISTER", c.registerUri(), l(5).authUser(), l(5).password(), 1);
            assertThat(c.exchange(c.register(l(5).extension(), callId(), 1, c.contact("replay1"), 600, null, "Authorization: " + first)).status())
                    .isEqualTo(200);
            // the same credentials on a different request: a replay, refused
            SipMessage replay = c.exchange(c.register(l(5).extension(), callId(), 1, c.contact("replay2"), 600, null, "Authorization: " + first));
            assertThat(replay.status()).isEqualTo(401);
            assertThat(server.server().registrations().forExtension(l(5).extension())).noneMatch(b -> b.contact().contains("sip:replay2@"));
            // the same nonce with the next count is how phones re-register without a new challenge
            String second = TestDigest.sipAuthorization(www, "REGISTER", c.registerUri(), l(5).authUser(), l(5).password(), 2);
            assertThat(c.exchange(c.register(l(5).extension(), callId(), 1, c.contact("replay3"), 600, null, "Authorization: " + second))
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void aNonceWeDidNotIssueGetsAStaleChallengeWhenThePasswordIsRight() {
        try (SipTestClient c = udp()) {
            String foreign = "Digest realm=\"phonehome\", nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\", algorithm=MD5, qop=\"auth\"";
            String auth = TestDigest.sipAuthorization(foreign, "REGISTER", c.registerUri(), l(6).authUser(), l(6).password(), 1);
            SipMessage r = c.exchange(c.register(l(6).extension(), callId(), 1, c.contact("stale"), 600, null, "Authorization: " + auth));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.all("www-authenticate")).allMatch(h -> h.toLowerCase().contains("stale=true"));
        }
    }

    @Test
    void refusesAnIntervalTooBriefAndCapsAnAbsurdOne() {
        try (SipTestClient c = udp()) {
            SipMessage brief = c.registerWithDigest(l(7).extension(), l(7).authUser(), l(7).password(), callId(), 1, c.contact("brief"), 1, null,
                    null);
            assertThat(brief.status()).isEqualTo(423);
            assertThat(brief.header("min-expires")).isEqualTo("2");
            assertThat(server.server().registrations().forExtension(l(7).extension())).noneMatch(b -> b.contact().contains("sip:brief@"));

            SipMessage huge = c.registerWithDigest(l(7).extension(), l(7).authUser(), l(7).password(), callId(), 1, c.contact("huge"), 2_000_000_000,
                    null, null);
            assertThat(huge.status()).isEqualTo(200);
            assertThat(huge.all("contact")).filteredOn(v -> v.contains("sip:huge@")).singleElement()
                    .satisfies(v -> assertThat(SipMessage.param(v, "expires")).isEqualTo("3600"));
        }
    }

    @Test
    void anOverflowingExpiresIsABadRequestAndChangesNothing() {
        try (SipTestClient c = udp()) {
            String id = callId();
            SipMessage r = c.exchange(c.register(l(8).extension(), id, 1, c.contact("ovf"), null, null, "Expires: 99999999999999999999"));
            assertThat(r.status()).isEqualTo(400);
            SipMessage p = c.exchange(c.register(l(8).extension(), id, 2, "<" + c.contact("ovf") + ">;expires=99999999999", null, null,
                    "Authorization: " + authFor(c, l(8), 2)));
            assertThat(p.status()).isEqualTo(400);
            assertThat(server.server().registrations().forExtension(l(8).extension())).noneMatch(b -> b.contact().contains("sip:ovf@"));
        }
    }

    @Test
    void wrongPasswordUnknownUserAndWrongRealmAreChallengedAgainAndLogged() throws Exception {
        try (SipTestClient c = udp()) {
            SipMessage wrong = c.registerWithDigest(l(9).extension(), l(9).authUser(), "not-the-password", callId(), 1, c.contact("w"), 600, null,
                    null);
            assertThat(wrong.status()).isEqualTo(401);
            SipMessage unknown = c.registerWithDigest("999", "no-such-user", "x", callId(), 1, c.contact("u"), 600, null, null);
            assertThat(unknown.status()).isEqualTo(401);
            SipMessage challenge = c.exchange(c.register(l(9).extension(), callId(), 1, null, null, null));
            String otherRealm = challenge.all("www-authenticate").get(0).replace("realm=\"phonehome\"", "realm=\"elsewhere\"");
            String auth = TestDigest.sipAuthorization(otherRealm, "REGISTER", c.registerUri(), l(9).authUser(), l(9).password(), 1);
            assertThat(c.exchange(c.register(l(9).extension(), callId(), 1, c.contact("r"), 600, null, "Authorization: " + auth)).status())
                    .isEqualTo(401);
        }
        assertThat(server.server().registrations().forExtension(l(9).extension())).noneMatch(b -> b.contact().matches(".*sip:[wur]@.*"));
        String log = Files.readString(server.server().securityLog().file());
        assertThat(log).contains("event=auth_failure service=sip src=127.0.0.1 method=REGISTER user=" + l(9).authUser() + " reason=bad_credentials");
        assertThat(log).contains("event=auth_failure service=sip src=127.0.0.1 method=REGISTER user=no-such-user reason=unknown_user");
        assertThat(log).doesNotContain("not-the-password").doesNotContain(l(9).password());
    }

    @Test
    void credentialsOfAnotherLineAreForbidden() {
        try (SipTestClient c = udp()) {
            SipMessage r = c.registerWithDigest(l(10).extension(), l(11).authUser(), l(11).password(), callId(), 1, c.contact("other"), 600, null, null);
            assertThat(r.status()).isEqualTo(403);
            assertThat(server.server().registrations().forExtension(l(10).extension())).noneMatch(b -> b.contact().contains("sip:other@"));
        }
    }

    @Test
    void brokenContactsAndForeignSchemesAreBadRequests() {
        try (SipTestClient c = udp()) {
            assertThat(c.registerWithDigest(l(12).extension(), l(12).authUser(), l(12).password(), callId(), 1, "<mailto:l(12)@example.com>", 600, null,
                    null).status()).isEqualTo(400);
            assertThat(c.registerWithDigest(l(12).extension(), l(12).authUser(), l(12).password(), callId(), 1, "<sip:a@127.0.0.1>;q=7", 600, null,
                    null).status()).isEqualTo(400);
            assertThat(c.registerWithDigest(l(12).extension(), l(12).authUser(), l(12).password(), callId(), 1, "*", 600, null, null).status())
                    .isEqualTo(400);
            String broken = c.register(l(12).extension(), callId(), 1, null, 600, null, "Contact: <sip:a@127.0.0.1");
            SipMessage r = c.exchange(broken);
            assertThat(r).as("an unterminated Contact is answered 400 or dropped, never 2xx").satisfiesAnyOf(
                    m -> assertThat(m).isNull(), m -> assertThat(m.status()).isEqualTo(400));
            String tel = c.register(l(12).extension(), callId(), 1, c.contact("a"), 600, null).replace("REGISTER sip:127.0.0.1:" + c.serverPort(),
                    "REGISTER tel:+41315550000");
            assertThat(c.exchange(tel).status()).isEqualTo(416);
            String require = c.register(l(12).extension(), callId(), 1, c.contact("a"), 600, null, "Require: no-such-extension");
            SipMessage bad = c.exchange(require);
            assertThat(bad.status()).isEqualTo(420);
            assertThat(bad.header("unsupported")).isEqualTo("no-such-extension");
        }
        assertThat(server.server().registrations().forExtension(l(12).extension())).noneMatch(b -> b.contact().startsWith("mailto"));
    }

    @Test
    void wildcardRemovesEveryContactOfTheLine() {
        try (SipTestClient c = udp()) {
            String id = callId();
            assertThat(c.exchange(c.register(l(13).extension(), id, 1, c.contact("w1"), 600, null, "Authorization: " + authFor(c, l(13), 1))).status())
                    .isEqualTo(200);
            assertThat(c.exchange(c.register(l(13).extension(), id, 2, c.contact("w2"), 600, null, "Authorization: " + authFor(c, l(13), 2))).status())
                    .isEqualTo(200);
            assertThat(server.server().registrations().forExtension(l(13).extension())).hasSizeGreaterThanOrEqualTo(2);
            assertThat(c.exchange(c.register(l(13).extension(), callId(), 1, "*", 0, null, "Authorization: " + authFor(c, l(13), 1))).status())
                    .isEqualTo(200);
            assertThat(server.server().registrations().forExtension(l(13).extension())).isEmpty();
        }
    }

    @Test
    void capsTheContactsOfOneLine() {
        try (SipTestClient c = udp()) {
            String id = callId();
            for (int i = 1; i <= 3; i++) {
                String auth = authFor(c, l(14), i);
                assertThat(c.exchange(c.register(l(14).extension(), id, i, c.contact("cap" + i), 600, null, "Authorization: " + auth)).status())
                        .isEqualTo(200);
            }
            SipMessage fourth = c.exchange(c.register(l(14).extension(), id, 4, c.contact("cap4"), 600, null, "Authorization: " + authFor(c, l(14), 4)));
            assertThat(fourth.status()).isEqualTo(403);
            assertThat(server.server().registrations().forExtension(l(14).extension())).noneMatch(b -> b.contact().contains("sip:cap4@"));
            c.exchange(c.register(l(14).extension(), id, 5, "*", 0, null, "Authorization: " + authFor(c, l(14), 5)));
        }
    }

    @Test
    void registersOverTcpAndTls() {
        try (SipTestClient tcp = SipTestClient.tcp(server.server().sipPort());
             SipTestClient tls = SipTestClient.tls(server.server().sipTlsPort(),
                     TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate()))) {
            assertThat(register(tcp, l(15), callId(), 1, 300).status()).isEqualTo(200);
            assertThat(register(tls, l(15), callId(), 1, 300).status()).isEqualTo(200);
            List<Binding> b = server.server().registrations().forExtension(l(15).extension());
            assertThat(b).anySatisfy(x -> {
                assertThat(x.transport()).isEqualTo("tcp");
                assertThat(x.source()).isEqualTo("127.0.0.1:" + tcp.localPort());
            });
            assertThat(b).anySatisfy(x -> {
                assertThat(x.transport()).isEqualTo("tls");
                assertThat(x.source()).isEqualTo("127.0.0.1:" + tls.localPort());
            });
        }
    }

    @Test
    void aNewFirmwareInTheUserAgentUpdatesTheDevice() {
        try (SipTestClient c = udp()) {
            SipMessage ok = c.registerWithDigest(l(16).extension(), l(16).authUser(), l(16).password(), callId(), 1, c.contact("fw"), 600,
                    "Yealink SIP-T46U 108.86.0.99", null);
            assertThat(ok.status()).isEqualTo(200);
        }
        server.server().sip().flushReports(5_000);
        server.flushRecords();
        var device = server.server().inventory().devices().findByMac(Mac.parse(mac(16))).orElseThrow();
        assertThat(device.reportedFirmware()).isEqualTo("108.86.0.99");
        List<Event> events = server.server().events().query(EventQuery.forMac(mac(16)));
        assertThat(events).anyMatch(e -> e.type().equals(EventTypes.FIRMWARE_REPORTED) && e.detail().contains("108.86.0.99"));
        assertThat(events).anyMatch(e -> e.type().equals(EventTypes.SIP_REGISTRATION) && e.outcome().equals("registered"));
    }

    @Test
    void bindingsExpireOnTime() throws Exception {
        try (SipTestClient c = udp()) {
            assertThat(c.registerWithDigest(l(3).extension(), l(3).authUser(), l(3).password(), callId(), 1, c.contact("short"), 2, null, null)
                    .status()).isEqualTo(200);
            assertThat(server.server().registrations().forExtension(l(3).extension())).anyMatch(b -> b.contact().contains("sip:short@"));
            Thread.sleep(2_100);
            assertThat(server.server().registrations().forExtension(l(3).extension())).noneMatch(b -> b.contact().contains("sip:short@"));
        }
        long deadline = System.currentTimeMillis() + 5_000;
        boolean logged = false;
        while (!logged && System.currentTimeMillis() < deadline) {
            server.server().sip().flushReports(1_000);
            server.flushRecords();
            logged = server.server().events().query(EventQuery.forMac(mac(3))).stream()
                    .anyMatch(e -> e.type().equals(EventTypes.SIP_REGISTRATION) && e.outcome().equals("expired") && e.detail().contains("sip:short@"));
            Thread.sleep(100);
        }
        assertThat(logged).as("an expired event for the short registration").isTrue();
    }

    @Test
    void anOversizedMessageDoesNotBreakTheRegistrar() {
        try (SipTestClient c = udp()) {
            String big = c.register(l(12).extension(), callId(), 1, c.contact("big"), 600, null, "X-Padding: " + "a".repeat(20_000));
            SipMessage r = c.exchange(big);
            assertThat(r).as("too large for the registrar: an error or silence, never a binding").satisfiesAnyOf(
                    m -> assertThat(m).isNull(), m -> assertThat(m.status()).isBetween(400, 599));
            assertThat(register(c, l(12), callId(), 1, 600).status()).isEqualTo(200);
        }
        assertThat(server.server().registrations().forExtension(l(12).extension())).noneMatch(b -> b.contact().contains("sip:big@"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
