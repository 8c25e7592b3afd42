package io.phonehome.hotdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.Json;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot desking with real peers: SIPp phones registered for desk lines dial the login and logout
 * codes through Phonehome's call router, receive the check-sync NOTIFY, and fetch their
 * configuration over HTTPS with their site credentials and a Yealink User-Agent.
 */
class HotDeskIT {
    @TempDir
    static Path work;
    static TestServer server;
    static String token;
    static final String SITE_USER = "site-zug";
    static final String SITE_PASSWORD = "site-secret-3-abcdefgh";

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10", Setting.SIP_NOTIFY_TIMEOUT_SECONDS, "3",
                Setting.HOTDESK_MAX_WRONG_PINS, "3"));
        server.createSite("Zug", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        for (int i = 1; i <= 9; i++) {
            csv.append(String.format("80:5e:c0:00:31:%02x,T46U,D%d,Zug,31%02d,Desk %d,%n", i, i, i, i));
        }
        for (int i = 1; i <= 6; i++) {
            csv.append(String.format("80:5e:c0:00:32:%02x,T46U,U%d,Zug,20%d,User %d,%n", i, i, i, i));
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        token = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String deskMac(int n) {
        return String.format("80:5e:c0:00:31:%02x", n);
    }

    static Line deskLine(int n) {
        return server.lines(deskMac(n)).get(0);
    }

    static Line userLine(int n) {
        return server.lines(String.format("80:5e:c0:00:32:%02x", n)).get(0);
    }

    static void makeDesk(int n) {
        HttpResponse<String> r = server.adminJson("PUT", "/api/v1/devices/" + deskMac(n) + "/hotdesk", token, "{\"enabled\": true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static void setPin(String extension, String pin) {
        HttpResponse<String> r = server.adminJson("PUT", "/api/v1/lines/" + extension + "/hotdesk-pin", token, "{\"pin\": \"" + pin + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    static String target() {
        return "127.0.0.1:" + server.server().sipPort();
    }

    static void register(Line line, int port) {
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        Sipp.Run reg = Sipp.start(work, "register-auth.xml", target(), port, "u1", inf, 1, 15,
                Map.of("domain", "127.0.0.1", "expires", "300"));
        assertThat(reg.await(25)).as(reg.output()).isZero();
    }

    /** {@code caller} dials {@code number} and must get {@code code} as the final answer. */
    static void dial(Line caller, String number, int code) {
        Path scenario = Sipp.fromTemplate(work, "uac-expect.xml", Map.of("CODE", Integer.toString(code)));
        Path inf = Sipp.injection(work, List.of(caller.extension() + ";" + number + ";[authentication username=" + caller.authUser()
                + " password=" + caller.password() + "]"));
        Sipp.Run uac = Sipp.start(work, scenario.toString(), target(), Sipp.freeUdpPort(), "u1", inf, 1, 20, Map.of("domain", "127.0.0.1"));
        assertThat(uac.await(30)).as(number + " -> " + code + ": " + uac.output()).isZero();
    }

    /** The phone at {@code port} waits for one check-sync NOTIFY and accepts it. */
    static Sipp.Run awaitCheckSync(int port) {
        Path scenario = Sipp.fromTemplate(work, "uas-notify.xml", Map.of("EVENT", "check-sync.*", "CODE", "200"));
        Sipp.Run uas = Sipp.start(work, scenario.toString(), null, port, "u1", null, 1, 20, Map.of());
        uas.awaitBound(port);
        return uas;
    }

    static String config(int desk) {
        Mac mac = Mac.parse(deskMac(desk));
        return server.fetchOk(mac.hex() + ".cfg", "Yealink SIP-T46U 108.86.0.10 " + mac.colons(), SITE_USER, SITE_PASSWORD).body();
    }

    static List<Event> hotDeskEvents(int desk) {
        server.flushRecords();
        return server.server().events().query(EventQuery.forMac(Mac.parse(deskMac(desk)).hex())).stream()
                .filter(e -> e.type().equals(EventTypes.HOTDESK)).toList();
    }

    static boolean logsMention(String text) {
        try (var files = java.nio.file.Files.walk(server.dataDir().resolve("logs"))) {
            return files.filter(java.nio.file.Files::isRegularFile).anyMatch(f -> {
                try {
                    return java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long count(List<Event> events, String outcome) {
        return events.stream().filter(e -> e.outcome().equals(outcome)).count();
    }

    @Test
    void aUserLogsInByCodeTheDeskIsResyncedAndItsNextFetchCarriesTheUsersLineUntilLogout() {
        makeDesk(1);
        Line anna = userLine(1);
        setPin(anna.extension(), "834271");
        int port = Sipp.freeUdpPort();
        register(deskLine(1), port);
        assertThat(config(1)).contains("account.1.user_name = " + deskLine(1).extension());

        Sipp.Run phone = awaitCheckSync(port);
        dial(deskLine(1), "*31*" + anna.extension() + "*834271", 603);
        assertThat(phone.await(20)).as(phone.output()).isZero();
        String cfg = config(1);
        assertThat(cfg).contains("account.1.user_name = " + anna.extension()).contains(anna.password())
                .doesNotContain("account.1.user_name = " + deskLine(1).extension());
        HttpResponse<String> view = server.adminGet("/api/v1/devices/" + deskMac(1) + "/hotdesk", token);
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(Json.parse(view.body()).path("logged_in").path("extension").asText()).isEqualTo(anna.extension());
        assertThat(view.body()).doesNotContain("834271");

        // The phone now registers as Anna; her logout code frees the desk it sits at.
        register(anna, port);
        Sipp.Run again = awaitCheckSync(port);
        dial(anna, "*32", 603);
        assertThat(again.await(20)).as(again.output()).isZero();
        assertThat(config(1)).contains("account.1.user_name = " + deskLine(1).extension());
        List<Event> events = hotDeskEvents(1);
        assertThat(count(events, "login")).isEqualTo(1);
        assertThat(count(events, "logout")).isEqualTo(1);
        assertThat(events).noneMatch(e -> String.valueOf(e.detail()).contains("834271"));
        assertThat(logsMention("834271")).as("a PIN is never logged").isFalse();
    }

    @Test
    void wrongPinsAreRefusedCountedAndLockTheExtensionWithAnEvent() {
        makeDesk(2);
        Line bea = userLine(2);
        setPin(bea.extension(), "2468");
        dial(deskLine(2), "*31*" + bea.extension() + "*1111", 403);
        dial(deskLine(2), "*31*" + bea.extension() + "*2222", 403);
        assertThat(count(hotDeskEvents(2), "wrong_pin")).isEqualTo(2);
        dial(deskLine(2), "*31*" + bea.extension() + "*3333", 403); // the third: locks
        dial(deskLine(2), "*31*" + bea.extension() + "*2468", 403); // the right PIN, but locked
        List<Event> events = hotDeskEvents(2);
        assertThat(count(events, "wrong_pin")).isEqualTo(3);
        assertThat(count(events, "lockout")).isEqualTo(1);
        assertThat(count(events, "locked")).isEqualTo(1);
        assertThat(count(events, "login")).isZero();
        assertThat(server.server().hotDesks().seatAt(server.server().inventory().devices().findByMac(Mac.parse(deskMac(2)))
                .orElseThrow().id())).isEmpty();
    }

    @Test
    void loggingInAtAnotherDeskLogsTheUserOutOfTheFirstAndResyncsIt() {
        makeDesk(3);
        makeDesk(4);
        Line carla = userLine(3);
        setPin(carla.extension(), "13579");
        dial(deskLine(3), "*31*" + carla.extension() + "*13579", 603);
        int port = Sipp.freeUdpPort();
        register(deskLine(3), port);
        Sipp.Run first = awaitCheckSync(port);
        dial(deskLine(4), "*31*" + carla.extension() + "*13579", 603);
        assertThat(first.await(20)).as(first.output()).isZero();
        assertThat(config(3)).contains("account.1.user_name = " + deskLine(3).extension());
        assertThat(config(4)).contains("account.1.user_name = " + carla.extension());
        assertThat(hotDeskEvents(3)).anyMatch(e -> e.outcome().equals("logout") && e.detail().contains("logged in on another desk"));
    }

    @Test
    void aFreeDeskReachesOnlyTheLoginCodeAndEmergencyNumbers() {
        makeDesk(5);
        Line desk = deskLine(5);
        dial(desk, userLine(6).extension(), 403);   // a colleague: refused
        dial(desk, "112", 404);                      // an emergency number passes (no trunk here: no such line)
        dial(desk, "*31*" + userLine(6).extension() + "*0000", 403); // the login code is reached (no PIN: refused as wrong)
        dial(userLine(5), userLine(6).extension(), 480); // a line that is no desk calls as before
    }

    @Test
    void malformedCodesAreAnsweredNeverAsServerErrors() {
        makeDesk(6);
        Line desk = deskLine(6);
        for (String bad : List.of("*31", "*31*", "*31*201", "*31**1234", "*31*201*", "*31*201*12a4", "*31*" + "9".repeat(40) + "*1234",
                "*31*201*1234*5")) {
            dial(desk, bad, 484);
        }
        dial(userLine(4), "*31*201*1234", 403); // from a phone that is no desk
    }

    @Test
    void thePinIsCheckedAndNeverReturned() {
        HttpResponse<String> shortPin = server.adminJson("PUT", "/api/v1/lines/" + userLine(4).extension() + "/hotdesk-pin", token,
                "{\"pin\": \"12\"}");
        assertThat(shortPin.statusCode()).isEqualTo(422);
        assertThat(shortPin.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> unknown = server.adminJson("PUT", "/api/v1/lines/7999/hotdesk-pin", token, "{\"pin\": \"1234\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        setPin(userLine(4).extension(), "987654");
        String stored = server.server().database().jdbc().queryOne("SELECT pin_hash FROM hotdesk_pins WHERE extension = ?",
                rs -> rs.getString(1), userLine(4).extension()).orElseThrow();
        assertThat(stored).startsWith("pbkdf2-sha256$").doesNotContain("987654");
        assertThat(server.adminJson("PUT", "/api/v1/devices/" + deskMac(9) + "/hotdesk", token, "{}").statusCode()).isEqualTo(422);
        assertThat(server.adminJson("PUT", "/api/v1/devices/" + deskMac(9) + "/hotdesk", token, "{\"enabled\": \"yes please\"}").statusCode())
                .isEqualTo(400);
        assertThat(server.adminJson("PUT", "/api/v1/devices/80:5e:c0:99:99:99/hotdesk", token, "{\"enabled\": true}").statusCode())
                .isEqualTo(404);
        assertThat(server.adminJson("PUT", "/api/v1/devices/not-a-mac/hotdesk", token, "{\"enabled\": true}").statusCode()).isEqualTo(400);
        assertThat(server.admin("POST", "/api/v1/devices/80:5e:c0:99:99:99/hotdesk/logout", token, null, null).statusCode()).isEqualTo(404);
        assertThat(server.adminJson("PUT", "/api/v1/lines/" + userLine(4).extension() + "/hotdesk-pin", token, "{\"pin\": 1234}")
                .statusCode()).isIn(400, 422);
        HttpResponse<String> removed = server.admin("DELETE", "/api/v1/lines/" + userLine(4).extension() + "/hotdesk-pin", token, null, null);
        assertThat(removed.statusCode()).isEqualTo(204);
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theNightlyLogoutFreesEveryDeskSeatedBeforeThreeOClockSiteTime() {
        makeDesk(7);
        makeDesk(8);
        setPin(userLine(5).extension(), "5555");
        setPin(userLine(6).extension(), "6666");
        // Zug is on CET in December: 03:00 local is 02:00 UTC.
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T20:00:00Z"));
        HotDesks desks = new HotDesks(server.server().inventory(), new HotDeskRepository(server.server().database().jdbc()),
                server.server().events(), server.server()::deviceNotifier, server.server().hotDesks().rules(), clock, Runnable::run);
        NightlyLogout nightly = NightlyLogout.manual(desks);
        long desk7 = deskLine(7).deviceId();
        long desk8 = deskLine(8).deviceId();
        assertThat(desks.login(deskLine(7), userLine(5).extension(), "5555", "test")).isEqualTo(HotDesks.Outcome.LOGGED_IN);

        clock.now = Instant.parse("2026-12-04T01:59:00Z"); // 02:59 in Zug
        nightly.runNow();
        assertThat(desks.seatAt(desk7)).isPresent();

        clock.now = Instant.parse("2026-12-04T02:01:00Z"); // 03:01 in Zug
        assertThat(desks.login(deskLine(8), userLine(6).extension(), "6666", "test")).isEqualTo(HotDesks.Outcome.LOGGED_IN);
        // Other tests' seats (taken on the real clock) are in the same database: count only these desks.
        nightly.runNow();
        assertThat(desks.seatAt(desk7)).isEmpty();
        assertThat(desks.seatAt(desk8)).as("taken after 03:00").isPresent();
        nightly.runNow(); // running again frees nothing twice
        List<Event> seven = hotDeskEvents(7);
        assertThat(seven.stream().filter(e -> e.outcome().equals("logout") && e.detail().contains("nightly"))).hasSize(1);

        clock.now = Instant.parse("2026-12-05T02:00:30Z"); // the next night
        nightly.runNow();
        assertThat(desks.seatAt(desk8)).isEmpty();
    }
}
