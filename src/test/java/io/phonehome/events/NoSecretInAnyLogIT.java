package io.phonehome.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.pki.Pem;
import io.phonehome.pki.TlsContexts;
import io.phonehome.testing.Json;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestDigest;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code phonehome serve} process, Phonehome's own loggers at DEBUG, driven with known
 * secrets: the admin API token given at start and one created through the API, a site digest
 * password, the phones' admin password, the lines' SIP passwords, plus wrong passwords and a wrong
 * token tried on purpose. Afterwards every log file of the run (phonehome.log, security.log,
 * rolled files, the console) is searched for each secret: none may appear.
 */
class NoSecretInAnyLogIT {
    @TempDir
    Path data;

    private static String secret(String prefix) {
        byte[] b = new byte[9];
        new SecureRandom().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    @Test
    void aRunWithRealTrafficLeavesNoPasswordOrTokenInAnyLogFile() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("admin token", secret("AdminToken-") + "-padding-to-32");
        secrets.put("site digest password", secret("SiteDigest-"));
        secrets.put("phone admin password", secret("PhoneAdm"));
        secrets.put("wrong site password", secret("WrongSite-"));
        secrets.put("wrong SIP password", secret("WrongSip-"));
        secrets.put("wrong API token", secret("WrongToken-") + "-padding-to-32");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + Path.of("src/test/resources/logback-debug.xml").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), "io.phonehome.Main", "serve",
                "--data-dir=" + data, "--bind=127.0.0.1", "--https-port=0", "--admin-port=0", "--admin-bind=127.0.0.1",
                "--templates-dir=" + Path.of("templates").toAbsolutePath(), "--sip-port=0", "--sip-tls-port=0",
                "--admin-token=" + secrets.get("admin token")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> console = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Thread reader = new Thread(() -> readConsole(p, console, ports));
        reader.start();
        try {
            int[] port = ports.get(90, TimeUnit.SECONDS);
            assertThat(port[0]).as(String.join("\n", console)).isPositive();
            drive(port[0], port[1], port[2], secrets);
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }

        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("console", String.join("\n", console));
        try (Stream<Path> files = Files.walk(data.resolve("logs"))) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                logs.put(f.toString(), read(f));
            }
        }
        assertThat(logs).containsKeys(data.resolve("logs/phonehome.log").toString(), data.resolve("logs/security.log").toString());
        // the run was logged (so a secret had every chance to show up): failures in the security log, the main log at DEBUG
        assertThat(logs.get(data.resolve("logs/security.log").toString())).contains("event=auth_failure service=provisioning")
                .contains("service=sip").contains("service=admin");
        assertThat(logs.get(data.resolve("logs/phonehome.log").toString())).contains("DEBUG");
        for (Map.Entry<String, String> log : logs.entrySet()) {
            for (Map.Entry<String, String> s : secrets.entrySet()) {
                assertThat(log.getValue()).as("the " + s.getKey() + " in " + log.getKey()).doesNotContain(s.getValue());
            }
        }
    }

    /** Phone fetches, SIP registrations and admin calls with the secrets, right and wrong. */
    private void drive(int phonePort, int adminPort, int sipPort, Map<String, String> secrets) throws Exception {
        var ca = Pem.readCertificates(data.resolve("pki/ca.pem")).get(0);
        HttpClient http = HttpClient.newBuilder().sslContext(TlsContexts.clientTrusting(ca)).connectTimeout(Duration.ofSeconds(10)).build();
        String admin = "https://127.0.0.1:" + adminPort;
        String token = secrets.get("admin token");

        HttpResponse<String> site = send(http, "POST", admin + "/api/v1/sites", token, "application/json", """
                {"name": "Logs", "time_zone": "Europe/Zurich", "digest_user": "site-logs", "digest_password": "%s",
                 "phone_admin_password": "%s"}""".formatted(secrets.get("site digest password"), secrets.get("phone admin password")));
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
        HttpResponse<String> imported = send(http, "POST", admin + "/api/v1/devices/import", token, "text/csv",
                "mac,model,serial,site,extension,display_name,handset\n80:5e:c0:66:00:01,T46U,L1,Logs,881,One,\n80:5e:c0:66:00:02,T46U,L2,Logs,882,Two,\n");
        assertThat(imported.statusCode()).as(imported.body()).isBetween(200, 299);
        HttpResponse<String> created = send(http, "POST", admin + "/api/v1/tokens", token, "application/json",
                "{\"name\": \"scraper\", \"role\": \"viewer\"}");
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        secrets.put("created API token", Json.parse(created.body()).get("token").asText());
        assertThat(send(http, "GET", admin + "/metrics", secrets.get("created API token"), null, null).statusCode()).isEqualTo(200);
        assertThat(send(http, "GET", admin + "/api/v1/devices", secrets.get("wrong API token"), null, null).statusCode()).isEqualTo(401);

        JsonNode lines = Json.parse(send(http, "GET", admin + "/api/v1/devices/80:5e:c0:66:00:01/lines", token, null, null).body());
        JsonNode line = lines.isArray() ? lines.get(0) : lines.get("items").get(0);
        String extension = line.get("extension").asText();
        String authUser = line.get("auth_user").asText();
        String sipPassword = line.get("password").asText();
        assertThat(sipPassword).isNotBlank();
        secrets.put("line SIP password", sipPassword);

        String ua = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:66:00:01";
        String base = "https://127.0.0.1:" + phonePort + "/";
        HttpResponse<String> cfg = fetchWithDigest(http, base, "805ec0660001.cfg", ua, "site-logs", secrets.get("site digest password"));
        assertThat(cfg.statusCode()).as(cfg.body()).isEqualTo(200);
        assertThat(cfg.body()).as("the config carries the secrets the logs must not").contains(sipPassword);
        assertThat(fetchWithDigest(http, base, "805ec0660002.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:66:00:02", "site-logs",
                secrets.get("wrong site password")).statusCode()).isEqualTo(401);

        try (SipTestClient c = SipTestClient.udp(sipPort)) {
            SipMessage ok = c.registerWithDigest(extension, authUser, sipPassword, UUID.randomUUID() + "@logs", 1, c.contact(extension), 600, ua, null);
            assertThat(ok.status()).isEqualTo(200);
            SipMessage refused = c.registerWithDigest(extension, authUser, secrets.get("wrong SIP password"), UUID.randomUUID() + "@logs", 1,
                    c.contact(extension), 600, ua, null);
            assertThat(refused.status()).isBetween(400, 499);
        }
    }

    private static HttpResponse<String> fetchWithDigest(HttpClient http, String base, String file, String ua, String user, String password)
            throws Exception {
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(base + file)).header("User-Agent", ua).build(),
                HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 401) {
            return first;
        }
        String challenge = first.headers().firstValue("WWW-Authenticate").orElseThrow();
        return http.send(HttpRequest.newBuilder(URI.create(base + file)).header("User-Agent", ua)
                .header("Authorization", TestDigest.authorization(challenge, "GET", "/" + file, user, password, 1)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String token, String contentType, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The console, and the phone, admin and SIP ports once all three listeners have said they listen. */
    private static void readConsole(Process p, List<String> console, CompletableFuture<int[]> ports) {
        Pattern phone = Pattern.compile("provisioning listening on https://127\\.0\\.0\\.1:(\\d+)/");
        Pattern adminApi = Pattern.compile("admin API at https://127\\.0\\.0\\.1:(\\d+)/");
        Pattern sip = Pattern.compile("SIP listening on 127\\.0\\.0\\.1 udp\\+tcp (\\d+)");
        int[] found = new int[3];
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                console.add(line);
                for (int i = 0; i < 3; i++) {
                    Matcher m = (i == 0 ? phone : i == 1 ? adminApi : sip).matcher(line);
                    if (m.find()) {
                        found[i] = Integer.parseInt(m.group(1));
                    }
                }
                if (found[0] > 0 && found[1] > 0 && found[2] > 0) {
                    ports.complete(found.clone());
                }
            }
        } catch (java.io.IOException e) {
            // the stream ends with the process
        }
        ports.complete(new int[] {-1, -1, -1});
    }

    private static String read(Path f) throws java.io.IOException {
        if (f.toString().endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            }
        }
        return Files.readString(f, StandardCharsets.UTF_8);
    }
}
