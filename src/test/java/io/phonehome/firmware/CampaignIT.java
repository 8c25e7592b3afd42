package io.phonehome.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.PhonehomeServer;
import io.phonehome.actions.DeviceNotifier;
import io.phonehome.actions.NotifyKind;
import io.phonehome.actions.NotifyResult;
import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Site;
import io.phonehome.sip.location.Binding;
import io.phonehome.sip.location.Registrations;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Campaigns against the real server: a fake {@link DeviceNotifier} stands for the SIP core (it
 * records every NOTIFY and answers as told), and simulated phones do what a phone does after a
 * NOTIFY, over real HTTPS: fetch their config, download the image it names (with a Range resume),
 * come back and fetch their config again with the new version in the User-Agent.
 */
class CampaignIT {
    static final String OLD = "108.86.0.10";
    static final String NEW = "108.86.0.20";
    static TestServer server;
    static Site shop;
    static FakeNotifier notifier = new FakeNotifier();
    static FakeRegistrations registrations = new FakeRegistrations();
    static byte[] image;

    /** Records NOTIFYs and answers each MAC as configured (accepted by default). */
    static final class FakeNotifier implements DeviceNotifier {
        final Map<Mac, NotifyResult> answers = new ConcurrentHashMap<>();
        final List<Object[]> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public NotifyResult notify(Mac mac, NotifyKind kind) {
            calls.add(new Object[] {mac, kind, Instant.now()});
            return answers.getOrDefault(mac, new NotifyResult(NotifyResult.Outcome.ACCEPTED, 200, "OK"));
        }

        List<Instant> timesFor(Mac mac) {
            synchronized (calls) {
                return calls.stream().filter(c -> c[0].equals(mac)).map(c -> (Instant) c[2]).toList();
            }
        }

        boolean called(Mac mac) {
            return !timesFor(mac).isEmpty();
        }
    }

    /** Every device is registered except those listed. */
    static final class FakeRegistrations implements Registrations {
        final Set<Long> unregistered = ConcurrentHashMap.newKeySet();

        @Override
        public List<Binding> forExtension(String extension) {
            return List.of();
        }

        @Override
        public List<Binding> forDevice(long deviceId) {
            return unregistered.contains(deviceId) ? List.of()
                    : List.of(new Binding("200", "sip:200@127.0.0.1:5062", "127.0.0.1:5062", "udp", "Yealink", Instant.now().plusSeconds(600), "c", 1));
        }
    }

    /** A Yealink T46U doing what the firmware does; the version it reports is what it runs. */
    final class Phone {
        final Mac mac;
        String version = OLD;

        Phone(String mac) {
            this.mac = Mac.parse(mac);
        }

        String ua() {
            return "Yealink SIP-T46U " + version + " " + mac.colons();
        }

        /** Fetches its config (as after a check-sync or a boot); returns the firmware URL it names, or null. */
        String fetchConfig() {
            HttpResponse<String> r = server.fetchOk(mac.hex() + ".cfg", ua(), shop.digestUser(), shop.digestPassword());
            return KeyValueConfig.parse(r.body()).get("static.firmware.url");
        }

        /** Downloads in two parts, the second a Range resume, and checks every byte. */
        void download(String url) {
            int half = image.length / 2;
            HttpResponse<byte[]> first = server.getBytes(url, ua(), "Range", "bytes=0-" + (half - 1));
            assertThat(first.statusCode()).isEqualTo(206);
            HttpResponse<byte[]> rest = server.getBytes(url, ua(), "Range", "bytes=" + half + "-");
            assertThat(rest.statusCode()).isEqualTo(206);
            byte[] all = new byte[image.length];
            System.arraycopy(first.body(), 0, all, 0, half);
            System.arraycopy(rest.body(), 0, all, half, rest.body().length);
            assertThat(all).isEqualTo(image);
        }
    }

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of(Setting.CAMPAIGN_TICK_MILLIS, "50"), new PhonehomeServer.Overrides(notifier, registrations));
        shop = server.createSite("Shop", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        for (int i = 1; i <= 30; i++) {
            csv.append(String.format("805ec0dd%04x,T46U,,Shop,,Phone %d,%n", i, i));
        }
        csv.append("805ec0ee0001,T54W,,Shop,,Other model,\n");
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        image = FakeFirmware.write(server.dataDir().resolve("firmware"), "yealink/T46U-" + NEW + ".rom", 200_000);
        server.server().firmware().catalog().refresh();
        for (int i = 1; i <= 30; i++) {
            // every phone last reported the old version
            server.server().inventory().devices().recordFetch(mac(i), Instant.now(), "127.0.0.1", "T46U", OLD);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Mac mac(int i) {
        return Mac.parse(String.format("805ec0dd%04x", i));
    }

    static Campaigns campaigns() {
        return server.server().firmware().campaigns();
    }

    static CampaignDevice row(long campaign, Mac mac) {
        return campaigns().progress(campaign, true).devices().stream().filter(d -> d.mac().equals(mac)).findFirst().orElseThrow();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            server.flushRecords();
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static void awaitState(long campaign, Mac mac, DeviceState state) {
        await(mac + " " + state.lower() + " (is " + row(campaign, mac).state().lower() + ": " + row(campaign, mac).detail() + ")",
                () -> row(campaign, mac).state() == state);
    }

    static Instant startedAt(Mac mac, long campaign) {
        server.flushRecords();
        for (Event e : server.server().events().query(new EventQuery(mac.hex(), null, EventTypes.FIRMWARE_CAMPAIGN, null, null, null, 100))) {
            if (e.detail().startsWith("campaign " + campaign + " ") && e.outcome().equals("notifying")) {
                return e.at();
            }
        }
        throw new AssertionError("no notifying event for " + mac);
    }

    static List<String> deviceEvents(Mac mac, long campaign) {
        server.flushRecords();
        List<String> out = new ArrayList<>();
        for (Event e : server.server().events().query(new EventQuery(mac.hex(), null, EventTypes.FIRMWARE_CAMPAIGN, null, null, null, 100))) {
            if (e.detail().startsWith("campaign " + campaign + " ")) {
                out.add(0, e.outcome());
            }
        }
        return out;
    }

    @Test
    void aPhoneWalksEveryStateFromNotifiedToConfirmed() {
        Phone phone = new Phone("805ec0dd0001");
        long id = campaigns().create(CampaignSpec.of(NEW, List.of(phone.mac.hex())).withCanary(1, 0).withPace(600, 5, 60), "tester")
                .campaign().id();
        assertThat(campaigns().get(id).state()).isEqualTo(CampaignState.DRAFT);
        assertThat(phone.fetchConfig()).as("nothing happens before the start").isNull();

        campaigns().start(id, "tester");
        awaitState(id, phone.mac, DeviceState.NOTIFIED);
        assertThat(notifier.timesFor(phone.mac)).hasSize(1);
        assertThat(row(id, phone.mac).fromVersion()).isEqualTo(OLD);

        String url = phone.fetchConfig();
        assertThat(url).contains("/firmware/yealink/" + NEW + "/").endsWith("/T46U-" + NEW + ".rom");
        phone.download(url);
        awaitState(id, phone.mac, DeviceState.DOWNLOADING);
        await("download completed", () -> row(id, phone.mac).downloadCompletedAt() != null);
        assertThat(row(id, phone.mac).bytesSent()).isEqualTo(image.length);

        // it comes back once before applying the image (still the old version), then runs the new one
        phone.fetchConfig();
        awaitState(id, phone.mac, DeviceState.REBOOTED);
        phone.version = NEW;
        assertThat(phone.fetchConfig()).as("on the target: no upgrade loop").isNull();
        awaitState(id, phone.mac, DeviceState.CONFIRMED);

        await("campaign completed", () -> campaigns().get(id).state() == CampaignState.COMPLETED);
        CampaignProgress p = campaigns().progress(id, false);
        assertThat(p.count(DeviceState.CONFIRMED)).isEqualTo(1);
        assertThat(p.models()).containsKey("T46U");
        assertThat(campaigns().get(id).finishedAt()).isNotNull();
        assertThat(deviceEvents(phone.mac, id)).containsExactly("notifying", "notified", "downloading", "rebooted", "confirmed");
        // the device keeps the campaign's version as its own target, so a model target cannot downgrade it
        Device d = server.server().inventory().devices().findByMac(phone.mac).orElseThrow();
        assertThat(server.server().firmware().targets().effective(d, shop)).map(FirmwareTargets.Effective::version).contains(NEW);
    }

    @Test
    void aCanaryFailureHaltsTheCampaignAndOnlyAPersonLetsTheRestGo() {
        Phone flaky = new Phone("805ec0dd0002");     // accepts, downloads, comes back on the old version
        Mac silent = mac(3);                          // never answers the NOTIFY
        notifier.answers.put(silent, new NotifyResult(NotifyResult.Outcome.TIMED_OUT, 0, "no final response"));
        List<String> macs = List.of(flaky.mac.hex(), silent.hex(), mac(4).hex(), mac(5).hex(), mac(6).hex());
        CampaignProgress created = campaigns().create(CampaignSpec.of(NEW, macs).withCanary(2, 0).withPace(600, 5, 6), "tester");
        long id = created.campaign().id();
        assertThat(created.canary()).containsEntry(DeviceState.PENDING, 2);
        campaigns().start(id, "tester");

        awaitState(id, silent, DeviceState.FAILED);
        assertThat(row(id, silent).detail()).contains("timed_out");
        await("halted", () -> campaigns().get(id).state() == CampaignState.HALTED);
        assertThat(campaigns().get(id).stateReason()).contains("canary failed").contains("more than 0%");

        // the canary device under way is still followed to its end
        awaitState(id, flaky.mac, DeviceState.NOTIFIED);
        String url = flaky.fetchConfig();
        flaky.download(url);
        await("download completed", () -> row(id, flaky.mac).downloadCompletedAt() != null);
        flaky.fetchConfig();
        awaitState(id, flaky.mac, DeviceState.REBOOTED);
        awaitState(id, flaky.mac, DeviceState.FAILED);
        assertThat(row(id, flaky.mac).detail()).contains("still reports " + OLD);
        assertThat(flaky.fetchConfig()).as("a failed device's campaign target is taken back").isNull();

        // nothing beyond the canary was touched
        for (int i = 4; i <= 6; i++) {
            assertThat(row(id, mac(i)).state()).isEqualTo(DeviceState.PENDING);
            assertThat(notifier.called(mac(i))).isFalse();
        }
        CampaignProgress p = campaigns().progress(id, false);
        assertThat(p.canary()).containsEntry(DeviceState.FAILED, 2);
        assertThat(p.count(DeviceState.PENDING)).isEqualTo(3);

        // a person accepts the canary result and resumes: the rest starts
        campaigns().resume(id, "tester");
        for (int i = 4; i <= 6; i++) {
            awaitState(id, mac(i), DeviceState.NOTIFIED);
        }
        campaigns().cancel(id, "tester");
        assertThat(campaigns().get(id).state()).isEqualTo(CampaignState.CANCELLED);
    }

    @Test
    void startsAtItsPaceUpToItsCapAndCancelStopsWhatHasNotStarted() {
        List<String> macs = new ArrayList<>();
        for (int i = 10; i <= 17; i++) {
            macs.add(mac(i).hex());
        }
        // 120 a minute = one every 500 ms; at most 2 at once; phones that never download time out after 4 s
        long id = campaigns().create(CampaignSpec.of(NEW, macs).withCanary(0, 0).withPace(120, 2, 4), "tester").campaign().id();
        campaigns().start(id, "tester");
        await("two started", () -> notifier.called(mac(11)));
        // the pace, from when the driver started each device (its "notifying" event)
        Instant first = startedAt(mac(10), id);
        Instant second = startedAt(mac(11), id);
        assertThat(java.time.Duration.between(first, second).toMillis()).isGreaterThanOrEqualTo(400);
        // the cap: two are in flight, the third waits for a slot although the pace would allow it
        sleep(800);
        assertThat(notifier.called(mac(12))).isFalse();
        CampaignProgress p = campaigns().progress(id, false);
        assertThat(p.count(DeviceState.NOTIFIED) + p.count(DeviceState.NOTIFYING)).isEqualTo(2);

        // the first two time out (no download within 4 s): slots free up, the next ones start
        await("third started", () -> notifier.called(mac(12)));
        assertThat(row(id, mac(10)).state()).isEqualTo(DeviceState.TIMED_OUT);
        assertThat(row(id, mac(10)).detail()).contains("no download started");

        campaigns().pause(id, "tester");
        int before = notifier.calls.size();
        sleep(1200);
        assertThat(notifier.calls.size()).as("paused: nothing new starts").isEqualTo(before);
        assertThatThrownBy(() -> campaigns().pause(id, "tester")).isInstanceOf(FirmwareException.class).hasMessageContaining("it is paused");
        campaigns().resume(id, "tester");
        campaigns().cancel(id, "tester");
        CampaignProgress after = campaigns().progress(id, false);
        assertThat(after.count(DeviceState.CANCELLED)).isGreaterThan(0);
        assertThat(after.count(DeviceState.PENDING)).isZero();
        await("cancelled campaign finished once its devices under way ended", () -> campaigns().get(id).finishedAt() != null);
        assertThat(campaigns().get(id).state()).isEqualTo(CampaignState.CANCELLED);
        assertThatThrownBy(() -> campaigns().start(id, "tester")).hasMessageContaining("it is cancelled");
    }

    @Test
    void badInputIsRefusedWithNothingStoredOrReportedPerDevice() {
        int before = campaigns().list().size();
        assertThatThrownBy(() -> campaigns().create(CampaignSpec.of("108.86.0.99", List.of(mac(20).hex())), "tester"))
                .isInstanceOf(FirmwareException.class).hasMessageContaining("version 108.86.0.99 does not exist in the catalog for T46U")
                .hasMessageContaining(NEW);
        assertThatThrownBy(() -> campaigns().create(CampaignSpec.of(NEW, List.of("not-a-mac", mac(20).hex())), "tester"))
                .hasMessageContaining("macs[0]");
        assertThatThrownBy(() -> campaigns().create(CampaignSpec.of(NEW, List.of()), "tester")).hasMessageContaining("choose devices");
        assertThatThrownBy(() -> campaigns().create(new CampaignSpec(null, NEW, null, List.of("T99"), null, null, null, null, null, null, null,
                null), "tester")).hasMessageContaining("not a supported model");
        assertThatThrownBy(() -> campaigns().create(CampaignSpec.of(NEW, List.of(mac(20).hex())).withPace(0, 1, 10), "tester"))
                .hasMessageContaining("per_minute");
        assertThatThrownBy(() -> campaigns().create(CampaignSpec.of(NEW, List.of(mac(20).hex())).withCanary(3, 0), "tester"))
                .hasMessageContaining("fewer than the canary");
        registrations.unregistered.add(server.server().inventory().devices().findByMac(mac(21)).orElseThrow().id());
        assertThatThrownBy(() -> campaigns().create(CampaignSpec.of(NEW, List.of(mac(21).hex(), "805ec0ee0001")), "tester"))
                .hasMessageContaining("no device of the selection can be upgraded").hasMessageContaining("not registered");
        assertThat(campaigns().list()).hasSize(before);

        // a mix: refused devices are kept in the record with their reason, the others take part
        CampaignProgress p = campaigns().create(CampaignSpec.of(NEW, List.of(mac(20).hex(), mac(21).hex(), "805ec0ee0001", "805ec0ffff01")),
                "tester");
        Map<Mac, CampaignDevice> rows = new java.util.HashMap<>();
        p.devices().forEach(d -> rows.put(d.mac(), d));
        assertThat(rows.get(mac(20)).state()).isEqualTo(DeviceState.PENDING);
        assertThat(rows.get(mac(21)).detail()).isEqualTo("not registered");
        assertThat(rows.get(Mac.parse("805ec0ee0001")).detail()).isEqualTo("no image of " + NEW + " for T54W");
        assertThat(rows.get(Mac.parse("805ec0ffff01")).detail()).isEqualTo("not in the inventory");
        assertThat(p.count(DeviceState.SKIPPED)).isEqualTo(3);
        // one campaign per device at a time
        CampaignProgress second = campaigns().create(CampaignSpec.of(NEW, List.of(mac(20).hex(), mac(22).hex())), "tester");
        assertThat(second.devices().stream().filter(d -> d.mac().equals(mac(20))).findFirst().orElseThrow().detail())
                .isEqualTo("in campaign " + p.campaign().id());
        campaigns().start(p.campaign().id(), "tester");
        assertThatThrownBy(() -> campaigns().start(p.campaign().id(), "tester")).hasMessageContaining("cannot start");
        campaigns().cancel(p.campaign().id(), "tester");
        campaigns().cancel(second.campaign().id(), "tester");
        assertThatThrownBy(() -> campaigns().get(999_999)).hasMessageContaining("does not exist");
    }

    @Test
    void aRestartKeepsARunningCampaignAndItsDevicesSignals() throws IOException {
        Path data = Files.createTempDirectory("phonehome-restart");
        FakeNotifier quiet = new FakeNotifier();
        Map<Setting, String> settings = Map.of(Setting.DATA_DIR, data.toString(), Setting.CAMPAIGN_TICK_MILLIS, "50");
        long id;
        Mac m = Mac.parse("805ec0dd0101");
        try (TestServer first = new TestServer(settings, new PhonehomeServer.Overrides(quiet, null))) {
            Site s = first.createSite("Shop", "Europe/Zurich");
            first.importCsv("mac,model,serial,site,extension,display_name,handset\n805ec0dd0101,T46U,,Shop,,A,\n805ec0dd0102,T46U,,Shop,,B,\n");
            FakeFirmware.write(data.resolve("firmware"), "yealink/T46U-" + NEW + ".rom", 10_000);
            first.server().firmware().catalog().refresh();
            first.server().inventory().devices().recordFetch(m, Instant.now(), "127.0.0.1", "T46U", OLD);
            id = first.server().firmware().campaigns().create(CampaignSpec.of(NEW, List.of(m.hex(), "805ec0dd0102")).withCanary(1, 0)
                    .withPace(600, 5, 600), "tester").campaign().id();
            first.server().firmware().campaigns().start(id, "tester");
            long deadline = System.currentTimeMillis() + 10_000;
            while (quiet.timesFor(m).isEmpty() && System.currentTimeMillis() < deadline) {
                sleep(20);
            }
            assertThat(quiet.timesFor(m)).hasSize(1);
            assertThat(s.id()).isPositive();
        }
        try (TestServer second = new TestServer(settings, new PhonehomeServer.Overrides(quiet, null))) {
            Campaigns c = second.server().firmware().campaigns();
            assertThat(c.get(id).state()).isEqualTo(CampaignState.RUNNING);
            CampaignDevice d = c.progress(id, true).devices().stream().filter(x -> x.mac().equals(m)).findFirst().orElseThrow();
            assertThat(d.state()).isEqualTo(DeviceState.NOTIFIED);
            // the phone comes back on the new version, talking to the restarted server
            Site s = second.server().inventory().sites().findByName("Shop").orElseThrow();
            second.fetchOk(m.hex() + ".cfg", "Yealink SIP-T46U " + NEW + " " + m.colons(), s.digestUser(), s.digestPassword());
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && c.progress(id, true).devices().stream()
                    .noneMatch(x -> x.mac().equals(m) && x.state() == DeviceState.CONFIRMED)) {
                second.flushRecords();
                sleep(20);
            }
            assertThat(c.progress(id, false).count(DeviceState.CONFIRMED)).isEqualTo(1);
            // the canary passed on the new node: the second device starts there
            while (System.currentTimeMillis() < deadline && quiet.timesFor(Mac.parse("805ec0dd0102")).isEmpty()) {
                sleep(20);
            }
            assertThat(quiet.timesFor(Mac.parse("805ec0dd0102"))).hasSize(1);
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static String hex(byte[] b) {
        return Arrays.toString(b);
    }
}
