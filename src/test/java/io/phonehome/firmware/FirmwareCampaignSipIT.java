package io.phonehome.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign end to end with the real SIP core: SIPp phones register their line with Phonehome
 * and wait for the NOTIFY the campaign sends through the SIP core's {@code DeviceNotifier}; the
 * phone's HTTPS side (config fetches, the image download with a Range resume) is played here over
 * real HTTPS; after its "reboot" the phone registers again with the new version in its SIP
 * User-Agent, which the SIP core records, which confirms it. A second campaign's canary phone
 * refuses the NOTIFY, and that campaign halts before touching anyone else.
 */
class FirmwareCampaignSipIT {
    static final String OLD = "108.86.0.10";
    static final String NEW = "108.86.0.20";
    @TempDir
    static Path work;
    static TestServer server;
    static byte[] image;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_NOTIFY_TIMEOUT_SECONDS, "2", Setting.CAMPAIGN_TICK_MILLIS, "50"));
        server.createTrustingSite("Works", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:0f:01,T46U,F1,Works,601,Canary,
                80:5e:c0:00:0f:02,T46U,F2,Works,602,Refuses,
                80:5e:c0:00:0f:03,T46U,F3,Works,603,Waits,
                80:5e:c0:00:0f:04,T46U,F4,Works,604,Waits too,
                """).errors()).isEmpty();
        image = FakeFirmware.write(server.dataDir().resolve("firmware"), "yealink/T46U-" + NEW + ".rom", 300_000);
        server.server().firmware().catalog().refresh();
        for (int i = 1; i <= 4; i++) {
            server.server().inventory().devices().recordFetch(mac(i), Instant.now(), "127.0.0.1", "T46U", OLD);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Mac mac(int i) {
        return Mac.parse(String.format("805ec0000f%02x", i));
    }

    static Line line(Mac mac) {
        var inv = server.server().inventory();
        return inv.lines().byDevice(inv.devices().findByMac(mac).orElseThrow().id()).get(0);
    }

    /** Registers the device's line from a fresh UDP port with this SIP User-Agent; returns the port. */
    static int register(Mac mac, String userAgent, int port) {
        Line l = line(mac);
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(l.extension(), l.authUser(), l.password())));
        Sipp.Run reg = Sipp.start(work, Path.of("src/test/resources/firmware/sipp/register-auth-ua.xml").toAbsolutePath().toString(),
                "127.0.0.1:" + server.server().sipPort(), port, "u1", inf, 1, 15, Map.of("domain", "127.0.0.1", "expires", "300", "ua", userAgent));
        assertThat(reg.await(25)).as(reg.output()).isZero();
        return port;
    }

    /** The phone waiting at {@code port} for a check-sync NOTIFY, answering {@code code}. */
    static Sipp.Run waitForNotify(int port, int code) {
        Path scenario = Sipp.fromTemplate(work, "uas-notify.xml", Map.of("EVENT", "check-sync.*", "CODE", Integer.toString(code)));
        Sipp.Run uas = Sipp.start(work, scenario.toString(), null, port, "u1", null, 1, 20, Map.of());
        uas.awaitBound(port);
        return uas;
    }

    static Campaigns campaigns() {
        return server.server().firmware().campaigns();
    }

    static DeviceState state(long campaign, Mac mac) {
        return campaigns().progress(campaign, true).devices().stream().filter(d -> d.mac().equals(mac)).findFirst().orElseThrow().state();
    }

    static void await(String what, BooleanSupplier ok) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            server.flushRecords();
            if (ok.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static String fetchConfig(Mac mac, String version) {
        HttpResponse<String> r = server.get(mac.hex() + ".cfg", "Yealink SIP-T46U " + version + " " + mac.colons());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return KeyValueConfig.parse(r.body()).get("static.firmware.url");
    }

    @Test
    void aRegisteredPhoneIsNotifiedDownloadsRebootsAndRegistersOnTheNewVersion() {
        Mac m = mac(1);
        String oldUa = "Yealink SIP-T46U " + OLD + " " + m.colons();
        int port = register(m, "Yealink SIP-T46U " + OLD, Sipp.freeUdpPort());
        Sipp.Run phone = waitForNotify(port, 200);
        long id = campaigns().create(CampaignSpec.of(NEW, List.of(m.hex())).withCanary(1, 0).withPace(600, 5, 120), "tester").campaign().id();
        campaigns().start(id, "tester");

        await("notified", () -> state(id, m) == DeviceState.NOTIFIED);
        assertThat(phone.await(20)).as(phone.output()).isZero();

        String url = fetchConfig(m, OLD);
        assertThat(url).endsWith("/T46U-" + NEW + ".rom");
        int half = image.length / 3;
        HttpResponse<byte[]> first = server.getBytes(url, oldUa, "Range", "bytes=0-" + (half - 1));
        assertThat(first.statusCode()).isEqualTo(206);
        await("downloading", () -> state(id, m) == DeviceState.DOWNLOADING);
        HttpResponse<byte[]> rest = server.getBytes(url, oldUa, "Range", "bytes=" + half + "-");
        assertThat(rest.statusCode()).isEqualTo(206);
        byte[] all = new byte[image.length];
        System.arraycopy(first.body(), 0, all, 0, half);
        System.arraycopy(rest.body(), 0, all, half, rest.body().length);
        assertThat(all).isEqualTo(image);

        // back after the reboot: the config fetch at boot, then the registration with the new version
        fetchConfig(m, OLD);
        await("rebooted", () -> state(id, m) == DeviceState.REBOOTED);
        register(m, "Yealink SIP-T46U " + NEW, port);
        await("confirmed", () -> state(id, m) == DeviceState.CONFIRMED);
        await("completed", () -> campaigns().get(id).state() == CampaignState.COMPLETED);

        List<String> walk = new ArrayList<>();
        for (Event e : server.server().events().query(new EventQuery(m.hex(), null, EventTypes.FIRMWARE_CAMPAIGN, null, null, null, 50))) {
            walk.add(0, e.outcome());
        }
        assertThat(walk).containsExactly("notifying", "notified", "downloading", "rebooted", "confirmed");
        assertThat(server.server().events().query(new EventQuery(m.hex(), null, EventTypes.SIP_NOTIFY, null, null, null, 10)))
                .anyMatch(e -> e.outcome().equals("accepted"));
    }

    @Test
    void aCanaryPhoneThatRefusesTheNotifyHaltsTheCampaignBeforeAnyoneElse() {
        Mac refuses = mac(2);
        int port = register(refuses, "Yealink SIP-T46U " + OLD, Sipp.freeUdpPort());
        // the others are registered too (an unregistered device would be skipped at creation)
        register(mac(3), "Yealink SIP-T46U " + OLD, Sipp.freeUdpPort());
        register(mac(4), "Yealink SIP-T46U " + OLD, Sipp.freeUdpPort());
        Sipp.Run phone = waitForNotify(port, 403);
        long id = campaigns().create(CampaignSpec.of(NEW, List.of(refuses.hex(), mac(3).hex(), mac(4).hex())).withCanary(1, 0)
                .withPace(600, 5, 120), "tester").campaign().id();
        campaigns().start(id, "tester");

        await("halted", () -> campaigns().get(id).state() == CampaignState.HALTED);
        assertThat(phone.await(20)).as(phone.output()).isZero();
        CampaignDevice r = campaigns().progress(id, true).devices().stream().filter(d -> d.mac().equals(refuses)).findFirst().orElseThrow();
        assertThat(r.state()).isEqualTo(DeviceState.FAILED);
        assertThat(r.detail()).contains("rejected").contains("403");
        assertThat(campaigns().get(id).stateReason()).contains("canary failed");
        assertThat(state(id, mac(3))).isEqualTo(DeviceState.PENDING);
        assertThat(state(id, mac(4))).isEqualTo(DeviceState.PENDING);
        for (Mac other : List.of(mac(3), mac(4))) {
            assertThat(server.server().events().query(new EventQuery(other.hex(), null, EventTypes.SIP_NOTIFY, null, null, null, 10)))
                    .as("no NOTIFY beyond the canary").isEmpty();
        }
        assertThat(fetchConfig(refuses, OLD)).as("its campaign target was taken back").isNull();
        campaigns().cancel(id, "tester");
    }
}
