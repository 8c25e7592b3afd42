import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Events query benchmark client (single-file program, JDK only):
 *   java bench/events/EventsBench.java ADMIN_URL CA_PEM TOKEN REQUESTS LABEL
 * Calls GET /api/v1/events with the admin console's usual filters (newest page, one device, one
 * site, one type, a time window, type within a site, the tenth page by before_id), REQUESTS times
 * each on one keep-alive connection after a warm-up, and prints p50/p90/p99/max per filter.
 * The events were written by run.sh: MACs 805ec0000000..805ec0004999, sites 1..20, spread over
 * the last 80 days. Lines starting with RESULT are the numbers.
 */
public class EventsBench {
    static HttpClient http;
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        base = args[0].replaceAll("/+$", "");
        Path ca = Path.of(args[1]);
        token = args[2];
        int requests = Integer.parseInt(args[3]);
        String label = args[4];
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(ca))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("newest", "limit=100");
        filters.put("device", "mac=805ec0001234&limit=100");
        filters.put("site", "site_id=7&limit=100");
        filters.put("type", "type=auth_failure&limit=100");
        filters.put("window", "since=" + now.minus(Duration.ofDays(31)) + "&until=" + now.minus(Duration.ofDays(30)) + "&limit=100");
        filters.put("site+type", "site_id=7&type=sip_registration&limit=100");
        filters.put("device+window", "mac=805ec0001234&since=" + now.minus(Duration.ofDays(40)) + "&until=" + now.minus(Duration.ofDays(20)) + "&limit=100");
        // the tenth page of the newest events: before_id of the ninth page's last event
        String before = null;
        for (int page = 0; page < 9; page++) {
            String body = get("/api/v1/events?limit=100" + (before == null ? "" : "&before_id=" + before)).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"next\"\\s*:\\s*\"?(\\d+)").matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("page " + (page + 1) + " has no next page: fewer than 1,000 events?");
            }
            before = m.group(1);
        }
        filters.put("page10", "limit=100&before_id=" + before);

        for (Map.Entry<String, String> f : filters.entrySet()) {
            String path = "/api/v1/events?" + f.getValue();
            for (int i = 0; i < Math.max(20, requests / 10); i++) {
                get(path);
            }
            List<Long> micros = new ArrayList<>(requests);
            int rows = 0;
            for (int i = 0; i < requests; i++) {
                long s = System.nanoTime();
                HttpResponse<String> r = get(path);
                micros.add((System.nanoTime() - s) / 1000);
                rows = r.body().split("\"id\"\\s*:", -1).length - 1;
            }
            Collections.sort(micros);
            System.out.printf("RESULT store=%s filter=%s rows=%d requests=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n", label, f.getKey(), rows,
                    requests, pct(micros, 50), pct(micros, 90), pct(micros, 99), micros.get(micros.size() - 1) / 1000.0);
        }
    }

    static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }

    static HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + ": " + r.body());
        }
        return r;
    }
}
