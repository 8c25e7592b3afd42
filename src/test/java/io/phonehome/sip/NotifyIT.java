package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.actions.NotifyKind;
import io.phonehome.actions.NotifyResult;
import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
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
 * Remote actions as SIP NOTIFY to phones registered with Phonehome: a SIPp phone registers with
 * its line's digest credentials from a port, then waits there for the NOTIFY, checks the vendor's
 * Event header and answers; the outcome comes back through {@code DeviceNotifier} and is logged
 * as a {@code sip_notify} event.
 */
class NotifyIT {
    @TempDir
    static Path work;
    static TestServer server;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_NOTIFY_TIMEOUT_SECONDS, "2"));
        server.createTrustingSite("Chur", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:05:01,T46U,N1,Chur,501,Yealink,
                00:04:13:00:05:02,D785,N2,Chur,502,Snom,
                00:0b:82:00:05:03,GXP2170,N3,Chur,503,Grandstream,
                0c:38:3e:00:05:04,X4U,N4,Chur,504,Fanvil,
                80:5e:c0:00:05:05,T46U,N5,Chur,505,Offline,
                80:5e:c0:00:05:06,T46U,N6,Chur,506,Silent,
                80:5e:c0:00:05:07,T46U,N7,Chur,507,Refuses,
                80:5e:c0:00:05:08,T46U,N8,Chur,508,Admin,
                """).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Line line(String mac) {
        return server.firstLine(mac);
    }

    /** Registers a SIPp phone for the device's line from a fresh port; returns the port. */
    static int register(String mac) {
        Line line = line(mac);
        int port = Sipp.freeUdpPort();
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        Sipp.Run reg = Sipp.start(work, "register-auth.xml", "127.0.0.1:" + server.server().sipPort(), port, "u1", inf, 1, 15,
                Map.of("domain", "127.0.0.1", "expires", "300"));
        assertThat(reg.await(25)).as(reg.output()).isZero();
        return port;
    }

    /** A phone at {@code port} that expects exactly {@code event} (a regular expression) and answers {@code code}. */
    static Sipp.Run phone(int port, String event, int code) {
        Path scenario = Sipp.fromTemplate(work, "uas-notify.xml", Map.of("EVENT", event, "CODE", Integer.toString(code)));
        Sipp.Run uas = Sipp.start(work, scenario.toString(), null, port, "u1", null, 1, 15, Map.of());
        uas.awaitBound(port);
        return uas;
    }

    static List<Event> notifyEvents(String mac) {
        server.flushRecords();
        return server.server().events().query(EventQuery.forMac(Mac.parse(mac).hex())).stream()
                .filter(e -> e.type().equals(EventTypes.SIP_NOTIFY)).toList();
    }

    @Test
    void aResyncReachesTheRegisteredYealinkOverItsFlowAndIsLogged() {
        int port = register("805ec0000501");
        Sipp.Run phone = phone(port, "check-sync", 200);
        NotifyResult r = server.server().deviceNotifier().notify(Mac.parse("805ec0000501"), NotifyKind.RESYNC);
        assertThat(r.outcome()).as(r.detail()).isEqualTo(NotifyResult.Outcome.ACCEPTED);
        assertThat(r.status()).isEqualTo(200);
        assertThat(phone.await(20)).as(phone.output()).isZero();
        assertThat(notifyEvents("805ec0000501")).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("accepted");
            assertThat(e.source()).isEqualTo("127.0.0.1:" + port);
            assertThat(e.detail()).contains("Event: check-sync").contains("200");
        });
    }

    @Test
    void theAdminApiShowsTheRegistrationAndItsResyncActionReachesThePhone() {
        int port = register("805ec0000508");
        String token = server.adminToken();
        HttpResponse<String> device = server.adminGet("/api/v1/devices/80:5e:c0:00:05:08", token);
        assertThat(device.statusCode()).as(device.body()).isEqualTo(200);
        JsonNode reg = Json.parse(device.body()).get("lines").get(0).get("registrations").get(0);
        assertThat(reg.get("source").asText()).isEqualTo("127.0.0.1:" + port);
        assertThat(reg.get("transport").asText()).isEqualToIgnoringCase("udp");

        Sipp.Run phone = phone(port, "check-sync", 200);
        HttpResponse<String> action = server.admin("POST", "/api/v1/devices/80:5e:c0:00:05:08/actions/resync", token, "application/json",
                new byte[0]);
        assertThat(action.statusCode()).as(action.body()).isEqualTo(200);
        assertThat(Json.parse(action.body()).get("outcome").asText()).as(action.body()).isEqualTo("accepted");
        assertThat(phone.await(20)).as(phone.output()).isZero();
    }

    @Test
    void eachVendorGetsItsOwnEvent() {
        record Case(String mac, NotifyKind kind, String event) {
        }
        for (Case c : List.of(new Case("805ec0000501", NotifyKind.REBOOT, "check-sync;reboot=true"),
                new Case("000413000502", NotifyKind.RESYNC, "check-sync;reboot=false"),
                new Case("000413000502", NotifyKind.REBOOT, "check-sync;reboot=true"),
                new Case("0c383e000504", NotifyKind.REBOOT, "check-sync;reboot=true"),
                new Case("000b82000503", NotifyKind.RESYNC, "check-sync"))) {
            int port = register(c.mac());
            Sipp.Run phone = phone(port, c.event(), 200);
            NotifyResult r = server.server().deviceNotifier().notify(Mac.parse(c.mac()), c.kind());
            assertThat(r.outcome()).as(c + ": " + r.detail()).isEqualTo(NotifyResult.Outcome.ACCEPTED);
            assertThat(phone.await(20)).as(c + ": " + phone.output()).isZero();
        }
    }

    @Test
    void aPhoneThatChallengesTheNotifyGetsTheLineCredentials() {
        int port = register("000b82000503");
        Line line = line("000b82000503");
        Path scenario = Sipp.fromTemplate(work, "uas-notify-challenge.xml", Map.of("USER", line.authUser(), "PASSWORD", line.password()));
        Sipp.Run phone = Sipp.start(work, scenario.toString(), null, port, "u1", null, 1, 15, Map.of());
        phone.awaitBound(port);
        NotifyResult r = server.server().deviceNotifier().notify(Mac.parse("000b82000503"), NotifyKind.REBOOT);
        assertThat(r.outcome()).as(r.detail()).isEqualTo(NotifyResult.Outcome.ACCEPTED);
        assertThat(phone.await(20)).as(phone.output()).isZero();
    }

    @Test
    void aRefusalIsRejected() {
        int port = register("805ec0000507");
        Sipp.Run phone = phone(port, "check-sync", 403);
        NotifyResult r = server.server().deviceNotifier().notify(Mac.parse("805ec0000507"), NotifyKind.RESYNC);
        assertThat(r.outcome()).as(r.detail()).isEqualTo(NotifyResult.Outcome.REJECTED);
        assertThat(r.status()).isEqualTo(403);
        assertThat(phone.await(20)).as(phone.output()).isZero();
        assertThat(notifyEvents("805ec0000507")).anyMatch(e -> e.outcome().equals("rejected") && e.detail().contains("403"));
    }

    @Test
    void aPhoneThatDoesNotAnswerTimesOut() {
        register("805ec0000506"); // and nobody listens on that port any more
        long t0 = System.nanoTime();
        NotifyResult r = server.server().deviceNotifier().notify(Mac.parse("805ec0000506"), NotifyKind.RESYNC);
        assertThat(r.outcome()).as(r.detail()).isEqualTo(NotifyResult.Outcome.TIMED_OUT);
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1_500L, 10_000L);
        assertThat(notifyEvents("805ec0000506")).anyMatch(e -> e.outcome().equals("timed_out"));
    }

    @Test
    void aDeviceWithoutRegistrationIsNotRegisteredAndAnUnknownOneAnError() {
        NotifyResult r = server.server().deviceNotifier().notify(Mac.parse("805ec0000505"), NotifyKind.REBOOT);
        assertThat(r.outcome()).isEqualTo(NotifyResult.Outcome.NOT_REGISTERED);
        assertThat(notifyEvents("805ec0000505")).anyMatch(e -> e.outcome().equals("not_registered"));
        NotifyResult unknown = server.server().deviceNotifier().notify(Mac.parse("805ec0ffffff"), NotifyKind.REBOOT);
        assertThat(unknown.outcome()).isEqualTo(NotifyResult.Outcome.ERROR);
        assertThat(unknown.detail()).contains("80:5e:c0:ff:ff:ff");
    }
}
