package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A site where no new phone can prove itself is accepted (the credential may come later) but
 * warned about, in the API answer and on the CLI's stderr, with what to set.
 */
class SiteWithoutProofIT {
    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result cli(String... args) {
        return CliIT.runAgainst(server, args);
    }

    static JsonNode create(String json) {
        HttpResponse<String> r = server.adminJson("POST", "/api/v1/sites", token, json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body());
    }

    @Test
    void aSiteWithDigestOnlyAndNoSiteCredentialIsCreatedWithAWarningSayingWhatToSet() {
        JsonNode s = create("""
                {"name": "No way in", "time_zone": "Europe/Zurich", "auth_methods": ["digest"]}""");
        assertThat(s.get("warnings")).singleElement().satisfies(w -> {
            assertThat(w.get("field").asText()).isEqualTo("auth_methods");
            assertThat(w.get("message").asText()).contains("no new phone can prove itself", "digest_user and digest_password",
                    "trusted_networks", "first_provisioning_minutes");
        });
        assertThat(Json.parse(server.adminGet("/api/v1/sites/" + s.get("id").asText(), token).body()).get("warnings")).hasSize(1);

        HttpResponse<String> fixed = server.adminJson("PATCH", "/api/v1/sites/" + s.get("id").asText(), token, """
                {"digest_user": "nowayin", "digest_password": "a-long-site-secret"}""");
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
        assertThat(Json.parse(fixed.body()).get("warnings")).isEmpty();
    }

    @Test
    void onlyAClientCertificateIsWarnedAboutTooBecauseNewPhonesRarelyHaveOne() {
        JsonNode s = create("""
                {"name": "Defaults", "time_zone": "Europe/Zurich"}""");
        assertThat(s.get("warnings")).singleElement().satisfies(w -> assertThat(w.get("message").asText()).contains("pki/device-cas"));
    }

    @Test
    void aWindowOfZeroMinutesAndADisabledSiteCredentialAreNamed() {
        JsonNode s = create("""
                {"name": "Half set", "time_zone": "Europe/Zurich", "auth_methods": ["window", "network"],
                 "trusted_networks": ["10.1.0.0/16"], "digest_user": "half", "digest_password": "a-long-site-secret"}""");
        assertThat(s.get("warnings")).extracting(w -> w.get("field").asText())
                .containsExactlyInAnyOrder("auth_methods", "first_provisioning_minutes");
    }

    @Test
    void everyWayInAloneIsEnoughForNoWarning() {
        assertThat(create("""
                {"name": "Credential", "time_zone": "Europe/Zurich", "digest_user": "cred", "digest_password": "a-long-site-secret"}""")
                .get("warnings")).isEmpty();
        assertThat(create("""
                {"name": "Network", "time_zone": "Europe/Zurich", "auth_methods": ["network"], "trusted_networks": ["10.2.0.0/16"]}""")
                .get("warnings")).isEmpty();
        assertThat(create("""
                {"name": "Window", "time_zone": "Europe/Zurich", "auth_methods": ["window"], "first_provisioning_minutes": 60}""")
                .get("warnings")).isEmpty();
    }

    @Test
    void theCliCreatesTheSiteAndSaysWhatToSetOnStderr() {
        CliIT.Result r = cli("sites", "add", "Cli no way in", "--time-zone", "Europe/Zurich", "--auth", "digest");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("created site");
        assertThat(r.err()).contains("warning: auth_methods: no new phone can prove itself").contains("digest_user");

        CliIT.Result fixed = cli("sites", "set", "Cli no way in", "--digest-user", "cli", "--digest-password", "a-long-site-secret");
        assertThat(fixed.code()).isZero();
        assertThat(fixed.err()).doesNotContain("warning");

        CliIT.Result ok = cli("sites", "add", "Cli fine", "--time-zone", "Europe/Zurich", "--digest-user", "fine",
                "--digest-password", "a-long-site-secret");
        assertThat(ok.code()).isZero();
        assertThat(ok.err()).doesNotContain("warning");
    }
}
