package io.phonehome.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} on the admin listener after real phone fetches, SIP registrations and an
 * import: each counter moves by exactly what the test did, the histograms count the requests, and
 * the JVM and pool figures are there. Only an API token may scrape.
 */
class MetricsIT {
    static final String SITE_USER = "site-metrics";
    static final String SITE_PASSWORD = "Metrics-Site-Pass-1";
    static final String UA1 = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:77:00:01";
    static final String UA2 = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:77:00:02";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withSip(Map.of());
        server.createSite(SiteSpec.named("Metrics", "Europe/Zurich").withDigest(SITE_USER, SITE_PASSWORD));
        assertThat(server.importCsv("mac,model,serial,site,extension,display_name,handset\n"
                + "80:5e:c0:77:00:01,T46U,M1,Metrics,701,One,\n80:5e:c0:77:00:02,T46U,M2,Metrics,702,Two,\n").errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void phoneFetchesUnknownMacsAndAuthFailuresMoveTheirCountersByWhatHappened() {
        String before = scrape();
        for (int i = 0; i < 3; i++) {
            server.fetchOk("805ec0770001.cfg", UA1, SITE_USER, SITE_PASSWORD);
        }
        server.get("805ec07700f1.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:77:00:f1");
        server.get("805ec07700f2.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:77:00:f2");
        assertThat(server.getWithDigest("805ec0770002.cfg", UA2, SITE_USER, "not-the-password").statusCode()).isEqualTo(401);
        server.flushRecords();

        String after = eventually(() -> scrape(), s -> delta(before, s, "phonehome_events_total", "type", "auth_failure") >= 1);
        assertThat(delta(before, after, "phonehome_phone_requests_total", "vendor", "yealink", "result", "served")).isEqualTo(3);
        assertThat(delta(before, after, "phonehome_phone_tallied_total", "type", "unknown_mac")).isEqualTo(2);
        assertThat(delta(before, after, "phonehome_events_total", "type", "auth_failure")).isEqualTo(1);
        assertThat(delta(before, after, "phonehome_events_total", "type", "config_fetch", "outcome", "ok")).isEqualTo(3);
        // every request of the phone listener is timed: 3 x (challenge + answer), 2 unknown, 2 for the wrong password
        assertThat(delta(before, after, "phonehome_http_request_seconds_count", "listener", "phones")).isEqualTo(10);
        assertThat(value(after, "phonehome_http_request_seconds_bucket", "listener", "phones", "le", "+Inf")).isPositive();
    }

    @Test
    void registrationsAndTheirFailuresAreCountedBySipStatus() {
        Line line = server.firstLine("805ec0770001");
        String before = scrape();
        try (SipTestClient c = SipTestClient.udp(server.server().sipPort())) {
            SipMessage ok = c.registerWithDigest(line.extension(), line.authUser(), line.password(), UUID.randomUUID() + "@t", 1,
                    c.contact(line.extension()), 600, UA1, null);
            assertThat(ok.status()).isEqualTo(200);
            SipMessage refused = c.registerWithDigest(line.extension(), line.authUser(), "wrong-" + line.password(), UUID.randomUUID() + "@t", 1,
                    c.contact(line.extension()), 600, UA1, null);
            assertThat(refused.status()).isBetween(400, 499);
        }
        // the handling time is recorded once the handler returns, just after its response left: wait for both
        String after = eventually(() -> scrape(), s -> delta(before, s, "phonehome_events_total", "type", "sip_registration", "outcome", "registered") >= 1
                && delta(before, s, "phonehome_sip_request_seconds_count", "method", "REGISTER") >= 4);
        assertThat(delta(before, after, "phonehome_sip_responses_total", "method", "REGISTER", "status", "200")).isEqualTo(1);
        double refusals = 0;
        for (String status : new String[] {"401", "403"}) {
            refusals += delta(before, after, "phonehome_sip_responses_total", "method", "REGISTER", "status", status);
        }
        assertThat(refusals).as("two challenges and one refusal").isEqualTo(3);
        assertThat(delta(before, after, "phonehome_sip_request_seconds_count", "method", "REGISTER")).isEqualTo(4);
        assertThat(delta(before, after, "phonehome_events_total", "type", "sip_registration", "outcome", "registered")).isEqualTo(1);
    }

    @Test
    void anImportIsMeasuredByItsRows() {
        String before = scrape();
        HttpResponse<String> r = server.admin("POST", "/api/v1/devices/import", server.adminToken(), "text/csv",
                ("mac,model,serial,site,extension,display_name,handset\n80:5e:c0:77:00:11,T46U,M11,Metrics,711,A,\n"
                        + "80:5e:c0:77:00:12,T46U,M12,Metrics,712,B,\n80:5e:c0:77:00:13,T46U,M13,Metrics,713,C,\n").getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        String after = scrape();
        assertThat(delta(before, after, "phonehome_import_rows_count", "kind", "devices")).isEqualTo(1);
        assertThat(delta(before, after, "phonehome_import_rows_sum", "kind", "devices")).isEqualTo(3);
        assertThat(delta(before, after, "phonehome_http_request_seconds_count", "listener", "admin", "status", "2xx")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void jvmPoolAndCertificateFiguresAreThere() {
        String s = scrape();
        assertThat(value(s, "jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(value(s, "phonehome_db_pool_open")).isPositive();
        assertThat(value(s, "phonehome_tls_certificate_expiry_seconds")).isEqualTo(
                (double) server.server().certificateAuthority().serverKeys().current().notAfter().getEpochSecond());
    }

    @Test
    void onlyAnApiTokenMayScrape() {
        assertThat(server.adminGet("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(server.adminGet("/metrics", "not-a-token-of-this-server-at-all-0123456789").statusCode()).isEqualTo(401);
        HttpResponse<String> r = server.adminGet("/metrics", server.adminToken());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    static String scrape() {
        HttpResponse<String> r = server.adminGet("/metrics", server.adminToken());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static String eventually(Supplier<String> scrape, java.util.function.Predicate<String> done) {
        long deadline = System.currentTimeMillis() + 30_000;
        String s = scrape.get();
        while (!done.test(s) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            server.flushRecords();
            s = scrape.get();
        }
        return s;
    }

    static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)", Pattern.MULTILINE);

    /** The sum of the samples named {@code name} that carry every given label pair; 0 when there is none. */
    static double value(String scrape, String name, String... labels) {
        double sum = 0;
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            String ls = m.group(3) == null ? "" : m.group(3);
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (!ls.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                    all = false;
                    break;
                }
            }
            if (all) {
                sum += Double.parseDouble(m.group(4));
            }
        }
        return sum;
    }
}
