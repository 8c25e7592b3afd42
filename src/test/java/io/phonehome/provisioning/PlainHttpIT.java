package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain HTTP is off by default; when enabled for legacy phones, digest works and Basic (a cleartext password) does not. */
class PlainHttpIT {
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03";

    @Test
    void plainHttpIsOffByDefault() {
        try (TestServer server = new TestServer()) {
            assertThat(server.server().httpPort()).isEqualTo(-1);
        }
    }

    @Test
    void whenEnabledItServesDigestButRefusesBasicAuthentication() throws Exception {
        try (TestServer server = new TestServer(Map.of(Setting.HTTP_ENABLED, "true", Setting.HTTP_PORT, "0"))) {
            String pw = server.createSite("Old", "Europe/Zurich").digestPassword();
            assertThat(server.importCsv("mac,model,site\n805ec0aa0003,T46U,Old\n").errors()).isEmpty();
            String base = "http://127.0.0.1:" + server.server().httpPort() + "/";
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> common = http.send(HttpRequest.newBuilder(URI.create(base + "y000000000108.cfg")).header("User-Agent", UA).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(common.statusCode()).isEqualTo(200);
            assertThat(common.body()).contains("static.auto_provision");

            HttpResponse<String> challenge = http.send(HttpRequest.newBuilder(URI.create(base + "805ec0aa0003.cfg")).header("User-Agent", UA).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(challenge.statusCode()).isEqualTo(401);
            String auth = TestDigest.authorization(challenge.headers().firstValue("WWW-Authenticate").orElseThrow(), "GET",
                    "/805ec0aa0003.cfg", "site-old", pw, 1);
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "805ec0aa0003.cfg")).header("User-Agent", UA)
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("static.auto_provision.server.url = " + base);

            String basic = "Basic " + Base64.getEncoder().encodeToString(("site-old:" + pw).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "805ec0aa0003.cfg")).header("User-Agent", UA)
                    .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            // the same Basic credentials are accepted over TLS
            assertThat(server.get("805ec0aa0003.cfg", UA, "Authorization", basic).statusCode()).isEqualTo(200);
        }
    }
}
