import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Admin API benchmark client (single-file program, JDK only):
 *   java bench/admin/AdminBench.java ADMIN_URL CA_PEM TOKEN CSV REQUESTS [TOP_UP_CSV]
 * 1. creates the site "Bench", 2. imports CSV as a dry run, then for real (time of each),
 * 3. imports TOP_UP_CSV (untimed), 4. lists with filters REQUESTS times each on one keep-alive connection, after a warm-up,
 *    and prints p50/p90/p99/max. Lines starting with RESULT are the numbers.
 */
public class AdminBench {
    static HttpClient http;
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        base = args[0].replaceAll("/+$", "");
        Path ca = Path.of(args[1]);
        token = args[2];
        byte[] csv = Files.readAllBytes(Path.of(args[3]));
        int requests = Integer.parseInt(args[4]);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(ca))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();

        send("POST", "/api/v1/sites", "application/json",
                "{\"name\":\"Bench\",\"time_zone\":\"Europe/Zurich\",\"digest_user\":\"bench\",\"digest_password\":\"bench-site-password-1\"}"
                        .getBytes(StandardCharsets.UTF_8), 201);
        long t0 = System.nanoTime();
        HttpResponse<String> dry = send("POST", "/api/v1/devices/import?dry_run=true", "text/csv", csv, 200);
        long t1 = System.nanoTime();
        HttpResponse<String> real = send("POST", "/api/v1/devices/import", "text/csv", csv, 200);
        long t2 = System.nanoTime();
        System.out.printf("RESULT import_dry_run_seconds=%.2f import_seconds=%.2f bytes=%d report=%s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, csv.length,
                real.body().replaceAll("\"allocated\":\\[.*]", "\"allocated\":[...]").replaceAll("\\s+", ""));
        if (!dry.body().contains("\"errors\":[]")) {
            throw new IllegalStateException("dry run found errors: " + dry.body().substring(0, Math.min(500, dry.body().length())));
        }

        if (args.length > 5) {
            send("POST", "/api/v1/devices/import", "text/csv", Files.readAllBytes(Path.of(args[5])), 200);
        }
        String[] filters = {"model=T46U&limit=100", "site=Bench&model=T54W&never_seen=true&limit=100",
                "q=" + URLEncoder.encode("Kasse 4711", StandardCharsets.UTF_8) + "&limit=100", "limit=1000"};
        for (String f : filters) {
            String path = "/api/v1/devices?" + f;
            for (int i = 0; i < Math.max(100, requests / 10); i++) {
                send("GET", path, null, null, 200);
            }
            List<Long> micros = new ArrayList<>(requests);
            long bytes = 0;
            for (int i = 0; i < requests; i++) {
                long s = System.nanoTime();
                HttpResponse<String> r = send("GET", path, null, null, 200);
                micros.add((System.nanoTime() - s) / 1000);
                bytes = r.body().length();
            }
            Collections.sort(micros);
            String total = send("GET", path, null, null, 200).body().replaceAll("(?s).*\"total\":(\\d+).*", "$1");
            System.out.printf("RESULT list filter=%s total=%s requests=%d response_bytes=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n", f,
                    total, requests, bytes, pct(micros, 50), pct(micros, 90), pct(micros, 99), micros.get(micros.size() - 1) / 1000.0);
        }
    }

    static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p / 100.0) - 1)) / 1000.0;
    }

    static HttpResponse<String> send(String method, String path, String type, byte[] body, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body().substring(0, Math.min(600, r.body().length())));
        }
        return r;
    }
}
