package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.config.Setting;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.testing.Json;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two customers on one installation, each with its own SIP domain and the same extensions 200
 * and 201 (issue 17), against the real server: each phone registers at its customer's domain with
 * its own password and realm; credentials of one customer open nothing at the other's domain; an
 * unknown domain is refused; a call from A's 200 to 201 (SIPp) rings A's 201 and never B's; busy
 * lamps and message lamps stay inside each customer; A's configuration names A's domain; an
 * import takes the same extension at both customers and refuses it twice inside one.
 */
class CustomerDomainsIT {
    static final String DOMAIN_A = "a.example";
    static final String DOMAIN_B = "b.example";
    @TempDir
    static Path work;
    static TestServer server;
    static String admin;
    static long customerA;
    static long customerB;
    static Line a200;
    static Line a201;
    static Line b200;
    static Line b201;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10"));
        admin = server.adminToken();
        // the domain is a host name, stored in lower case; one per customer
        JsonNode a = Json.parse(server.adminJson("POST", "/api/v1/customers", admin,
                "{\"name\":\"Acme AG\",\"slug\":\"acme\",\"sip_domain\":\"A.Example\"}").body());
        assertThat(a.get("sip_domain").asText()).isEqualTo(DOMAIN_A);
        customerA = a.get("id").asLong();
        customerB = server.createCustomer("Beta GmbH", "beta", "b.example");
        server.createTrustingSite(customerA, "Alpha", "Europe/Zurich");
        server.createTrustingSite(customerB, "Beta", "Europe/Zurich");
        ImportReport report = server.importCsv("""
                mac,model,serial,site,extension,display_name
                80:5e:c0:00:71:01,T46U,A1,Alpha,200,Anna Acme
                80:5e:c0:00:71:02,T46U,A2,Alpha,201,Bruno Acme
                80:5e:c0:00:71:03,T46U,B1,Beta,200,Anna Beta
                80:5e:c0:00:71:04,T46U,B2,Beta,201,Bruno Beta
                """);
        assertThat(report.errors()).isEmpty();
        a200 = server.firstLine("805ec0007101");
        a201 = server.firstLine("805ec0007102");
        b200 = server.firstLine("805ec0007103");
        b201 = server.firstLine("805ec0007104");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSameExtensionAtTwoCustomersIsAcceptedAndTwiceInsideOneCustomerIsARowError() {
        assertThat(a200.extension()).isEqualTo(b200.extension());
        assertThat(a200.customerId()).isEqualTo(customerA);
        assertThat(b200.customerId()).isEqualTo(customerB);
        assertThat(a200.authUser()).isEqualTo(b200.authUser()); // both default to the extension
        assertThat(a200.password()).isNotEqualTo(b200.password());

        ImportReport twice = server.importCsv("""
                mac,model,serial,site,extension,display_name
                80:5e:c0:00:71:11,T46U,A3,Alpha,202,Carla Acme
                80:5e:c0:00:71:12,T46U,A4,Alpha,202,Dora Acme
                80:5e:c0:00:71:13,T46U,A5,Alpha,201,Emil Acme
                80:5e:c0:00:71:14,T46U,B3,Beta,202,Carla Beta
                """);
        assertThat(twice.errors()).extracting(FieldError::row, FieldError::field)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(3, "extension"), org.assertj.core.groups.Tuple.tuple(4, "extension"));
        assertThat(twice.errors()).extracting(FieldError::message).anySatisfy(m -> assertThat(m).contains("also given"))
                .anySatisfy(m -> assertThat(m).contains("already used by 80:5e:c0:00:71:02"));
        // nothing of a refused file is written
        assertThat(server.server().inventory().devices().findByMac(io.phonehome.inventory.Mac.parse("80:5e:c0:00:71:14"))).isEmpty();
    }

    @Test
    void aSiteMovesToAnotherCustomerOnlyWhenNoneOfItsExtensionsIsTakenThere() {
        long gamma = server.server().inventory().createSite(SiteSpec.named("Gamma", "Europe/Zurich")).id();
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name
                80:5e:c0:00:71:21,T46U,G1,Gamma,201,Gina Default
                """).errors()).isEmpty();
        // A has a 201 already: the move is refused and nothing moves
        HttpResponse<String> refused = server.adminJson("PATCH", "/api/v1/sites/" + gamma, admin, "{\"customer_id\":" + customerA + "}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(server.firstLine("805ec0007121").customerId()).isNotEqualTo(customerA);
        assertThat(server.server().inventory().sites().findById(gamma).orElseThrow().customerId()).isNotEqualTo(customerA);
    }

    @Test
    void aCustomersSipDomainIsAHostNameNoOtherCustomerHas() {
        assertThat(server.adminJson("PATCH", "/api/v1/customers/" + customerB, admin, "{\"sip_domain\":\"a.example\"}").statusCode()).isEqualTo(409);
        for (String bad : List.of("not a host", "192.0.2.1", "-x.example", "single")) {
            HttpResponse<String> r = server.adminJson("PATCH", "/api/v1/customers/" + customerB, admin, "{\"sip_domain\":\"" + bad + "\"}");
            assertThat(r.statusCode()).as(bad).isEqualTo(422);
            assertThat(r.body()).contains("sip_domain");
        }
        assertThat(Json.parse(server.adminGet("/api/v1/customers/" + customerB, admin).body()).get("sip_domain").asText()).isEqualTo(DOMAIN_B);
    }

    @Test
    void eachPhoneRegistersAtItsCustomersDomainInItsRealmAndCredentialsNeverCrossCustomers() {
        try (SipTestClient a = SipTestClient.udp(server.server().sipPort()); SipTestClient b = SipTestClient.udp(server.server().sipPort())) {
            SipMessage challenge = a.exchange(register(a, "200", DOMAIN_A, "r-" + UUID.randomUUID(), 1, null));
            assertThat(challenge.status()).isEqualTo(401);
            assertThat(challenge.header("www-authenticate")).contains("realm=\"" + DOMAIN_A + "\"");
            assertThat(registerWithDigest(a, a200, DOMAIN_A).status()).isEqualTo(200);
            SipMessage okB = registerWithDigest(b, b200, DOMAIN_B);
            assertThat(okB.status()).isEqualTo(200);
            // B's 200 shows B's phone only: A's registration is another line
            assertThat(okB.all("contact")).hasSize(1).allSatisfy(c -> assertThat(c).contains(":" + b.localPort()));

            // A's credentials at B's domain: no line of B has them, so never a 200
            SipMessage crossed = registerWithDigest(a, a200, DOMAIN_B);
            assertThat(crossed.status()).isNotEqualTo(200).isIn(401, 403);
            // a domain no customer has: refused, never taken for the default customer
            SipMessage unknown = a.exchange(register(a, "200", "c.example", "r-" + UUID.randomUUID(), 1, null));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.startLine()).contains("unknown SIP domain");
        }
    }

    @Test
    void aCallFromA200To201RingsA201OnlyAndEachCustomersLampsSeeItsOwnLines() throws InterruptedException {
        String target = "127.0.0.1:" + server.server().sipPort();
        int calleePort = Sipp.freeUdpPort();
        Path reg = Sipp.injection(work, List.of(Sipp.credentials(a201.extension(), a201.authUser(), a201.password())));
        Sipp.Run register = Sipp.start(work, "register-auth.xml", target, calleePort, "u1", reg, 1, 15, Map.of("domain", DOMAIN_A, "expires", "300"));
        assertThat(register.await(25)).as(register.output()).isZero();
        Sipp.Run callee = Sipp.start(work, "uas-ring-answer.xml", null, calleePort, "u1", null, 1, 30, Map.of());
        callee.awaitBound(calleePort);

        try (SipTestClient otherCallee = SipTestClient.udp(server.server().sipPort());
             SipTestClient watcherA = SipTestClient.udp(server.server().sipPort());
             SipTestClient watcherB = SipTestClient.udp(server.server().sipPort());
             SipTestClient mailA = SipTestClient.udp(server.server().sipPort());
             SipTestClient mailB = SipTestClient.udp(server.server().sipPort())) {
            // B's 201 is registered too: the call must not find it
            assertThat(registerWithDigest(otherCallee, b201, DOMAIN_B).status()).isEqualTo(200);
            // each customer's 200 watches its own 201; each 201 watches its own mailbox
            assertThat(subscribe(watcherA, a200, DOMAIN_A, "201", "dialog").status()).isEqualTo(200);
            assertThat(subscribe(watcherB, b200, DOMAIN_B, "201", "dialog").status()).isEqualTo(200);
            assertThat(subscribe(mailA, a201, DOMAIN_A, "201", "message-summary").status()).isEqualTo(200);
            assertThat(subscribe(mailB, b201, DOMAIN_B, "201", "message-summary").status()).isEqualTo(200);
            assertThat(bodies(watcherA, 2_000, 1).get(0)).contains("entity=\"sip:201@" + DOMAIN_A + "\"");
            assertThat(bodies(watcherB, 2_000, 1).get(0)).contains("entity=\"sip:201@" + DOMAIN_B + "\"");
            assertThat(bodies(mailA, 2_000, 1).get(0)).contains("Message-Account: sip:201@" + DOMAIN_A);
            assertThat(bodies(mailB, 2_000, 1).get(0)).contains("Message-Account: sip:201@" + DOMAIN_B);

            Path calls = Sipp.injection(work, List.of(a200.extension() + ";" + a201.extension() + ";[authentication username="
                    + a200.authUser() + " password=" + a200.password() + "]"));
            Sipp.Run caller = Sipp.start(work, "uac-call.xml", target, Sipp.freeUdpPort(), "u1", calls, 1, 20, Map.of("domain", DOMAIN_A),
                    "-d", "500");
            assertThat(caller.await(30)).as(caller.output()).isZero();
            assertThat(callee.await(30)).as(callee.output()).isZero();

            // A's lamp on 201 went through the call; B's lamp on its own 201 stayed dark
            List<String> seenByA = new ArrayList<>();
            long until = System.currentTimeMillis() + 10_000;
            while (seenByA.stream().noneMatch(b -> b.contains("<state>terminated</state>")) && System.currentTimeMillis() < until) {
                seenByA.addAll(bodies(watcherA, 500, 1));
            }
            assertThat(String.join("\n", seenByA)).contains("<state>confirmed</state>").contains("<state>terminated</state>")
                    .contains("sip:200@" + DOMAIN_A);
            assertThat(bodies(watcherB, 1_000, 1)).isEmpty();
            // B's 201 never heard of the call
            assertThat(requests(otherCallee, 500)).noneMatch(m -> m.method().equals("INVITE"));

            // a message waiting for A's 201 (by its address of record) lights A's 201 lamp only
            server.server().sip().messageWaiting().messagesWaiting("201@" + DOMAIN_A, 1, 0);
            List<String> lamp = bodies(mailA, 5_000, 1);
            assertThat(lamp).isNotEmpty();
            assertThat(lamp.get(0)).contains("Messages-Waiting: yes").contains("Message-Account: sip:201@" + DOMAIN_A);
            assertThat(bodies(mailB, 1_000, 1)).isEmpty();
            // a bare extension that two customers have names no lamp (refused, never guessed); mailboxes name the customer
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.server().sip().messageWaiting().messagesWaiting("201", 2, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aBusyLampKeyWatchesAnExtensionOfItsOwnCustomerOnly() {
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name
                80:5e:c0:00:71:05,T46U,A5,Alpha,205,Carla Acme
                """).errors()).isEmpty();
        // 201 is both customers': B's phone watches B's 201
        var ok = server.adminJson("PUT", "/api/v1/devices/805ec0007103/keys", admin,
                "{\"keys\":[{\"position\":1,\"type\":\"blf\",\"value\":\"201\",\"label\":\"Bruno\"}]}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        // 205 is Acme's only: refused for Beta's phone, accepted for Acme's
        var refused = server.adminJson("PUT", "/api/v1/devices/805ec0007103/keys", admin,
                "{\"keys\":[{\"position\":1,\"type\":\"blf\",\"value\":\"205\",\"label\":\"Carla\"}]}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("205").contains("customer");
        var mine = server.adminJson("PUT", "/api/v1/devices/805ec0007101/keys", admin,
                "{\"keys\":[{\"position\":1,\"type\":\"blf\",\"value\":\"205\",\"label\":\"Carla\"}]}");
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
    }

    @Test
    void aCommissioningListNamesTheCustomerOfAnExtensionSeveralCustomersHave() {
        for (String[] c : new String[][] {
                {"extension\n201\n", "several customers"},
                {"extension,customer\n201,nobody\n", "no customer nobody"},
                {"extension,customer\n299,beta\n", "no line 299"}}) {
            var r = server.admin("POST", "/api/v1/commissioning/list", admin, "text/csv; charset=utf-8", c[0].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
            assertThat(r.body()).contains(c[1]);
        }
    }

    @Test
    void aPhonesConfigurationNamesItsCustomersDomain() {
        HttpResponse<String> cfg = server.get("805ec0007101.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:00:71:01");
        assertThat(cfg.statusCode()).as(cfg.body()).isEqualTo(200);
        assertThat(KeyValueConfig.parse(cfg.body())).containsEntry("account.1.sip_server.1.address", DOMAIN_A)
                .containsEntry("account.1.user_name", "200");
    }

    // ------------------------------------------------------------------ a phone's raw SIP

    static String register(SipTestClient c, String user, String domain, String callId, long cseq, String authorization) {
        return request(c, "REGISTER", "sip:" + domain, user, domain, user, callId, cseq, "Contact: <" + c.contact(user) + ">", "Expires: 300",
                authorization == null ? null : "Authorization: " + authorization);
    }

    static SipMessage registerWithDigest(SipTestClient c, Line line, String domain) {
        String callId = "r-" + UUID.randomUUID();
        SipMessage challenge = c.exchange(register(c, line.extension(), domain, callId, 1, null));
        if (challenge.status() != 401) {
            return challenge;
        }
        String auth = TestDigest.sipAuthorization(challenge.header("www-authenticate"), "REGISTER", "sip:" + domain, line.authUser(),
                line.password(), 1);
        return c.exchange(register(c, line.extension(), domain, callId, 2, auth));
    }

    static SipMessage subscribe(SipTestClient c, Line line, String domain, String watched, String event) {
        String callId = "s-" + UUID.randomUUID();
        String uri = "sip:" + watched + "@" + domain;
        String text = request(c, "SUBSCRIBE", uri, line.extension(), domain, watched, callId, 1, "Contact: <" + c.contact(line.extension()) + ">",
                "Event: " + event, "Expires: 600", null);
        SipMessage challenge = exchangeAnsweringNotifies(c, text);
        if (challenge.status() != 401) {
            return challenge;
        }
        String auth = TestDigest.sipAuthorization(challenge.header("www-authenticate"), "SUBSCRIBE", uri, line.authUser(), line.password(), 1);
        return exchangeAnsweringNotifies(c, request(c, "SUBSCRIBE", uri, line.extension(), domain, watched, callId, 2,
                "Contact: <" + c.contact(line.extension()) + ">", "Event: " + event, "Expires: 600", "Authorization: " + auth));
    }

    static String request(SipTestClient c, String method, String uri, String fromUser, String domain, String toUser, String callId, long cseq,
                          String... extra) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(uri).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/UDP 127.0.0.1:").append(c.localPort()).append(";branch=").append(SipTestClient.branch()).append(";rport\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:").append(fromUser).append('@').append(domain).append(">;tag=").append(Integer.toHexString(callId.hashCode())).append("\r\n");
        sb.append("To: <sip:").append(toUser).append('@').append(domain).append(">\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        for (String e : extra) {
            if (e != null) {
                sb.append(e).append("\r\n");
            }
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    /** Sends a request and returns its final response; NOTIFYs arriving meanwhile are answered and kept for {@link #bodies}. */
    static SipMessage exchangeAnsweringNotifies(SipTestClient c, String text) {
        c.send(text);
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            SipMessage m = c.receive(Math.max(1, deadline - System.currentTimeMillis()));
            if (m == null) {
                break;
            }
            if (!m.isResponse()) {
                answer(c, m);
                if (m.method().equals("NOTIFY")) {
                    held.computeIfAbsent(c, k -> new ArrayList<>()).add(m.body());
                }
            } else if (m.status() >= 200) {
                return m;
            }
        }
        throw new AssertionError("no final response to " + text);
    }

    static final Map<SipTestClient, List<String>> held = new java.util.concurrent.ConcurrentHashMap<>();

    /** The bodies of the NOTIFYs this client gets (answered with 200) until {@code count} or {@code millis}; retransmissions once. */
    static List<String> bodies(SipTestClient c, long millis, int count) {
        List<String> out = new ArrayList<>(held.getOrDefault(c, List.of()));
        held.remove(c);
        Set<String> seen = new java.util.HashSet<>();
        long deadline = System.currentTimeMillis() + millis;
        while (out.size() < count && System.currentTimeMillis() < deadline) {
            SipMessage m = c.receive(Math.max(1, deadline - System.currentTimeMillis()));
            if (m == null) {
                break;
            }
            if (!m.isResponse()) {
                answer(c, m);
                if (m.method().equals("NOTIFY") && seen.add(m.header("cseq") + m.header("call-id"))) {
                    out.add(m.body());
                }
            }
        }
        return out;
    }

    /** Every request this client gets for {@code millis}, each answered (200, or 486 to an INVITE). */
    static List<SipMessage> requests(SipTestClient c, long millis) {
        List<SipMessage> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            SipMessage m = c.receive(Math.max(1, deadline - System.currentTimeMillis()));
            if (m == null) {
                break;
            }
            if (!m.isResponse()) {
                answer(c, m);
                out.add(m);
            }
        }
        return out;
    }

    static void answer(SipTestClient c, SipMessage request) {
        if (request.method().equals("ACK")) {
            return;
        }
        boolean invite = request.method().equals("INVITE");
        StringBuilder sb = new StringBuilder(invite ? "SIP/2.0 486 Busy Here\r\n" : "SIP/2.0 200 OK\r\n");
        for (String via : request.all("via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(request.header("from")).append("\r\n");
        sb.append("To: ").append(request.header("to")).append(invite ? ";tag=busy" : "").append("\r\n");
        sb.append("Call-ID: ").append(request.header("call-id")).append("\r\n");
        sb.append("CSeq: ").append(request.header("cseq")).append("\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        c.send(sb.toString());
    }
}
