package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.ImportReport;
import io.phonehome.store.Database;
import io.phonehome.testing.PostgresCluster;
import io.phonehome.testing.TestPostgres;
import io.phonehome.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts while phones fetch their files and an admin reads the event log, on a
 * real PostgreSQL cluster of this test's own: no request hangs past the pool's connection timeout,
 * what cannot be answered is a 503 with {@code Retry-After} (plain text to phones, problem+json
 * to the admin API, never a 500), both work again once the database is back, and every served fetch
 * is in the event log exactly once (the fetch records queued during the outage are written after
 * it, none twice). Tagged quiet: it stops a database for seconds and measures how long answers take.
 */
@Tag("quiet")
class DatabaseRestartIT {
    static final String MAC = "805ec0170001";
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:17:00:01";
    /** A phone first seen during the outage: its file needs the database (the Fanvil revision counter lives there). */
    static final String LATE_MAC = "0c383e170002";
    static final String LATE_UA = "Fanvil X4U 2.12.16.17 " + LATE_MAC;
    /** The pool's connection timeout (store.Database) plus a generous margin for a loaded two-core machine. */
    static final Duration LONGEST_ANSWER = Database.CONNECTION_TIMEOUT.plusSeconds(15);
    /**
     * Longer than the pool's connection timeout: a request that starts as the database stops
     * waits for a connection until it times out (503), instead of being served once it is back.
     * A shorter outage made the late phone's 503 a race it lost on a faster machine.
     */
    static final Duration OUTAGE = Database.CONNECTION_TIMEOUT.plusSeconds(3);

    record Answer(String who, int status, String retryAfter, String contentType, long millis, boolean afterRestart) {
    }

    @Test
    void aRestartUnderLoadGivesClearRetryableAnswersAndKeepsEveryFetchRecordOnce() throws Exception {
        try (PostgresCluster pg = PostgresCluster.primary();
             TestServer server = new TestServer(Map.of(Setting.DB_URL, pg.createDatabase("restart"),
                     Setting.DB_USER, TestPostgres.USER, Setting.DB_PASSWORD, TestPostgres.PASSWORD))) {
            server.createTrustingSite("Luzern", "Europe/Zurich");
            ImportReport r = server.importCsv("mac,model,serial,site,extension,display_name,transport,srtp,line\n"
                    + MAC + ",T46U,,Luzern,701,Anna,,,1\n"
                    + LATE_MAC + ",X4U,,Luzern,702,Bruno,,,1\n");
            assertThat(r.errors()).isEmpty();
            String token = server.adminToken();
            assertThat(server.get(MAC + ".cfg", UA).statusCode()).isEqualTo(200);

            List<Answer> answers = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean restarted = new AtomicBoolean(false);
            List<Throwable> hung = new CopyOnWriteArrayList<>();
            Thread phone = new Thread(() -> load(running, hung, () -> {
                HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + MAC + ".cfg"))
                        .header("User-Agent", UA).timeout(Duration.ofSeconds(60)).GET().build();
                boolean after = restarted.get();
                long start = System.nanoTime();
                answers.add(answer("phone", server.client().send(req, HttpResponse.BodyHandlers.ofString()), start, after));
            }), "restart-test-phone");
            AtomicBoolean outage = new AtomicBoolean(false);
            Thread late = new Thread(() -> load(running, hung, () -> {
                if (!outage.get() && !restarted.get()) {
                    return;
                }
                HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + LATE_MAC + ".cfg"))
                        .header("User-Agent", LATE_UA).timeout(Duration.ofSeconds(60)).GET().build();
                boolean after = restarted.get();
                long start = System.nanoTime();
                answers.add(answer("late phone", server.client().send(req, HttpResponse.BodyHandlers.ofString()), start, after));
            }), "restart-test-late-phone");
            Thread admin = new Thread(() -> load(running, hung, () -> {
                HttpRequest req = HttpRequest.newBuilder(URI.create(server.adminUrl() + "/api/v1/events?mac=" + MAC + "&limit=1"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build();
                boolean after = restarted.get();
                long start = System.nanoTime();
                answers.add(answer("admin", server.client().send(req, HttpResponse.BodyHandlers.ofString()), start, after));
            }), "restart-test-admin");
            phone.start();
            late.start();
            admin.start();
            Thread.sleep(1500);

            pg.stop("fast");
            outage.set(true);
            Thread.sleep(OUTAGE.toMillis());
            pg.start();
            restarted.set(true);

            // both work again within a bounded time once the database is back
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && !(served(answers, "phone") && served(answers, "admin"))) {
                Thread.sleep(200);
            }
            Thread.sleep(500);
            running.set(false);
            phone.join(70_000);
            late.join(70_000);
            admin.join(70_000);

            assertThat(hung).as("requests that got no answer at all").isEmpty();
            assertThat(served(answers, "phone")).as("a phone is served again after the restart").isTrue();
            assertThat(served(answers, "admin")).as("the admin API answers again after the restart").isTrue();
            assertThat(served(answers, "late phone")).as("the phone first seen during the outage is served after it").isTrue();
            for (Answer a : answers) {
                assertThat(a.millis()).as(a.toString()).isLessThan(LONGEST_ANSWER.toMillis());
                assertThat(a.status()).as(a.toString()).isIn(200, 503);
                if (a.status() == 503) {
                    assertThat(a.retryAfter()).as(a.toString()).isNotNull().containsOnlyDigits();
                    if (a.who().equals("admin")) {
                        assertThat(a.contentType()).as(a.toString()).startsWith("application/problem+json");
                    }
                }
            }
            assertThat(answers).as("the outage was seen: the event log cannot be read without the database")
                    .anyMatch(a -> a.who().equals("admin") && a.status() == 503);
            assertThat(answers).as("the outage was seen by the phone whose file needs the database")
                    .anyMatch(a -> a.who().equals("late phone") && a.status() == 503);

            // every served fetch is recorded once: the ones queued during the outage are written after it
            long servedFetches = answers.stream().filter(a -> a.who().equals("phone") && a.status() == 200).count() + 1;
            long recorded = 0;
            long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < waitUntil) {
                server.flushRecords();
                recorded = countFetchEvents(pg);
                if (recorded >= servedFetches) {
                    break;
                }
                Thread.sleep(500);
            }
            Thread.sleep(1000);
            server.flushRecords();
            assertThat(countFetchEvents(pg)).as("config_fetch events of the phone (served fetches: " + servedFetches + ")")
                    .isEqualTo(servedFetches);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    static void load(AtomicBoolean running, List<Throwable> hung, Step step) {
        while (running.get()) {
            try {
                step.run();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                hung.add(e);
            }
        }
    }

    static Answer answer(String who, HttpResponse<String> r, long startNanos, boolean afterRestart) {
        return new Answer(who, r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                r.headers().firstValue("Content-Type").orElse(""), (System.nanoTime() - startNanos) / 1_000_000, afterRestart);
    }

    static boolean served(List<Answer> answers, String who) {
        return answers.stream().anyMatch(a -> a.who().equals(who) && a.afterRestart() && a.status() == 200);
    }

    static long countFetchEvents(PostgresCluster pg) throws Exception {
        try (Connection c = pg.superuser("restart");
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM events WHERE type = 'config_fetch' AND outcome = 'ok' AND mac = ?")) {
            ps.setString(1, MAC);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
