package io.phonehome.hotdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.actions.NotifyKind;
import io.phonehome.actions.NotifyResult;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wrong-PIN lockout counts per target extension and per desk, each on its own, and ends after
 * the lock time; a move between desks re-syncs both. Driven through {@link HotDesks} with a clock
 * the test moves, on the real database.
 */
class HotDeskLockoutIT {
    static TestServer server;
    static final List<Mac> resynced = new CopyOnWriteArrayList<>();
    static HotDeskIT.MovableClock clock = new HotDeskIT.MovableClock(Instant.parse("2026-12-04T09:00:00Z"));
    static HotDesks desks;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite("Olten", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        for (int i = 1; i <= 4; i++) {
            csv.append(String.format("80:5e:c0:00:41:%02x,T46U,L%d,Olten,41%02d,Desk %d,%n", i, i, i, i));
            csv.append(String.format("80:5e:c0:00:42:%02x,T46U,M%d,Olten,42%02d,User %d,%n", i, i, i, i));
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        desks = new HotDesks(server.server().inventory(), new HotDeskRepository(server.server().database().jdbc()), server.server().events(),
                () -> (mac, kind) -> {
                    assertThat(kind).isEqualTo(NotifyKind.RESYNC);
                    resynced.add(mac);
                    return new NotifyResult(NotifyResult.Outcome.ACCEPTED, 200, "test");
                },
                new HotDeskRules("*31", "*32", Set.of("112"), LocalTime.of(3, 0), 3, Duration.ofMinutes(15)), clock, Runnable::run);
        for (int i = 1; i <= 4; i++) {
            desks.setDesk(Mac.parse(String.format("80:5e:c0:00:41:%02x", i)), true);
            desks.setPin(user(i).extension(), "10" + i + "0" + i);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Line desk(int n) {
        return server.lines(String.format("80:5e:c0:00:41:%02x", n)).get(0);
    }

    static Line user(int n) {
        return server.lines(String.format("80:5e:c0:00:42:%02x", n)).get(0);
    }

    @Test
    void wrongPinsFromOneDeskLockThatDeskForEveryExtensionButNotTheExtensionsElsewhere() {
        clock.now = clock.now.plus(Duration.ofHours(1)); // past every lock of the other tests
        assertThat(desks.login(desk(1), user(1).extension(), "0000", "t")).isEqualTo(HotDesks.Outcome.WRONG_PIN);
        assertThat(desks.login(desk(1), user(2).extension(), "0000", "t")).isEqualTo(HotDesks.Outcome.WRONG_PIN);
        assertThat(desks.login(desk(1), user(3).extension(), "0000", "t")).isEqualTo(HotDesks.Outcome.LOCKED);
        assertThat(desks.login(desk(1), user(4).extension(), "10404", "t")).isEqualTo(HotDesks.Outcome.LOCKED);
        // each of those extensions had one miss only: they log in at another desk
        assertThat(desks.login(desk(2), user(1).extension(), "10101", "t")).isEqualTo(HotDesks.Outcome.LOGGED_IN);

        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(desks.login(desk(1), user(4).extension(), "10404", "t")).isEqualTo(HotDesks.Outcome.LOGGED_IN);
        desks.logout(user(4), "t");
        desks.logout(user(1), "t");
    }

    @Test
    void wrongPinsForOneExtensionFromManyDesksLockThatExtensionEverywhere() {
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(desks.login(desk(1), user(2).extension(), "9999", "t")).isEqualTo(HotDesks.Outcome.WRONG_PIN);
        assertThat(desks.login(desk(2), user(2).extension(), "9999", "t")).isEqualTo(HotDesks.Outcome.WRONG_PIN);
        assertThat(desks.login(desk(3), user(2).extension(), "9999", "t")).isEqualTo(HotDesks.Outcome.LOCKED);
        assertThat(desks.login(desk(4), user(2).extension(), "10202", "t")).isEqualTo(HotDesks.Outcome.LOCKED);
        assertThat(desks.login(desk(4), user(3).extension(), "10303", "t")).as("desk 4 itself is not locked")
                .isEqualTo(HotDesks.Outcome.LOGGED_IN);
        desks.logout(user(3), "t");
    }

    @Test
    void movingToAnotherDeskResyncsBothAndTheOldDeskCarriesItsOwnLineAgain() {
        clock.now = clock.now.plus(Duration.ofHours(2));
        Mac d3 = Mac.parse("80:5e:c0:00:41:03");
        Mac d4 = Mac.parse("80:5e:c0:00:41:04");
        long id3 = desk(3).deviceId();
        var device3 = server.server().inventory().devices().findById(id3).orElseThrow();
        assertThat(desks.login(desk(3), user(4).extension(), "10404", "t")).isEqualTo(HotDesks.Outcome.LOGGED_IN);
        assertThat(desks.linesOf(device3, List.of(desk(3)))).extracting(Line::extension).containsExactly(user(4).extension());
        resynced.clear();
        long before = desks.generation();
        assertThat(desks.login(desk(4), user(4).extension(), "10404", "t")).isEqualTo(HotDesks.Outcome.LOGGED_IN);
        assertThat(resynced).containsExactlyInAnyOrder(d3, d4);
        assertThat(desks.generation()).isGreaterThan(before);
        assertThat(desks.linesOf(device3, List.of(desk(3)))).extracting(Line::extension).containsExactly(desk(3).extension());
        assertThat(desks.isRestricted(desk(3))).isTrue();
        assertThat(desks.isRestricted(user(4))).isFalse();
        assertThat(desks.deviceOf(user(4))).isEqualTo(desk(4).deviceId());
        desks.logout(user(4), "t");
    }

    @Test
    void aDeletedDeskLeavesNoSeatBehind() {
        clock.now = clock.now.plus(Duration.ofHours(3));
        server.importCsv("mac,model,serial,site,extension,display_name,handset\n80:5e:c0:00:41:09,T46U,L9,Olten,4109,Desk 9,\n");
        desks.setDesk(Mac.parse("80:5e:c0:00:41:09"), true);
        Line desk9 = server.lines("80:5e:c0:00:41:09").get(0);
        assertThat(desks.login(desk9, user(3).extension(), "10303", "t")).isEqualTo(HotDesks.Outcome.LOGGED_IN);
        assertThat(desks.deviceOf(user(3))).isEqualTo(desk9.deviceId());
        server.server().inventory().devices().delete(desk9.deviceId());
        desks.refreshIfStale();
        assertThat(desks.seatAt(desk9.deviceId())).isEmpty();
        assertThat(desks.isDesk(desk9.deviceId())).isFalse();
        assertThat(desks.deviceOf(user(3))).isEqualTo(user(3).deviceId());
    }

    @Test
    void aDectBaseWithHandsetsCannotBeAHotDesk() {
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                00:04:13:00:41:0a,M700,B1,Olten,4150,Hall,1
                """).errors()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> desks.setDesk(Mac.parse("00:04:13:00:41:0a"), true))
                .isInstanceOf(io.phonehome.inventory.ValidationException.class).hasMessageContaining("handsets");
        assertThat(desks.isDesk(server.lines("00:04:13:00:41:0a").get(0).deviceId())).isFalse();
    }

    @Test
    void hotDeskSettingsThatCannotWorkStopTheStartWithTheirName() {
        for (var bad : List.of(java.util.Map.of(io.phonehome.config.Setting.HOTDESK_LOGOUT_CODE, "*31*9"),
                java.util.Map.of(io.phonehome.config.Setting.HOTDESK_NIGHTLY_LOGOUT, "25:00"),
                java.util.Map.of(io.phonehome.config.Setting.HOTDESK_LOGIN_CODE, "*3a"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TestServer(bad).close())
                    .hasMessageContaining(bad.keySet().iterator().next().key());
        }
    }
}
