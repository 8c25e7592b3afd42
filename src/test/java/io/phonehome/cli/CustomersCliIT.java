package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code phonehome customers ...}, {@code sites create --customer} and {@code token create --customer} against a running server. */
class CustomersCliIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result run(String... args) {
        return CliIT.runAgainst(server, args);
    }

    @Test
    void anAdminSetsUpTwoCustomersAndATokenLimitedToOneSeesOnlyItsSites() {
        assertThat(run("customers", "create", "Acme AG", "--slug", "acme").code()).isZero();
        assertThat(run("customers", "create", "Beta GmbH", "--slug", "beta").code()).isZero();
        CliIT.Result bad = run("customers", "create", "Bad", "--slug", "Not A Slug");
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run("sites", "add", "Acme Bern", "--time-zone", "Europe/Zurich", "--customer", "acme").code()).isZero();
        assertThat(run("sites", "add", "Beta Basel", "--time-zone", "Europe/Zurich", "--customer", "beta").code()).isZero();
        assertThat(run("sites", "add", "Nowhere", "--time-zone", "Europe/Zurich", "--customer", "nope").code()).isEqualTo(ExitCodes.NOT_FOUND);

        CliIT.Result list = run("customers", "list");
        assertThat(list.out()).contains("default").contains("acme").contains("Beta GmbH");

        CliIT.Result token = run("token", "create", "acme-tech", "--role", "technician", "--customer", "acme");
        assertThat(token.code()).as(token.err()).isZero();
        String secret = token.out().trim();
        CliIT.Result sites = run("sites", "list", "--token", secret);
        assertThat(sites.code()).as(sites.err()).isZero();
        assertThat(sites.out()).contains("Acme Bern").doesNotContain("Beta Basel");
        assertThat(run("customers", "list", "--token", secret).code()).as("customers are the installation's").isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run("token", "list").out()).contains("acme-tech");

        assertThat(run("customers", "rename", "beta", "--name", "Beta AG").out()).contains("Beta AG");
        assertThat(run("customers", "delete", "beta").code()).as("it still has a site").isNotZero();
        assertThat(run("sites", "delete", "Beta Basel").code()).isZero();
        assertThat(run("customers", "delete", "beta").code()).isZero();
        assertThat(run("customers", "list").out()).doesNotContain("Beta AG");
    }
}
