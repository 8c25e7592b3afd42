package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.firmware.DownloadTokens;
import io.phonehome.inventory.Mac;
import io.phonehome.pki.TlsContexts;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.RawHttpsConnection;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * One client floods the phone listener with requests for unknown MACs over many keep-alive
 * connections: what that may cost in rows and bytes is bounded, and the events that matter
 * (a real phone's fetch, a failed login, a firmware download) are all still recorded.
 */
@org.junit.jupiter.api.Tag("quiet") // a flood or a timing measure: run alone, see pom.xml
class UnauthenticatedFloodIT {
    static final int CONNECTIONS = 8;
    static final int PIPELINE = 200;
    static final String PHONE = "805ec0bb0001";
    static final String PHONE_UA = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:bb:00:01";
    static final String LOCKED = "805ec0aa0002";
    static final String LOCKED_UA = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:aa:00:02";

    /** What the flood got back, by status. */
    record Flood(Map<Integer, AtomicInteger> statuses, long requests, long millis) {
        int count(int status) {
            AtomicInteger n = statuses.get(status);
            return n == null ? 0 : n.get();
        }
    }

    static Flood flood(TestServer server, int total, long maxMillis) throws InterruptedException {
        SSLContext tls = TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + maxMillis * 1_000_000;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CONNECTIONS; t++) {
            Thread th = new Thread(() -> {
                try (RawHttpsConnection c = new RawHttpsConnection(tls, server.server().httpsPort())) {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline && sent.addAndGet(PIPELINE) <= total) {
                        java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
                        for (int i = 0; i < PIPELINE; i++) {
                            Mac mac = Mac.parse(String.format("0015%08x", rnd.nextInt() & 0x7fffffff));
                            batch.writeBytes(RawHttpsConnection.get(mac.hex() + ".cfg", "Yealink SIP-T46U 108.86.0.10 " + mac.colons()));
                        }
                        c.write(batch.toByteArray());
                        for (int i = 0; i < PIPELINE; i++) {
                            statuses.computeIfAbsent(c.read().status(), s -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }
            }, "flood-" + t);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        long answered = statuses.values().stream().mapToLong(AtomicInteger::get).sum();
        return new Flood(statuses, answered, (System.nanoTime() - start) / 1_000_000);
    }

    static long databaseBytes(TestServer server) throws Exception {
        server.server().database().jdbc().execute("CHECKPOINT");
        return Files.size(server.dataDir().resolve("phonehome.mv.db"));
    }

    static long countSum(List<Event> events) {
        Pattern p = Pattern.compile("count=(\\d+)");
        long sum = 0;
        for (Event e : events) {
            Matcher m = p.matcher(e.detail());
            assertThat(m.find()).as(e.detail()).isTrue();
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    @Test
    void aFloodOfUnknownMacsCostsOneEventPerSourceAndIntervalAndTheEventsThatMatterAreAllRecorded() throws Exception {
        // The budget is opened wide (as for many sources, or a generous operator): every request
        // reaches the unknown-MAC path. The queues are small, so a flood that went through them
        // would push out what matters.
        try (TestServer server = new TestServer(Map.of(Setting.PHONE_BUDGET_BURST, "1000000", Setting.PHONE_BUDGET_PER_MINUTE, "10000000",
                Setting.UNKNOWN_MAC_SUMMARY_SECONDS, "1", Setting.FETCH_QUEUE_SIZE, "1000"))) {
            server.createSite("Shop", "Europe/Zurich");
            server.createTrustingSite("Lan", "Europe/Zurich");
            assertThat(server.importCsv("mac,model,site\n" + PHONE + ",T46U,Lan\n" + LOCKED + ",T46U,Shop\n").errors()).isEmpty();
            Path fw = server.dataDir().resolve("firmware");
            FakeFirmware.write(fw, "yealink/T46U-108.86.0.20.rom", 50_000);
            server.server().firmware().catalog().refresh();
            String image = "firmware/yealink/108.86.0.20/"
                    + DownloadTokens.segment(server.server().inventory().devices().findByMac(Mac.parse(PHONE)).orElseThrow()) + "/T46U-108.86.0.20.rom";
            long bytesBefore = databaseBytes(server);
            long rowsBefore = server.server().events().count();

            int rounds = 10;   // failed logins stay under the probe limit (20 a minute), which would block the address
            AtomicInteger fetched = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger downloaded = new AtomicInteger();
            Thread real = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    if (server.get(PHONE + ".cfg", PHONE_UA).statusCode() == 200) {
                        fetched.incrementAndGet();
                    }
                    if (server.getWithDigest(LOCKED + ".cfg", LOCKED_UA, LOCKED, "not-the-password").statusCode() == 401) {
                        refused.incrementAndGet();
                    }
                    HttpResponse<byte[]> d = server.getBytes(image, PHONE_UA);
                    if (d.statusCode() == 200 && d.body().length == 50_000) {
                        downloaded.incrementAndGet();
                    }
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long cpuBefore = processCpuNanos();
            real.start();
            Flood f = flood(server, 40_000, 25_000);
            real.join();
            long cpu = processCpuNanos() - cpuBefore;

            server.server().sourceTally().flush();
            server.flushRecords();
            long bytesAfter = databaseBytes(server);
            List<Event> unknown = server.server().events().query(new EventQuery(null, null, EventTypes.UNKNOWN_MAC, null, null, null, 100_000));
            System.out.printf("flood: %d requests in %d ms (%s), %d unknown_mac rows, %d rows in all, database +%d bytes, "
                            + "client+server CPU %.1f us/request%n", f.requests(), f.millis(), f.statuses(), unknown.size(),
                    server.server().events().count() - rowsBefore, bytesAfter - bytesBefore, cpu / 1000.0 / Math.max(1, f.requests()));

            assertThat(f.requests()).isGreaterThanOrEqualTo(10_000);
            assertThat(f.count(401)).isEqualTo((int) f.requests());
            // one row per source, outcome and interval (1 s here), each with its count; every request counted
            assertThat(unknown.size()).isLessThanOrEqualTo((int) (f.millis() / 1000) + 3);
            assertThat(countSum(unknown)).isEqualTo(f.requests());
            assertThat(unknown).allSatisfy(e -> assertThat(e.source()).isEqualTo("127.0.0.1"));
            // one row per interval instead of one per request: well under 200 bytes per request
            // (a row per request cost ~800 bytes with its indexes)
            assertThat(bytesAfter - bytesBefore).isLessThan(f.requests() * 100);

            assertThat(fetched.get()).isEqualTo(rounds);
            assertThat(refused.get()).isEqualTo(rounds);
            assertThat(downloaded.get()).isEqualTo(rounds);
            assertThat(server.server().events().query(EventQuery.forMac(PHONE)).stream()
                    .filter(e -> e.type().equals(EventTypes.CONFIG_FETCH) && e.outcome().equals("ok"))).hasSize(rounds);
            assertThat(server.server().events().query(EventQuery.forMac(LOCKED)).stream()
                    .filter(e -> e.type().equals(EventTypes.AUTH_FAILURE))).hasSize(rounds);
            assertThat(server.server().events().query(EventQuery.forMac(PHONE)).stream()
                    .filter(e -> e.type().equals(EventTypes.FIRMWARE_DOWNLOAD) && e.outcome().equals("ok"))).hasSize(rounds);
            assertThat(server.server().events().droppedValuable()).isZero();
            assertThat(server.server().fetchRecorder().dropped()).isZero();
        }
    }

    @Test
    void aSourceThatUsesUpItsBudgetIsAnswered429WithRetryAfterAndLoggedOnce() throws Exception {
        try (TestServer server = new TestServer(Map.of(Setting.PHONE_BUDGET_BURST, "300", Setting.PHONE_BUDGET_PER_MINUTE, "60",
                Setting.PHONE_BUDGET_BLOCK_SECONDS, "120"))) {
            Flood f = flood(server, 8_000, 20_000);
            System.out.println("budgeted flood: " + f.statuses() + " in " + f.millis() + " ms");
            assertThat(f.count(401)).isBetween(299, 310);   // the burst, plus what refilled at 1/s meanwhile
            assertThat(f.count(429)).isEqualTo((int) f.requests() - f.count(401));

            try (RawHttpsConnection c = new RawHttpsConnection(TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate()),
                    server.server().httpsPort())) {
                RawHttpsConnection.Answer a = c.exchange(RawHttpsConnection.get("001565000001.cfg", "Yealink SIP-T46U 108.86.0.10 00:15:65:00:00:01"));
                assertThat(a.status()).isEqualTo(429);
                assertThat(Long.parseLong(a.header("Retry-After"))).isBetween(100L, 120L);
                // the common file and any other answer wait too: the budget is the source's, not the MAC's
                assertThat(c.exchange(RawHttpsConnection.get("y000000000108.cfg", "Yealink SIP-T46U 108.86.0.10")).status()).isEqualTo(429);
            }
            List<String> blocked = Files.readAllLines(server.server().securityLog().file()).stream()
                    .filter(l -> l.contains(" event=blocked ")).toList();
            assertThat(blocked).hasSize(1);
            assertThat(blocked.get(0)).matches("^\\S+ phonehome-security event=blocked service=provisioning src=127\\.0\\.0\\.1 reason=request_budget seconds=\\d+$");
        }
    }

    @Test
    void authorisedFetchesCostNoBudgetAndPayBackTheChallengeAndCommonFileBeforeThem() throws Exception {
        try (TestServer server = new TestServer(Map.of(Setting.PHONE_BUDGET_BURST, "50", Setting.PHONE_BUDGET_PER_MINUTE, "1"))) {
            server.createTrustingSite("Lan", "Europe/Zurich");
            server.createSite("Shop", "Europe/Zurich");
            StringBuilder csv = new StringBuilder("mac,model,site\n");
            for (int i = 0; i < 200; i++) {
                csv.append(String.format("805ec0%06x,T46U,%s%n", i, i < 100 ? "Lan" : "Shop"));
            }
            assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
            io.phonehome.inventory.Site shop = server.server().inventory().sites().findByName("Shop").orElseThrow();
            try (RawHttpsConnection c = new RawHttpsConnection(TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate()),
                    server.server().httpsPort())) {
                // a site behind one address on a trusted network: far more fetches than the burst
                for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < 100; i++) {
                        String mac = String.format("805ec0%06x", i);
                        assertThat(c.exchange(RawHttpsConnection.get(mac + ".cfg", ua(mac))).status()).isEqualTo(200);
                    }
                }
            }
            // phones with digest credentials: each is challenged and fetches a common file before it proves itself
            for (int i = 100; i < 200; i++) {
                String mac = String.format("805ec0%06x", i);
                assertThat(server.get("y000000000108.cfg", ua(mac)).statusCode()).isEqualTo(200);
                assertThat(server.getWithDigest(mac + ".cfg", ua(mac), shop.digestUser(), shop.digestPassword()).statusCode()).as(mac).isEqualTo(200);
            }
        }
    }

    static String ua(String hex) {
        return "Yealink SIP-T46U 108.86.0.10 " + Mac.parse(hex).colons();
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
