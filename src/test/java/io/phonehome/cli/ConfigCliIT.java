package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phonehome config}: set at a site named as people name it, see where a device's value comes from, import, unset. */
class ConfigCliIT {
    static TestServer server;
    static final String MAC = "805ec0dd0001";

    @TempDir
    Path tmp;


    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite("Zurich Office", "Europe/Zurich");
        assertThat(server.importCsv("mac,model,site\n" + MAC + ",T54W,Zurich Office\n").errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result run(String... args) {
        return CliIT.runAgainst(server, args);
    }

    @Test
    void aValueSetForASiteByItsNameShowsAsTheDevicesEffectiveValueWithItsScope() {
        CliIT.Result set = run("config", "set", "site:Zurich Office", "time.format", "12H");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("site:Zurich Office time.format = 12h");
        assertThat(run("config", "set", "device:" + MAC, "time.format", "24h").code()).isZero();
        CliIT.Result eff = run("config", "effective", "80:5e:c0:dd:00:01");
        assertThat(eff.code()).as(eff.err()).isZero();
        assertThat(eff.out()).containsPattern("time\\.format\\s+24h\\s+device:" + MAC + "\\s+site:Zurich Office=12h, default=24h")
                .containsPattern("tones\\.country\\s+CH\\s+default");
        assertThat(run("config", "unset", "device:" + MAC, "time.format").code()).isZero();
        assertThat(run("config", "effective", MAC).out()).containsPattern("time\\.format\\s+12h\\s+site:Zurich Office");
    }

    @Test
    void anAdminPasswordReadFromAFileIsShownOnlyAsSetWithItsScope() throws IOException {
        Path secret = tmp.resolve("admin-password");
        Files.writeString(secret, "Cli-Secret-2718\n");
        CliIT.Result set = run("config", "set", "device:" + MAC, "phone.admin_password", "--value-file", secret.toString());
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("phone.admin_password = ****").doesNotContain("Cli-Secret-2718");
        CliIT.Result eff = run("config", "effective", MAC);
        assertThat(eff.out()).containsPattern("phone\\.admin_password\\s+\\*\\*\\*\\*\\s+device:" + MAC)
                .doesNotContain("Cli-Secret-2718");
        assertThat(run("config", "list", "device:" + MAC).out()).doesNotContain("Cli-Secret-2718");
        assertThat(run("config", "set", "device:" + MAC, "phone.admin_password").code()).as("no value at all").isEqualTo(ExitCodes.USAGE);
        assertThat(run("config", "unset", "device:" + MAC, "phone.admin_password").code()).isZero();
    }

    @Test
    void aDryRunCountsTheDevicesReachedAndChangesNothingThenAResyncReSyncsThem() {
        CliIT.Result dry = run("config", "set", "site:Zurich Office", "network.vlan.id", "30", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("dry run, nothing changed: 1 device(s) would get another value", "80:5e:c0:dd:00:01",
                "+ network.vlan.id = 30");
        assertThat(run("config", "effective", MAC).out()).doesNotContain("network.vlan.id");
        CliIT.Result both = run("config", "set", "site:Zurich Office", "network.vlan.id", "30", "--dry-run", "--resync");
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);

        CliIT.Result set = run("config", "set", "site:Zurich Office", "network.vlan.id", "30", "--resync");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("1 device(s) get another value, 1 of them a changed file", "static.network.vlan.internet_port_vid = 30")
                .containsPattern("re-sync started: action \\d+");
        CliIT.Result unset = run("config", "unset", "site:Zurich Office", "network.vlan.id", "--dry-run");
        assertThat(unset.out()).contains("would remove network.vlan.id", "1 device(s) would get another value");
        assertThat(run("config", "effective", MAC).out()).containsPattern("network\\.vlan\\.id\\s+30\\s+site:Zurich Office");
        assertThat(run("config", "unset", "site:Zurich Office", "network.vlan.id").out()).contains("removed network.vlan.id", "1 device(s) get another value");
    }

    @Test
    void aMistypedNameExitsAsInvalidInputWithDidYouMean() {
        CliIT.Result r = run("config", "set", "fleet", "tones.contry", "CH");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("did you mean tones.country");
    }

    @Test
    void aSemicolonCsvImportsAtTheSiteAndModelNamedInIt() throws IOException {
        Path csv = tmp.resolve("settings.csv");
        Files.writeString(csv, "scope;target;name;value\nsite_model;Zurich Office:yealink:T54W;yealink:features.dnd.enable;1\n");
        CliIT.Result dry = run("config", "import", csv.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run, nothing written: 1 value(s).");
        assertThat(run("config", "import", csv.toString()).out()).contains("Imported 1 value(s).");
        CliIT.Result list = run("config", "list", "site_model:Zurich Office:yealink:T54W");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("yealink:features.dnd.enable").contains("1");
    }
}
