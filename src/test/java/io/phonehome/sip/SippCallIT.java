package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through Phonehome between SIPp phones (Debian's sip-tester): a registered SIPp UAS is the
 * callee, a SIPp UAC the caller answering Phonehome's 407 with its line's credentials. Media never
 * touches Phonehome; the signalling does (Record-Route).
 */
class SippCallIT {
    @TempDir
    static Path work;
    static TestServer server;
    static final List<Line> lines = new ArrayList<>();

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10"));
        server.createTrustingSite("Basel", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        for (int i = 1; i <= 12; i++) {
            csv.append(String.format("80:5e:c0:00:04:%02x,T46U,C%d,Basel,%d,Call %d,%n", i, i, 400 + i, i));
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        var inv = server.server().inventory();
        for (int i = 1; i <= 12; i++) {
            lines.add(inv.lines().byDevice(inv.devices().findByMac(Mac.parse(String.format("805ec00004%02x", i))).orElseThrow().id()).get(0));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Line l(int n) {
        return lines.get(n - 1);
    }

    static String target() {
        return "127.0.0.1:" + server.server().sipPort();
    }

    /** Registers a SIPp "phone" for {@code line} from {@code port} (its later UAS listens there). */
    static void registerSippPhone(Line line, int port, int expires) {
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        Sipp.Run reg = Sipp.start(work, "register-auth.xml", target(), port, "u1", inf, 1, 15,
                Map.of("domain", "127.0.0.1", "expires", Integer.toString(expires)));
        assertThat(reg.await(25)).as(reg.output()).isZero();
        assertThat(server.server().registrations().forExtension(line.extension()))
                .anyMatch(b -> b.source().equals("127.0.0.1:" + port));
    }

    /** Runs a caller scenario: {@code caller} calls {@code callee}, with the caller line's credentials. */
    static Sipp.Run call(String scenario, Line caller, String callee, int calls) {
        Path inf = Sipp.injection(work, List.of(caller.extension() + ";" + callee + ";[authentication username=" + caller.authUser()
                + " password=" + caller.password() + "]"));
        return Sipp.start(work, scenario, target(), Sipp.freeUdpPort(), "u1", inf, calls, 20, Map.of("domain", "127.0.0.1"), "-d", "500");
    }

    static Sipp.Run callee(String scenario, int port, int calls) {
        Sipp.Run uas = Sipp.start(work, scenario, null, port, "u1", null, calls, 25, Map.of());
        uas.awaitBound(port);
        return uas;
    }

    @Test
    void aCallGoesFromTheCallerThroughPhonehomeToTheRegisteredCalleeAndBack() {
        int port = Sipp.freeUdpPort();
        registerSippPhone(l(1), port, 300);
        Sipp.Run uas = callee("uas-call.xml", port, 2);
        Sipp.Run uac = call("uac-call.xml", l(2), l(1).extension(), 2);
        assertThat(uac.await(30)).as(uac.output()).isZero();
        assertThat(uas.await(30)).as(uas.output()).isZero();
    }

    @Test
    void busyAndDeclineFromTheCalleeArePassedBackToTheCaller() {
        for (String[] answer : new String[][] {{"486", "Busy Here"}, {"603", "Decline"}}) {
            int port = Sipp.freeUdpPort();
            registerSippPhone(l(3), port, 300);
            Path uasScenario = Sipp.fromTemplate(work, "uas-reject.xml", Map.of("CODE", answer[0], "REASON", answer[1]));
            Sipp.Run uas = callee(uasScenario.toString(), port, 1);
            Path uacScenario = Sipp.fromTemplate(work, "uac-expect.xml", Map.of("CODE", answer[0]));
            Sipp.Run uac = call(uacScenario.toString(), l(4), l(3).extension(), 1);
            assertThat(uac.await(30)).as(answer[0] + ": " + uac.output()).isZero();
            assertThat(uas.await(30)).as(answer[0] + ": " + uas.output()).isZero();
            unregister(l(3), port);
        }
    }

    static void unregister(Line line, int port) {
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        Sipp.Run reg = Sipp.start(work, "register-auth.xml", target(), port, "u1", inf, 1, 15, Map.of("domain", "127.0.0.1", "expires", "0"));
        assertThat(reg.await(25)).as(reg.output()).isZero();
    }

    @Test
    void anUnknownExtensionIs404AndALineWithoutRegistrationIs480() {
        Path expect404 = Sipp.fromTemplate(work, "uac-expect.xml", Map.of("CODE", "404"));
        Sipp.Run unknown = call(expect404.toString(), l(5), "4999", 1);
        assertThat(unknown.await(30)).as(unknown.output()).isZero();
        Path expect480 = Sipp.fromTemplate(work, "uac-expect.xml", Map.of("CODE", "480"));
        Sipp.Run offline = call(expect480.toString(), l(5), l(6).extension(), 1);
        assertThat(offline.await(30)).as(offline.output()).isZero();
    }

    @Test
    void theCallerCancelsWhileTheCalleeRings() {
        int port = Sipp.freeUdpPort();
        registerSippPhone(l(7), port, 300);
        Sipp.Run uas = callee("uas-ring-cancel.xml", port, 1);
        Sipp.Run uac = call("uac-cancel.xml", l(8), l(7).extension(), 1);
        assertThat(uac.await(30)).as(uac.output()).isZero();
        assertThat(uas.await(30)).as(uas.output()).isZero();
    }

    @Test
    void reliableProvisionalResponsesPrackAndReInvitePassThrough() {
        int port = Sipp.freeUdpPort();
        registerSippPhone(l(9), port, 300);
        Sipp.Run uas = callee("uas-prack-reinvite.xml", port, 1);
        Sipp.Run uac = call("uac-prack-reinvite.xml", l(10), l(9).extension(), 1);
        int uacExit = uac.await(30);
        int uasExit = uas.await(30);
        assertThat(uacExit).as(uac.output() + "\n" + uas.output()).isZero();
        assertThat(uasExit).as(uas.output()).isZero();
    }
}
