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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Web console benchmark client (single-file program, JDK only):
 *   java bench/console/ConsoleBench.java ADMIN_URL CA_PEM TOKEN REQUESTS
 * Signs in to the console with the token (as a browser does: the sign-in page's form, then the
 * session cookie), then loads the fleet page with each filter REQUESTS times on one keep-alive
 * connection after a warm-up, and prints p50/p90/p99/max and the page's size. On loopback with
 * one connection the round trip is the server's time plus a fraction of a millisecond. Lines
 * starting with RESULT are the numbers.
 */
public class ConsoleBench {
    static HttpClient http;
    static String base;
    static String session;

    public static void main(String[] args) throws Exception {
        base = args[0].replaceAll("/+$", "");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1])))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        int requests = Integer.parseInt(args[3]);

        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/signin?mode=token")).build(), HttpResponse.BodyHandlers.ofString());
        String preCookie = cookie(form, "__Host-phonehome-pre");
        Matcher m = Pattern.compile("name=\"pre\" value=\"([^\"]+)\"").matcher(form.body());
        if (!m.find()) {
            throw new IllegalStateException("no sign-in form");
        }
        String body = "pre=" + m.group(1) + "&back=%2Ffleet&token=" + URLEncoder.encode(args[2], StandardCharsets.UTF_8);
        HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create(base + "/signin")).header("Cookie", "__Host-phonehome-pre=" + preCookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        session = cookie(in, "__Host-phonehome-session");

        String[][] cases = {
            {"fleet_first_page", "/fleet"},
            {"fleet_search_mac_dashes", "/fleet?q=80-5E-C0-00-12-34"},
            {"fleet_search_name", "/fleet?q=Kasse+77"},
            {"fleet_model_sorted_by_last_seen", "/fleet?model=T46U&sort=last_seen&dir=desc"},
            {"fleet_never_seen_page_100", "/fleet?never=1&page=100"},
            {"fleet_site_vendor_sorted_by_serial", "/fleet?site=1&vendor=yealink&sort=serial&page=37"},
            {"overview", "/overview"},
            {"device_page", "/devices/805ec0001234"},
        };
        for (String[] c : cases) {
            for (int i = 0; i < Math.min(200, requests); i++) {
                get(c[1]);
            }
            List<Long> nanos = new ArrayList<>();
            int bytes = 0;
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                bytes = get(c[1]).length;
                nanos.add(System.nanoTime() - t0);
            }
            Collections.sort(nanos);
            System.out.printf("RESULT %s p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f page_bytes=%d%n", c[0], ms(nanos, 0.50), ms(nanos, 0.90),
                    ms(nanos, 0.99), nanos.get(nanos.size() - 1) / 1e6, bytes);
        }
    }

    static byte[] get(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", "__Host-phonehome-session=" + session).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return r.body();
    }

    static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    static String cookie(HttpResponse<?> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';'));
            }
        }
        throw new IllegalStateException("no cookie " + name + " (status " + r.statusCode() + ")");
    }
}
