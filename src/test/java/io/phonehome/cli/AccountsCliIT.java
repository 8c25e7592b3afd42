package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.console.Access;
import io.phonehome.console.Person;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code phonehome accounts add|list|remove|reset-password} against a running server, and the
 * {@code /api/v1/accounts} routes under them: a weak password refused with the field named, the
 * password never in an answer, the audit log or the server log, admins only, every change audited.
 */
class AccountsCliIT {
    static TestServer server;
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer();
        dir = Files.createTempDirectory("accounts-cli");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result run(String... args) {
        return CliIT.runAgainst(server, args);
    }

    static String file(String name, String password) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, password + "\n");
        return f.toString();
    }

    @Test
    void anAdminAddsListsResetsAndRemovesAnAccountAndThePasswordIsNeverShownOrLogged() throws IOException {
        String password = "Blue-Lantern-Sion-2026";
        CliIT.Result weak = run("accounts", "add", "anna.meier", "--role", "technician", "--password-file", file("weak", "password12345"));
        assertThat(weak.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(weak.err()).contains("password").contains("common password");
        CliIT.Result named = run("accounts", "add", "anna.meier", "--password-file", file("named", "anna.meier-at-sion"));
        assertThat(named.err()).contains("must not contain the account's name");

        CliIT.Result add = run("accounts", "add", "anna.meier", "--role", "technician", "--totp", "--password-file", file("good", password));
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("account anna.meier (technician) created").contains("TOTP secret").contains("otpauth://");
        assertThat(run("accounts", "add", "anna.meier", "--password-file", file("again", password)).err()).contains("already exists");
        assertThat(server.server().console().accounts().signIn("anna.meier", password, "000000", "127.0.0.1")).isEmpty();

        CliIT.Result list = run("accounts", "list");
        assertThat(list.out()).contains("anna.meier").contains("technician").contains("yes").doesNotContain(password);
        String json = server.adminGet("/api/v1/accounts", server.adminToken()).body();
        assertThat(json).contains("\"name\":\"anna.meier\"").doesNotContain(password).doesNotContain("argon2").doesNotContain("totp_secret");

        String newPassword = "Green-Ferry-Brig-2027";
        CliIT.Result reset = run("accounts", "reset-password", "anna.meier", "--password-file", file("new", newPassword));
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(run("accounts", "reset-password", "anna.meier", "--password-file", file("short", "short")).code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run("accounts", "reset-password", "nobody", "--password-file", file("x", newPassword)).code()).isEqualTo(ExitCodes.NOT_FOUND);

        CliIT.Result removed = run("accounts", "remove", "anna.meier");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(run("accounts", "list").out()).doesNotContain("anna.meier");
        assertThat(run("accounts", "remove", "anna.meier").code()).isEqualTo(ExitCodes.NOT_FOUND);

        String audit = server.adminGet("/api/v1/audit?action=account.", server.adminToken()).body();
        assertThat(audit).contains("account.create").contains("account.password").contains("account.delete").contains("account anna.meier")
                .doesNotContain(password).doesNotContain(newPassword);
        server.flushRecords();
        for (Path log : Files.list(server.dataDir()).filter(p -> p.toString().endsWith(".log")).toList()) {
            assertThat(Files.readString(log)).as(log.toString()).doesNotContain(password).doesNotContain(newPassword);
        }
    }

    @Test
    void theAccountRoutesAreForAdminsAndAnswerProblemsAsJson() {
        String tech = CliIT.runAgainst(server, "token", "create", "tech-for-accounts", "--role", "technician").out().trim();
        HttpResponse<String> r = server.adminGet("/api/v1/accounts", tech);
        assertThat(r.statusCode()).isEqualTo(403);
        HttpResponse<String> bad = server.adminJson("POST", "/api/v1/accounts", server.adminToken(),
                "{\"name\":\"x\",\"password\":\"aaaaaaaaaaaaaaaa\",\"role\":\"boss\"}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(bad.body()).contains("\"name\"").contains("\"role\"").doesNotContain("aaaaaaaaaaaaaaaa");
        HttpResponse<String> unknownField = server.adminJson("POST", "/api/v1/accounts", server.adminToken(), "{\"name\":\"bo\",\"pasword\":\"x\"}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(server.admin("DELETE", "/api/v1/accounts/987654", server.adminToken(), null, null).statusCode()).isEqualTo(404);
        // an account made on the console's page is the same account the API lists
        server.server().console().accounts().create("page-made", "Orange-Tram-Visp-2025", Access.VIEWER, false,
                new Person("test", null, Access.ADMIN, "127.0.0.1"));
        assertThat(server.adminGet("/api/v1/accounts", server.adminToken()).body()).contains("page-made");
    }
}
