package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.sip.location.Binding;
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
 * Registration with SIPp ({@code register-auth.xml}, the benchmark's scenario): twenty lines
 * register with digest, re-register, unregister, and short registrations expire; and the
 * bindings survive a restart of the server.
 */
class SippRegistrationIT {
    static final int LINES = 20;
    @TempDir
    static Path work;
    static TestServer server;
    static final List<Line> lines = new ArrayList<>();

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "1"));
        server.createTrustingSite("Thun", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        for (int i = 1; i <= LINES + 1; i++) {
            csv.append(String.format("80:5e:c0:00:06:%02x,T46U,R%d,Thun,%d,Reg %d,%n", i, i, 600 + i, i));
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        var inv = server.server().inventory();
        for (int i = 1; i <= LINES + 1; i++) {
            lines.add(inv.lines().byDevice(inv.devices().findByMac(Mac.parse(String.format("805ec00006%02x", i))).orElseThrow().id()).get(0));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static int registerAll(TestServer s, List<Line> which, int port, int expires) {
        List<String> rows = which.stream().map(l -> Sipp.credentials(l.extension(), l.authUser(), l.password())).toList();
        Sipp.Run run = Sipp.start(work, "register-auth.xml", "127.0.0.1:" + s.server().sipPort(), port, "u1", Sipp.injection(work, rows),
                which.size(), 20, Map.of("domain", "127.0.0.1", "expires", Integer.toString(expires)), "-r", "50");
        int exit = run.await(30);
        assertThat(exit).as(run.output()).isZero();
        return exit;
    }

    static long registered(TestServer s, List<Line> which) {
        return which.stream().filter(l -> !s.server().registrations().forExtension(l.extension()).isEmpty()).count();
    }

    @Test
    void linesRegisterReRegisterAndUnregister() {
        List<Line> some = lines.subList(0, LINES);
        int port = Sipp.freeUdpPort();
        registerAll(server, some, port, 300);
        assertThat(registered(server, some)).isEqualTo(LINES);
        Binding first = server.server().registrations().forExtension(some.get(0).extension()).get(0);
        assertThat(first.userAgent()).isEqualTo("sipp-bench register-auth");
        assertThat(first.source()).isEqualTo("127.0.0.1:" + port);

        // re-registration: same contacts, new Call-IDs; still one binding per line
        registerAll(server, some, port, 300);
        for (Line l : some) {
            assertThat(server.server().registrations().forExtension(l.extension())).hasSize(1);
        }
        assertThat(server.server().registrations().forExtension(some.get(0).extension()).get(0).callId()).isNotEqualTo(first.callId());

        registerAll(server, some, port, 0);
        assertThat(registered(server, some)).isZero();
    }

    @Test
    void shortRegistrationsExpire() throws Exception {
        List<Line> one = lines.subList(LINES, LINES + 1);
        registerAll(server, one, Sipp.freeUdpPort(), 1);
        assertThat(registered(server, one)).isEqualTo(1);
        Thread.sleep(1_200);
        assertThat(registered(server, one)).isZero();
    }

    /** The reader answers REGISTERs itself while it has time (ReaderDuty); switched off, the workers answer them the same. */
    @Test
    void withTheReaderDutyOffTheWorkersRegisterTheLines() {
        try (TestServer workers = TestServer.withSip(Map.of(Setting.SIP_UDP_READER_REGISTERS, "false"))) {
            workers.createTrustingSite("Brig", "Europe/Zurich");
            StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
            for (int i = 1; i <= 5; i++) {
                csv.append(String.format("80:5e:c0:00:07:%02x,T46U,W%d,Brig,%d,Worker %d,%n", i, i, 650 + i, i));
            }
            assertThat(workers.importCsv(csv.toString()).errors()).isEmpty();
            var inv = workers.server().inventory();
            List<Line> five = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                five.add(inv.lines().byDevice(inv.devices().findByMac(Mac.parse(String.format("805ec00007%02x", i))).orElseThrow().id()).get(0));
            }
            int port = Sipp.freeUdpPort();
            registerAll(workers, five, port, 300);
            assertThat(registered(workers, five)).isEqualTo(5);
            registerAll(workers, five, port, 0);
            assertThat(registered(workers, five)).isZero();
        }
    }

    @Test
    void bindingsSurviveARestart() {
        TestServer first = TestServer.withSip(Map.of());
        Path data = first.dataDir();
        TestServer second = null;
        try {
            first.createTrustingSite("Sion", "Europe/Zurich");
            assertThat(first.importCsv("mac,model,serial,site,extension,display_name,handset\n80:5e:c0:00:06:ff,T46U,RR,Sion,699,Restart,\n")
                    .errors()).isEmpty();
            var inv = first.server().inventory();
            Line l = inv.lines().byDevice(inv.devices().findByMac(Mac.parse("805ec00006ff")).orElseThrow().id()).get(0);
            int port = Sipp.freeUdpPort();
            registerAll(first, List.of(l), port, 600);
            Binding before = first.server().registrations().forExtension("699").get(0);
            first.stopKeepingData();

            second = TestServer.reopenWithSip(data, Map.of());
            List<Binding> after = second.server().registrations().forExtension("699");
            assertThat(after).singleElement().satisfies(b -> {
                assertThat(b.contact()).isEqualTo(before.contact());
                assertThat(b.source()).isEqualTo("127.0.0.1:" + port);
                assertThat(b.callId()).isEqualTo(before.callId());
                assertThat(b.expires()).isEqualTo(before.expires());
            });
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }
}
