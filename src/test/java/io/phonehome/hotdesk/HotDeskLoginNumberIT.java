package io.phonehome.hotdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.Pcaps;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot-desk login number with real peers: a SIPp phone on a free desk calls the site's
 * {@code hotdesk.login_number}, presses the extension and PIN (RFC 2833 events replayed from the
 * pcaps SIPp ships, or SIP INFO), is logged in exactly as by the feature code, and the desk's
 * next configuration fetch carries the user's line and the user's programmable keys.
 */
class HotDeskLoginNumberIT {
    static final String LOGIN_NUMBER = "7788";
    static final String SITE_USER = "site-baar";
    static final String SITE_PASSWORD = "site-secret-4-abcdefgh";
    /** SIPp's shipped RFC 2833 captures, one key each (Debian's sip-tester). */
    static final Path PCAPS = Path.of("/usr/share/sip-tester");

    @TempDir
    static Path work;
    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10", Setting.SIP_NOTIFY_TIMEOUT_SECONDS, "3",
                Setting.HOTDESK_MAX_WRONG_PINS, "3"));
        server.createSite("Baar", "Europe/Zurich");
        // Extensions and PINs whose keys are all different: the shipped pcaps repeat one RTP
        // timestamp per key, so a key pressed twice in a row from the same pcap is one event.
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:41:01,T46U,D1,Baar,4101,Desk 1,
                80:5e:c0:00:41:02,T46U,D2,Baar,4102,Desk 2,
                80:5e:c0:00:41:03,T46U,D3,Baar,4103,Desk 3,
                80:5e:c0:00:42:01,T46U,U1,Baar,2093,Anna,
                80:5e:c0:00:42:02,T46U,U2,Baar,2185,Bea,
                80:5e:c0:00:42:03,T46U,U3,Baar,2674,Carla,
                80:5e:c0:00:41:04,T23G,D4,Baar,4104,Small desk,
                80:5e:c0:00:42:04,T46U,U4,Baar,2731,Dora,
                """).errors()).isEmpty();
        token = server.adminToken();
        HttpResponse<String> put = server.adminJson("PUT", "/api/v1/settings/site:Baar", token,
                "{\"name\":\"hotdesk.login_number\",\"value\":\"" + LOGIN_NUMBER + "\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String mac(String last) {
        return "80:5e:c0:00:" + last;
    }

    static Line line(String mac) {
        return server.lines(mac).get(0);
    }

    static void makeDesk(String mac) {
        HttpResponse<String> r = server.adminJson("PUT", "/api/v1/devices/" + mac + "/hotdesk", token, "{\"enabled\": true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static void setPin(String extension, String pin) {
        HttpResponse<String> r = server.adminJson("PUT", "/api/v1/lines/" + extension + "/hotdesk-pin", token, "{\"pin\": \"" + pin + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    /**
     * RFC 2833 keys from the shipped pcaps, sent from the phone's media port, a pause after each.
     * SIPp replays a capture's RTP headers as they are, and each shipped capture has one key with
     * one timestamp, so a key pressed twice (the two {@code #}) would be a replay of one event,
     * which RFC 4733 says a receiver takes once. Each press therefore gets a copy of the shipped
     * capture moved to later sequence numbers and timestamps, as a phone's next press would be.
     */
    static String pcapKeys(String keys) {
        StringBuilder out = new StringBuilder();
        int press = 0;
        for (char k : keys.toCharArray()) {
            String name = k == '#' ? "pound" : k == '*' ? "star" : String.valueOf(k);
            Path shipped = PCAPS.resolve("dtmf_2833_" + name + ".pcap");
            assertThat(shipped).exists();
            Path pcap = Pcaps.shifted(shipped, work.resolve("press-" + System.nanoTime() + "-" + name + ".pcap"), ++press * 1000,
                    press * 100_000L);
            out.append("  <nop><action><exec play_pcap_audio=\"").append(pcap).append("\"/></action></nop>\n")
                    .append("  <pause milliseconds=\"500\"/>\n");
        }
        return out.toString();
    }

    /** Keys as SIP INFO (application/dtmf-relay), the fallback some phones use, each answered 200. */
    static String infoKeys(String keys) {
        StringBuilder out = new StringBuilder();
        int cseq = 3;
        for (char k : keys.toCharArray()) {
            out.append("""
                      <send retrans="500">
                        <![CDATA[

                          INFO [next_url] SIP/2.0
                          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                          [routes]
                          Max-Forwards: 70
                          From: <sip:[field0]@[domain]>;tag=[pid]C[call_number]
                          [last_To:]
                          Call-ID: [call_id]
                          CSeq: %d INFO
                          Content-Type: application/dtmf-relay
                          Content-Length: [len]

                          Signal=%c
                          Duration=160

                        ]]>
                      </send>
                      <recv response="200"/>
                      <pause milliseconds="150"/>
                    """.formatted(cseq++, k));
        }
        return out.toString();
    }

    /** {@code caller} calls the login number, presses {@code keys} as scripted, and is hung up on by Phonehome. */
    static void callLoginNumber(Line caller, String keysScenario) {
        Path scenario = Sipp.fromTemplate(work, "uac-keys.xml", Map.of("KEYS", keysScenario));
        Path inf = Sipp.injection(work, List.of(caller.extension() + ";" + LOGIN_NUMBER + ";[authentication username=" + caller.authUser()
                + " password=" + caller.password() + "]"));
        Sipp.Run uac = Sipp.start(work, scenario.toString(), "127.0.0.1:" + server.server().sipPort(), Sipp.freeUdpPort(), "u1", inf, 1,
                60, Map.of("domain", "127.0.0.1"), "-mp", Integer.toString(Sipp.freeUdpPort()));
        assertThat(uac.await(75)).as(uac.output()).isZero();
    }

    static String config(String deskMac) {
        Mac mac = Mac.parse(deskMac);
        return server.fetchOk(mac.hex() + ".cfg", "Yealink SIP-T46U 108.86.0.10 " + mac.colons(), SITE_USER, SITE_PASSWORD).body();
    }

    static List<Event> hotDeskEvents(String deskMac) {
        server.flushRecords();
        return server.server().events().query(EventQuery.forMac(Mac.parse(deskMac).hex())).stream()
                .filter(e -> e.type().equals(EventTypes.HOTDESK)).toList();
    }

    static long deviceId(String mac) {
        return server.server().inventory().devices().findByMac(Mac.parse(mac)).orElseThrow().id();
    }

    @Test
    void aFreeDeskCallsTheLoginNumberKeysInExtensionAndPinFromTheShippedPcapsAndCarriesTheUsersLineAndKeys() {
        String desk = mac("41:01");
        makeDesk(desk);
        Line anna = line(mac("42:01"));
        setPin(anna.extension(), "5186");
        // Anna's own phone has her keys: a colleague's lamp and a speed dial.
        HttpResponse<String> keys = server.adminJson("PUT", "/api/v1/devices/" + mac("42:01") + "/keys", token, """
                {"keys":[{"position":1,"type":"blf","value":"2185","label":"Bea"},
                         {"position":3,"type":"speed_dial","value":"0445550123","label":"Garage"}]}""");
        assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
        assertThat(config(desk)).contains("account.1.user_name = 4101").doesNotContain("Garage");

        // The free desk's restricted identity may call the login number.
        callLoginNumber(line(desk), pcapKeys(anna.extension() + "#" + "5186" + "#"));

        assertThat(server.server().hotDesks().seatAt(deviceId(desk))).as("events: %s", hotDeskEvents(desk)).get()
                .extracting(HotDeskRepository.Seat::extension).isEqualTo(anna.extension());
        String cfg = config(desk);
        assertThat(cfg).contains("account.1.user_name = " + anna.extension()).doesNotContain("account.1.user_name = 4101");
        assertThat(cfg).contains("linekey.1.value = 2185").contains("linekey.1.label = Bea")
                .contains("linekey.3.value = 0445550123").contains("linekey.3.label = Garage");
        assertThat(hotDeskEvents(desk)).anyMatch(e -> e.outcome().equals("login") && e.detail().contains(anna.extension()));

        // A change of Anna's own keys reaches the desk she sits at, not a stale rendering.
        HttpResponse<String> changed = server.adminJson("PUT", "/api/v1/devices/" + mac("42:01") + "/keys", token, """
                {"keys":[{"position":2,"type":"blf","value":"2674","label":"Carla"}]}""");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(config(desk)).contains("linekey.2.value = 2674").doesNotContain("Garage");

        // Logged out by code: the desk's own line and (no) keys again.
        assertThat(server.server().hotDesks().logout(anna, "test")).isEqualTo(HotDesks.Outcome.LOGGED_OUT);
        assertThat(config(desk)).contains("account.1.user_name = 4101").doesNotContain("Carla");
    }

    @Test
    void aSmallDeskCarriesOnlyTheUsersKeysItsModelHoldsEachOnTheUsersAccount() {
        String desk = mac("41:04");
        makeDesk(desk);
        Line dora = line(mac("42:04"));
        setPin(dora.extension(), "6120");
        // Dora's own phone takes 27 keys and expansion modules; the T23G desk holds 3 keys and no module.
        HttpResponse<String> keys = server.adminJson("PUT", "/api/v1/devices/" + mac("42:04") + "/keys", token, """
                {"keys":[{"position":1,"type":"blf","value":"2093","label":"Anna"},
                         {"position":3,"type":"speed_dial","value":"0445550199","label":"Lift"},
                         {"position":9,"type":"blf","value":"2185","label":"Bea"},
                         {"module":1,"position":1,"type":"blf","value":"2674","label":"Carla"}]}""");
        assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
        assertThat(server.server().hotDesks().login(line(desk), dora.extension(), "6120", "test")).isEqualTo(HotDesks.Outcome.LOGGED_IN);
        Mac m = Mac.parse(desk);
        String cfg = server.fetchOk(m.hex() + ".cfg", "Yealink SIP-T23G 44.86.0.10 " + m.colons(), SITE_USER, SITE_PASSWORD).body();
        assertThat(cfg).contains("account.1.user_name = " + dora.extension())
                .contains("linekey.1.value = 2093").contains("linekey.1.line = 1")
                .contains("linekey.3.value = 0445550199")
                .doesNotContain("linekey.9.").doesNotContain("2185").doesNotContain("expansion_module.1.key.1.");
    }

    @Test
    void aPhoneThatIsNoHotDeskDiallingTheLoginNumberIsRoutedAsAnyCall() {
        // Carla's own phone is no desk and she sits at none: 7788 is no line, so the call router answers 404, not the login script.
        Line carla = line(mac("42:03"));
        Path scenario = Sipp.fromTemplate(work, "uac-expect.xml", Map.of("CODE", "404"));
        Path inf = Sipp.injection(work, List.of(carla.extension() + ";" + LOGIN_NUMBER + ";[authentication username=" + carla.authUser()
                + " password=" + carla.password() + "]"));
        Sipp.Run uac = Sipp.start(work, scenario.toString(), "127.0.0.1:" + server.server().sipPort(), Sipp.freeUdpPort(), "u1", inf, 1, 20,
                Map.of("domain", "127.0.0.1"));
        assertThat(uac.await(30)).as(uac.output()).isZero();
        assertThat(server.server().sip().serviceCalls()).isZero();
    }

    @Test
    void keysByInfoWithAWrongPinFirstAreAskedAgainAndTheSecondTryLogsIn() {
        String desk = mac("41:02");
        makeDesk(desk);
        Line bea = line(mac("42:02"));
        setPin(bea.extension(), "97310");
        callLoginNumber(line(desk), infoKeys(bea.extension() + "#1111#" + bea.extension() + "#97310#"));
        assertThat(server.server().hotDesks().seatAt(deviceId(desk))).get()
                .extracting(HotDeskRepository.Seat::extension).isEqualTo(bea.extension());
        List<Event> events = hotDeskEvents(desk);
        assertThat(events).filteredOn(e -> e.outcome().equals("wrong_pin")).hasSize(1);
        assertThat(events).filteredOn(e -> e.outcome().equals("login")).hasSize(1);
    }

    @Test
    void wrongPinsUpToTheLimitLockTheExtensionAndTheCallEnds() {
        String desk = mac("41:03");
        makeDesk(desk);
        Line carla = line(mac("42:03"));
        setPin(carla.extension(), "4826");
        // Three wrong PINs (the limit): the third locks, the script says so and hangs up.
        callLoginNumber(line(desk), infoKeys(carla.extension() + "#1111#" + carla.extension() + "#2222#" + carla.extension() + "#3333#"));
        List<Event> events = hotDeskEvents(desk);
        assertThat(events).filteredOn(e -> e.outcome().equals("lockout")).hasSize(1);
        assertThat(server.server().hotDesks().seatAt(deviceId(desk))).isEmpty();
        // Locked now: even the right PIN is refused, and the call ends after "locked".
        callLoginNumber(line(desk), infoKeys(carla.extension() + "#4826#"));
        assertThat(hotDeskEvents(desk)).anyMatch(e -> e.outcome().equals("locked"));
        assertThat(server.server().hotDesks().seatAt(deviceId(desk))).isEmpty();
    }
}
