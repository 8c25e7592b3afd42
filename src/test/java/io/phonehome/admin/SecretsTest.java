package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void everyFieldNamedLikeASecretIsMaskedWhereverItIsNested() {
        JsonNode n = Secrets.mask(Json.parse("""
                {"name": "Shop", "digest_password": "abc", "phone_admin_password": "x", "token": "phk_1",
                 "lines": [{"extension": "200", "password": "p1"}, {"password": null}, {"password": ""}],
                 "redirect": {"url": "https://a/", "password": "r"}, "passwords_changed": 3, "client_secret": "s"}"""));
        assertThat(n.toString()).doesNotContain("abc").doesNotContain("\"x\"").doesNotContain("phk_1").doesNotContain("p1")
                .doesNotContain("\"r\"").doesNotContain("\"s\"");
        assertThat(n.get("name").asText()).isEqualTo("Shop");
        assertThat(n.at("/lines/0/extension").asText()).isEqualTo("200");
        assertThat(n.at("/lines/0/password").asText()).isEqualTo("****");
        assertThat(n.at("/lines/1/password").isNull()).as("absence is not a secret").isTrue();
        assertThat(n.at("/lines/2/password").asText()).isEmpty();
        assertThat(n.at("/redirect/url").asText()).isEqualTo("https://a/");
        assertThat(n.get("passwords_changed").asInt()).isEqualTo(3);
    }
}
