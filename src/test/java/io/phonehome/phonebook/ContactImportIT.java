package io.phonehome.phonebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contacts imported through the admin API: dry run, all or nothing, one error per bad field with its row. */
class ContactImportIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite("Zurich HQ", "Europe/Zurich");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String csv, boolean dryRun) {
        return server.admin("POST", "/api/v1/contacts/import" + (dryRun ? "?dry_run=true" : ""), server.adminToken(), "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
    }

    static int contacts() {
        return Json.parse(server.adminGet("/api/v1/contacts", server.adminToken()).body()).get("total").asInt();
    }

    @Test
    void aFileWithOneBadRowWritesNothingAndNamesEachProblemWithItsRow() {
        int before = contacts();
        String csv = "name,office,mobile,site\n"
                + "Good One,044 111 22 33,,Zurich HQ\n"
                + "\"Two\nLines\",044 111 22 34,,Zurich HQ\n"
                + "No Number,,,\n"
                + "Bad Number,call me,,\n"
                + "Nowhere,044 111 22 35,,Atlantis\n";
        HttpResponse<String> r = post(csv, false);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode errors = Json.parse(r.body()).get("errors");
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0).get("row").asInt()).isEqualTo(3);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("name");
        assertThat(errors.get(0).get("message").asText()).contains("line break");
        assertThat(errors.get(1).get("row").asInt()).as("a quoted line break does not start a row").isEqualTo(4);
        assertThat(errors.get(2).get("field").asText()).isEqualTo("office");
        assertThat(errors.get(3).get("field").asText()).isEqualTo("site");
        assertThat(contacts()).isEqualTo(before);
    }

    @Test
    void aDryRunReportsAndWritesNothingThenTheImportCreatesAndAReimportUpdates() {
        int before = contacts();
        String csv = "Name;Company;Office;Mobile\nDry Contact;ACME;044 555 66 77;\n;;;\n";
        JsonNode dry = Json.parse(post(csv, true).body());
        assertThat(dry.get("dry_run").asBoolean()).isTrue();
        assertThat(dry.get("applied").asBoolean()).isFalse();
        assertThat(dry.get("created").asInt()).isEqualTo(1);
        assertThat(dry.get("rows").asInt()).as("a row of separators only is skipped").isEqualTo(1);
        assertThat(contacts()).isEqualTo(before);

        assertThat(Json.parse(post(csv, false).body()).get("created").asInt()).isEqualTo(1);
        JsonNode again = Json.parse(post(csv.replace("044 555 66 77", "044 555 66 78"), false).body());
        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("updated").asInt()).isEqualTo(1);
        assertThat(contacts()).isEqualTo(before + 1);
        assertThat(server.adminGet("/api/v1/contacts", server.adminToken()).body()).contains("0445556678").doesNotContain("0445556677");
    }

    @Test
    void deletingAnUnknownContactIsANotFoundProblem() {
        HttpResponse<String> r = server.admin("DELETE", "/api/v1/contacts/999999", server.adminToken(), null, null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).as("the route exists and says which contact").contains("contact 999999 does not exist");
    }
}
