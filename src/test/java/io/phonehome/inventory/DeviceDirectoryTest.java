package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestDatabase;
import java.io.StringReader;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceDirectoryTest {
    static final Mac A = Mac.parse("001565aa0001");
    static final Mac B = Mac.parse("001565aa0002");
    static final Mac UNKNOWN = Mac.parse("001565aa00ff");

    TestDatabase db;
    Inventory inv;
    Site site;
    DeviceDirectory dir;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        inv = db.inventory();
        site = inv.createSite(SiteSpec.named("Zurich HQ", "Europe/Zurich"));
        inv.importer().run(new StringReader("mac,model,site\n001565aa0001,T46U,Zurich HQ\n001565aa0002,T54W,Zurich HQ\n"),
                DeviceImport.Mode.CREATE_ONLY, false);
    }

    @AfterEach
    void tearDown() {
        if (dir != null) {
            dir.close();
        }
        db.close();
    }

    DeviceDirectory open(int capacity) {
        dir = new DeviceDirectory(db.database().jdbc(), inv.devices(), inv.sites(), capacity, Duration.ZERO);
        return dir;
    }

    @Test
    void everyDeviceIsInMemoryAtStartAndAnUnknownMacNeedsNoQuery() {
        open(1000);
        assertThat(dir.complete()).isTrue();
        assertThat(dir.size()).isEqualTo(2);
        Optional<DeviceSnapshot.Head> a = dir.findInMemory(A);
        assertThat(a).isPresent();
        assertThat(a.get().device().model()).isEqualTo("T46U");
        assertThat(a.get().site().name()).isEqualTo("Zurich HQ");
        assertThat(dir.findInMemory(UNKNOWN)).isEmpty();
        // One Site object per site, not one per device.
        assertThat(dir.findInMemory(B).orElseThrow().site()).isSameAs(a.get().site());
    }

    @Test
    void aCommittedChangeToASiteIsSeenByTheVeryNextLookup() {
        open(1000);
        inv.updateSite(site.id(), SiteSpec.named("Zurich HQ", "Europe/Berlin"));
        // Not answerable from memory any more: stale until the background re-read.
        assertThat(dir.findInMemory(A)).isNull();
        assertThat(dir.find(A).orElseThrow().site().timeZone()).isEqualTo("Europe/Berlin");
        assertThat(dir.findInMemory(A).orElseThrow().site().timeZone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void aChangeNamingItsDeviceMakesOnlyThatEntryStaleAndReadsNothingElse() {
        open(1000);
        long loads = dir.fullLoads();
        inv.devices().updateAssignment(inv.devices().findByMac(B).orElseThrow().id(), "yealink", "T57W", "SN9", site.id());
        assertThat(dir.findInMemory(B)).as("B must be read again").isNull();
        assertThat(dir.findInMemory(A)).as("A is still current").isPresent();
        assertThat(dir.findInMemory(UNKNOWN)).as("still complete: an unknown MAC needs no query").isEmpty();
        assertThat(dir.find(B).orElseThrow().device().model()).isEqualTo("T57W");
        assertThat(dir.findInMemory(B).orElseThrow().device().model()).isEqualTo("T57W");
        assertThat(dir.fullLoads()).isEqualTo(loads);
        assertThat(dir.rowsMadeStale()).isEqualTo(1);
    }

    @Test
    void afterATableWideChangeTheBackgroundReReadMakesItCompleteAgain() throws Exception {
        open(1000);
        long loads = dir.fullLoads();
        inv.updateSite(site.id(), SiteSpec.named("Zurich HQ", "Europe/Berlin"));
        assertThat(dir.complete()).isFalse();
        long deadline = System.currentTimeMillis() + 5_000;
        while (!dir.complete() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(dir.complete()).isTrue();
        assertThat(dir.findInMemory(B).orElseThrow().site().timeZone()).isEqualTo("Europe/Berlin");
        assertThat(dir.fullLoads()).isEqualTo(loads + 1);
    }

    @Test
    void aDeletedDeviceIsGoneAtOnce() {
        open(1000);
        inv.devices().delete(inv.devices().findByMac(A).orElseThrow().id());
        assertThat(dir.find(A)).isEmpty();
    }

    @Test
    void reportedFactsUpdateTheEntryInPlaceWithoutMakingAnythingStale() {
        open(1000);
        dir.reported(A, "T46U", "108.86.0.20");
        assertThat(dir.complete()).isTrue();
        Device a = dir.findInMemory(A).orElseThrow().device();
        assertThat(a.reportedFirmware()).isEqualTo("108.86.0.20");
        assertThat(a.reportedModel()).isEqualTo("T46U");
        dir.reported(A, null, null);
        assertThat(dir.findInMemory(A).orElseThrow().device().reportedFirmware()).isEqualTo("108.86.0.20");
    }

    @Test
    void lastSeenWritesDoNotMakeItStale() {
        open(1000);
        inv.devices().recordSightings(java.util.List.<Object[]>of(new Object[] {java.time.Instant.now(), "10.0.0.5", A.hex()}));
        assertThat(dir.complete()).isTrue();
        assertThat(dir.findInMemory(A)).isPresent();
    }

    @Test
    void withoutCapacityEveryLookupReadsTheDatabaseAndIsStillRight() {
        open(0);
        assertThat(dir.complete()).isFalse();
        assertThat(dir.findInMemory(A)).isNull();
        assertThat(dir.find(A).orElseThrow().device().model()).isEqualTo("T46U");
        assertThat(dir.find(UNKNOWN)).isEmpty();
        assertThat(dir.size()).isZero();
    }

    @Test
    void anUnknownMacHasARealDeviceStandingInForItTheSameOneEachTime() {
        open(1000);
        Mac standIn = dir.standInFor(UNKNOWN).device().mac();
        assertThat(standIn).isIn(A, B);
        assertThat(dir.standInFor(UNKNOWN).device().mac()).isEqualTo(standIn);
        // Its site too: the stand-in costs what a known device's lookup costs.
        assertThat(dir.standInFor(UNKNOWN).site().name()).isEqualTo("Zurich HQ");
    }

    @Test
    void noStandInWhileTheDirectoryIsNotComplete() {
        open(0);
        assertThat(dir.standInFor(UNKNOWN)).isNull();
        dir.close();
        open(1000);
        inv.updateSite(site.id(), SiteSpec.named("Zurich HQ", "Europe/Berlin"));   // stale until re-read
        assertThat(dir.standInFor(UNKNOWN)).isNull();
    }
}
