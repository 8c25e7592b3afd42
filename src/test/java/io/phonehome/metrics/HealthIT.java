package io.phonehome.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestCertificates;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live} and {@code /health/ready} without a token: ready while the database
 * answers, the listeners are bound and the certificate has more than
 * {@code health_certificate_min_days} left; not ready (503) when the database goes away or the
 * certificate is about to expire; and the answer names checks, nothing else.
 */
class HealthIT {
    @TempDir
    Path dir;

    @Test
    void aHealthyServerIsLiveAndReadyWithoutATokenAndSaysNothingElse() {
        try (TestServer server = TestServer.withSip(Map.of())) {
            assertThat(server.adminGet("/health/live", null).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = server.adminGet("/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            var body = Json.parse(ready.body());
            assertThat(body.at("/status").asText()).isEqualTo("ready");
            assertThat(body.at("/checks/database").asText()).isEqualTo("up");
            assertThat(body.at("/checks/listeners").asText()).isEqualTo("up");
            assertThat(body.at("/checks/certificate").asText()).isEqualTo("up");
            assertThat(ready.body()).doesNotContain(server.dataDir().toString()).doesNotContain("jdbc");
        }
    }

    @Test
    void aCertificateExpiringSoonerThanTheThresholdMakesTheServerNotReady() {
        TestCertificates outside = new TestCertificates();
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        outside.issue("expiring.example.net", 2).writeTo(cert, key);
        Map<Setting, String> byo = Map.of(Setting.TLS_CERTIFICATE_FILE, cert.toString(), Setting.TLS_KEY_FILE, key.toString());
        try (TestServer server = new TestServer(with(byo, Setting.HEALTH_CERTIFICATE_MIN_DAYS, "7"))) {
            HttpResponse<String> ready = readyOf(server, outside);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(Json.parse(ready.body()).at("/checks/certificate").asText()).isEqualTo("down");
            assertThat(Json.parse(ready.body()).at("/checks/database").asText()).isEqualTo("up");
        }
        try (TestServer server = new TestServer(with(byo, Setting.HEALTH_CERTIFICATE_MIN_DAYS, "1"))) {
            assertThat(readyOf(server, outside).statusCode()).as("two days left is enough for a one-day threshold").isEqualTo(200);
        }
    }

    @Test
    void aDatabaseThatStopsAnsweringMakesTheServerNotReady() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
        TestServer server = new TestServer(Map.of(Setting.DB_URL, "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/phonehome"));
        try {
            assertThat(server.adminGet("/health/ready", null).statusCode()).isEqualTo(200);
            h2.stop();
            HttpResponse<String> ready = server.adminGet("/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(Json.parse(ready.body()).at("/checks/database").asText()).isEqualTo("down");
            assertThat(server.adminGet("/health/live", null).statusCode()).as("the process itself is fine").isEqualTo(200);
        } finally {
            server.close();
            h2.stop();
        }
    }

    /** The admin listener presents the outside CA's certificate here, so ask with a client trusting it. */
    private static HttpResponse<String> readyOf(TestServer server, TestCertificates outside) {
        var client = server.client(outside.client());
        try {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.adminUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<Setting, String> with(Map<Setting, String> base, Setting s, String v) {
        Map<Setting, String> m = new java.util.EnumMap<>(Setting.class);
        m.putAll(base);
        m.put(s, v);
        return m;
    }
}
