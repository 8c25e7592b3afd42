package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A phone whose MAC was deleted and imported again (a device moved between sites by a
 * technician, a delivery note imported twice) is a new device: what it reports on its next fetch
 * must reach the new row, or diagnostics show no firmware and a campaign never confirms it.
 */
class ReimportedDeviceIT {
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:01:03";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createTrustingSite("Lab", "Europe/Zurich");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result cli(String... args) {
        return CliIT.runAgainst(server, args);
    }

    void fetchConfig() {
        HttpResponse<String> r = server.get("805ec0aa0103.cfg", UA);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        server.flushRecords();
    }

    @Test
    void aMacDeletedAndImportedAgainReportsItsModelAndFirmwareOnItsNextFetch() {
        String csv = "mac,model,site\n80:5e:c0:aa:01:03,T46U,Lab\n";
        assertThat(server.importCsv(csv).errors()).isEmpty();
        fetchConfig();
        assertThat(cli("devices", "show", "805ec0aa0103").out()).contains("reported   T46U 108.86.0.20");

        assertThat(cli("devices", "delete", "805ec0aa0103").code()).isZero();
        assertThat(server.importCsv(csv).errors()).isEmpty();
        assertThat(cli("devices", "show", "805ec0aa0103").out()).doesNotContain("108.86.0.20");
        fetchConfig();

        CliIT.Result shown = cli("devices", "show", "805ec0aa0103");
        assertThat(shown.code()).isZero();
        assertThat(shown.out()).contains("reported   T46U 108.86.0.20");
        assertThat(cli("devices", "diagnostics", "805ec0aa0103").out()).contains("reported 108.86.0.20");
    }
}
