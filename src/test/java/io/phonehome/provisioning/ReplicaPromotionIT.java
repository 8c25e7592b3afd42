package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phonehome.config.Setting;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Site;
import io.phonehome.testing.PostgresCluster;
import io.phonehome.testing.TestPostgres;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A primary and a streaming-replication standby (two local PostgreSQL clusters; {@code pg_ctl
 * promote} stands in for Patroni or pg_auto_failover): Phonehome is told both hosts with
 * {@code targetServerType=primary}, works on the primary, and when the primary dies and the standby
 * is promoted it follows the new primary by its connection settings alone, reads and writes, within
 * a bounded time. Not tagged quiet: the database it kills is its own, and most of its two minutes
 * are waits (the standby's start, the driver's host re-check) that other tests can use.
 */
class ReplicaPromotionIT {
    static final String MAC = "805ec0180001";
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:18:00:01";
    static final String LATE_MAC = "805ec0180002";
    static final String LATE_UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:18:00:02";
    static final Duration FOLLOW_WITHIN = Duration.ofSeconds(90);

    @Test
    void afterThePrimaryDiesAndTheStandbyIsPromotedTheServerReadsAndWritesOnTheNewPrimary() throws Exception {
        try (PostgresCluster primary = PostgresCluster.primary()) {
            primary.createDatabase("promo");
            try (PostgresCluster standby = primary.standby()) {
                String url = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                        + "/promo?targetServerType=primary";
                try (TestServer server = new TestServer(Map.of(Setting.DB_URL, url, Setting.DB_USER, TestPostgres.USER,
                        Setting.DB_PASSWORD, TestPostgres.PASSWORD))) {
                    Site site = server.createTrustingSite("Aarau", "Europe/Zurich");
                    ImportReport r = server.importCsv("mac,model,serial,site,extension,display_name,transport,srtp,line\n"
                            + MAC + ",T46U,,Aarau,801,Anna,,,1\n");
                    assertThat(r.errors()).isEmpty();
                    assertThat(server.get(MAC + ".cfg", UA).statusCode()).isEqualTo(200);
                    String token = server.adminToken();
                    assertThat(setVoicemailNumber(server, token, site, "*97").statusCode()).isEqualTo(200);
                    assertThat(inRecovery(standby)).as("the standby follows the primary").isTrue();
                    awaitReplayed(primary, standby);

                    primary.stop("immediate");
                    standby.promote();
                    assertThat(inRecovery(standby)).as("promoted").isFalse();

                    // writes and reads on the new primary, by the connection settings alone
                    long deadline = System.nanoTime() + FOLLOW_WITHIN.toNanos();
                    int write = 0;
                    while (System.nanoTime() < deadline) {
                        write = setVoicemailNumber(server, token, site, "*98").statusCode();
                        if (write == 200) {
                            break;
                        }
                        assertThat(write).as("while it follows: unavailable, never an internal error").isEqualTo(503);
                        Thread.sleep(500);
                    }
                    assertThat(write).as("a write through the admin API within " + FOLLOW_WITHIN).isEqualTo(200);
                    assertThat(server.adminGet("/api/v1/events?limit=5", token).statusCode()).isEqualTo(200);
                    assertThat(server.adminGet("/api/v1/settings/site:" + site.id(), token).body()).contains("*98");
                    // a phone added after the failover: written and served from the new primary
                    assertThat(server.importCsv("mac,model,serial,site,extension,display_name,transport,srtp,line\n"
                            + LATE_MAC + ",T46U,,Aarau,802,Bruno,,,1\n").errors()).isEmpty();
                    assertThat(server.get(LATE_MAC + ".cfg", LATE_UA).statusCode()).isEqualTo(200);
                    // what was written before the failover is there, and so is what came after
                    assertThat(countDevices(standby)).isEqualTo(2);
                }
            }
        }
    }

    static HttpResponse<String> setVoicemailNumber(TestServer server, String token, Site site, String number) throws Exception {
        return server.adminJson("PUT", "/api/v1/settings/site:" + site.id(), token,
                new ObjectMapper().writeValueAsString(Map.of("name", "voicemail.number", "value", number)));
    }

    static boolean inRecovery(PostgresCluster pg) throws Exception {
        try (Connection c = pg.superuser("promo"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Waits until the standby has replayed everything the primary has written so far (replication is asynchronous). */
    static void awaitReplayed(PostgresCluster primary, PostgresCluster standby) throws Exception {
        String lsn;
        try (Connection c = primary.superuser("promo"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            lsn = rs.getString(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection c = standby.superuser("promo");
             PreparedStatement ps = c.prepareStatement("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), ?::pg_lsn) >= 0")) {
            ps.setString(1, lsn);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the standby did not replay up to " + lsn + " within 60 s");
    }

    static long countDevices(PostgresCluster pg) throws Exception {
        try (Connection c = pg.superuser("promo");
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM devices WHERE mac IN (?, ?)")) {
            ps.setString(1, MAC);
            ps.setString(2, LATE_MAC);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
