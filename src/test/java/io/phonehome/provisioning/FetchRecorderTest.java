package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.events.EventLog;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceDirectory;
import io.phonehome.inventory.DeviceImport;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.testing.TestDatabase;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FetchRecorderTest {
    static final Mac A = Mac.parse("001565aa0001");
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    TestDatabase db;
    Inventory inv;
    EventLog events;
    DeviceDirectory directory;
    FetchRecorder recorder;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        inv = db.inventory();
        inv.createSite(SiteSpec.named("Zurich HQ", "Europe/Zurich"));
        inv.importer().run(new StringReader("mac,model,site\n001565aa0001,T46U,Zurich HQ\n"), DeviceImport.Mode.CREATE_ONLY, false);
        events = new EventLog(db.database().jdbc(), 1000);
        events.start();
        directory = new DeviceDirectory(db.database().jdbc(), inv.devices(), inv.sites(), 1000, Duration.ZERO);
    }

    @AfterEach
    void tearDown() {
        recorder.close();
        directory.close();
        events.close();
        db.close();
    }

    FetchRecorder open(Duration resolution) {
        recorder = new FetchRecorder(db.database().jdbc(), inv.devices(), directory, inv.servedFiles(), events, 1000, resolution);
        recorder.start();
        return recorder;
    }

    void fetch(Instant at, String address, String firmware, String body) {
        Device known = directory.find(A).orElseThrow().device();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        recorder.record(new FetchRecorder.Fetch(at, known, address, "T46U", firmware, "001565aa0001.cfg", "ok", "file=001565aa0001.cfg",
                new FetchRecorder.Served(bytes, "\"" + body.hashCode() + "\"", "https://prov/", "prov")));
        recorder.flush(5_000);
    }

    Device stored() {
        return inv.devices().findByMac(A).orElseThrow();
    }

    long fetchEvents() {
        return db.database().jdbc().queryLong("SELECT COUNT(*) FROM events WHERE type = 'config_fetch' AND mac = ?", A.hex());
    }

    @Test
    void aPhonePollingWithinTheResolutionCostsOneRowWriteButEveryFetchIsAnEvent() {
        open(Duration.ofSeconds(60));
        fetch(T0, "10.0.0.5", "108.86.0.10", "v1");
        fetch(T0.plusSeconds(20), "10.0.0.5", "108.86.0.10", "v1");
        fetch(T0.plusSeconds(40), "10.0.0.5", "108.86.0.10", "v1");
        assertThat(stored().lastSeen()).isEqualTo(T0);
        assertThat(fetchEvents()).isEqualTo(3);
        fetch(T0.plusSeconds(61), "10.0.0.5", "108.86.0.10", "v1");
        assertThat(stored().lastSeen()).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void aNewAddressOrANewFirmwareIsWrittenAtOnce() {
        open(Duration.ofSeconds(60));
        fetch(T0, "10.0.0.5", "108.86.0.10", "v1");
        fetch(T0.plusSeconds(5), "10.0.0.6", "108.86.0.10", "v1");
        assertThat(stored().lastAddress()).isEqualTo("10.0.0.6");
        fetch(T0.plusSeconds(10), "10.0.0.6", "108.86.0.20", "v1");
        assertThat(stored().reportedFirmware()).isEqualTo("108.86.0.20");
        assertThat(stored().lastSeen()).isEqualTo(T0.plusSeconds(10));
        // The directory learns it too, without being made stale.
        assertThat(directory.complete()).isTrue();
        assertThat(directory.findInMemory(A).orElseThrow().device().reportedFirmware()).isEqualTo("108.86.0.20");
    }

    @Test
    void withAZeroResolutionEveryFetchIsWritten() {
        open(Duration.ZERO);
        fetch(T0, "10.0.0.5", "108.86.0.10", "v1");
        fetch(T0.plusSeconds(1), "10.0.0.5", "108.86.0.10", "v1");
        assertThat(stored().lastSeen()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void servedBytesAreKeptWhenTheyChangeAndNotRewrittenOtherwise() {
        open(Duration.ofSeconds(60));
        fetch(T0, "10.0.0.5", "108.86.0.10", "v1");
        fetch(T0.plusSeconds(1), "10.0.0.5", "108.86.0.10", "v1");
        assertThat(inv.servedFiles().find(A, "001565aa0001.cfg").orElseThrow().since()).isEqualTo(T0);
        fetch(T0.plusSeconds(2), "10.0.0.5", "108.86.0.10", "v2");
        var kept = inv.servedFiles().find(A, "001565aa0001.cfg").orElseThrow();
        assertThat(new String(kept.body(), StandardCharsets.UTF_8)).isEqualTo("v2");
        assertThat(kept.since()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void servedBytesOfADeviceDeletedAndImportedAgainAreKeptAgain() throws Exception {
        open(Duration.ofSeconds(60));
        fetch(T0, "10.0.0.5", "108.86.0.10", "v1");
        inv.devices().delete(stored().id());
        inv.importer().run(new StringReader("mac,model,site\n001565aa0001,T46U,Zurich HQ\n"), DeviceImport.Mode.CREATE_ONLY, false);
        fetch(T0.plusSeconds(1), "10.0.0.5", "108.86.0.10", "v1");
        assertThat(inv.servedFiles().find(A, "001565aa0001.cfg")).isPresent();
    }
}
