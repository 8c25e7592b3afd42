package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import io.phonehome.pki.TlsContexts;
import io.phonehome.testing.RawHttpsConnection;
import io.phonehome.testing.TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without credentials, a MAC in the inventory, a MAC that is not, and a redirected MAC (its
 * redirect carries credentials, so it too must be proven) cannot be told apart: not by status,
 * body or headers, and not by how long the answer takes, compared as distributions of
 * interleaved requests on one keep-alive connection.
 */
@org.junit.jupiter.api.Tag("quiet") // a flood or a timing measure: run alone, see pom.xml
class MacClassesLookAlikeIT {
    enum Kind { KNOWN, UNKNOWN, REDIRECTED }

    static final int PER_KIND = 4000;
    static final int MACS_PER_KIND = 20;
    static TestServer server;
    static final Map<Kind, List<String>> macs = new EnumMap<>(Kind.class);

    @BeforeAll
    static void start() {
        // thousands of unauthenticated requests from one address: above the request budget, which is not what is measured here
        server = new TestServer(Map.of(io.phonehome.config.Setting.PHONE_BUDGET_BURST, "1000000",
                io.phonehome.config.Setting.PHONE_BUDGET_PER_MINUTE, "10000000"));
        server.createSite("Shop", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,site,redirect_url,redirect_username,redirect_password\n");
        for (Kind k : Kind.values()) {
            macs.put(k, new ArrayList<>());
        }
        for (int i = 0; i < MACS_PER_KIND; i++) {
            String known = String.format("805ec0a1%04x", i);
            String redirected = String.format("805ec0a2%04x", i);
            macs.get(Kind.KNOWN).add(known);
            macs.get(Kind.REDIRECTED).add(redirected);
            macs.get(Kind.UNKNOWN).add(String.format("805ec0a3%04x", i));
            csv.append(known).append(",T46U,Shop,,,\n");
            csv.append(redirected).append(",T46U,,https://pbx.example.com/p/,tenant,pbx-secret-123\n");
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String ua(String hex) {
        return "Yealink SIP-T46U 108.86.0.10 " + Mac.parse(hex).colons();
    }

    static RawHttpsConnection connect() {
        return new RawHttpsConnection(TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate()), server.server().httpsPort());
    }

    /** Status, header lines and body with what legitimately differs per request masked (the date, the nonce, the MAC itself). */
    static String shape(RawHttpsConnection.Answer a, String mac) {
        List<String> headers = new ArrayList<>();
        for (String h : a.headers()) {
            if (h.startsWith("date:")) {
                continue;
            }
            headers.add(h.replaceAll("nonce=\"[^\"]*\"", "nonce=\"N\"").replaceAll("etag:.*", "etag: E"));
        }
        Collections.sort(headers);
        return a.status() + "\n" + String.join("\n", headers) + "\n\n" + a.text().replace(mac, "MAC").replace(Mac.parse(mac).upper(), "MAC");
    }

    @Test
    void perMacFilesAnswerAlikeWithoutCredentials() {
        try (RawHttpsConnection c = connect()) {
            Map<Kind, String> shapes = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) {
                String mac = macs.get(k).get(0);
                shapes.put(k, shape(c.exchange(RawHttpsConnection.get(mac + ".cfg", ua(mac))), mac));
            }
            assertThat(shapes.get(Kind.KNOWN)).startsWith("401");
            assertThat(shapes.get(Kind.UNKNOWN)).isEqualTo(shapes.get(Kind.KNOWN));
            assertThat(shapes.get(Kind.REDIRECTED)).isEqualTo(shapes.get(Kind.KNOWN));
        }
    }

    @Test
    void theCommonFileAnswersAlikeWhicheverMacTheUserAgentNames() {
        try (RawHttpsConnection c = connect()) {
            Map<Kind, String> shapes = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) {
                String mac = macs.get(k).get(1);
                shapes.put(k, shape(c.exchange(RawHttpsConnection.get("y000000000108.cfg", ua(mac))), mac));
            }
            assertThat(shapes.get(Kind.KNOWN)).startsWith("200");
            assertThat(shapes.get(Kind.UNKNOWN)).isEqualTo(shapes.get(Kind.KNOWN));
            assertThat(shapes.get(Kind.REDIRECTED)).isEqualTo(shapes.get(Kind.KNOWN));
        }
    }

    @Test
    void perMacFilesTakeTheSameTimeWithoutCredentials() {
        Random rnd = new Random(42);
        List<Kind> order = new ArrayList<>();
        for (Kind k : Kind.values()) {
            order.addAll(Collections.nCopies(PER_KIND, k));
        }
        try (RawHttpsConnection c = connect()) {
            // warm-up: the JIT, the directory, the redirects in memory
            for (int i = 0; i < 1500; i++) {
                Kind k = Kind.values()[i % 3];
                String mac = macs.get(k).get(rnd.nextInt(MACS_PER_KIND));
                assertThat(c.exchange(RawHttpsConnection.get(mac + ".cfg", ua(mac))).status()).isEqualTo(401);
            }
            Collections.shuffle(order, rnd);
            Map<Kind, long[]> times = new EnumMap<>(Kind.class);
            Map<Kind, Integer> filled = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) {
                times.put(k, new long[PER_KIND]);
                filled.put(k, 0);
            }
            for (Kind k : order) {
                String mac = macs.get(k).get(rnd.nextInt(MACS_PER_KIND));
                byte[] req = RawHttpsConnection.get(mac + ".cfg", ua(mac));
                long t0 = System.nanoTime();
                int status = c.exchange(req).status();
                long t = System.nanoTime() - t0;
                assertThat(status).isEqualTo(401);
                int n = filled.get(k);
                times.get(k)[n] = t;
                filled.put(k, n + 1);
            }
            StringBuilder report = new StringBuilder("timing without credentials (us):");
            for (Kind k : Kind.values()) {
                long[] t = times.get(k);
                Arrays.sort(t);
                report.append(String.format(" %s p25=%.1f median=%.1f p75=%.1f;", k, t[PER_KIND / 4] / 1e3, t[PER_KIND / 2] / 1e3, t[PER_KIND * 3 / 4] / 1e3));
            }
            double dKu = ks(times.get(Kind.KNOWN), times.get(Kind.UNKNOWN));
            double dKr = ks(times.get(Kind.KNOWN), times.get(Kind.REDIRECTED));
            double dUr = ks(times.get(Kind.UNKNOWN), times.get(Kind.REDIRECTED));
            report.append(String.format(" KS D known/unknown=%.3f known/redirected=%.3f unknown/redirected=%.3f", dKu, dKr, dUr));
            System.out.println(report);
            assertThat(Math.max(dKu, Math.max(dKr, dUr))).as(report.toString()).isLessThan(KS_LIMIT);
        }
    }

    static final double KS_LIMIT = 0.08;

    /** Two-sample Kolmogorov–Smirnov statistic of sorted samples: the largest gap between their distribution functions. */
    static double ks(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            long x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }
}
