package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phonehome firmware ...} against a running server: upload with the hash computed by the
 * CLI, targets, and a campaign followed with a progress display. The server has no SIP core, so
 * its NOTIFYs honestly fail (not registered) and the canary halts the campaign.
 */
class FirmwareCliIT {
    static TestServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of(Setting.CAMPAIGN_TICK_MILLIS, "50"));
        server.createSite("Depot", "Europe/Zurich");
        server.importCsv("mac,model,site,display_name\n805ec0ac0001,T46U,Depot,A\n805ec0ac0002,T46U,Depot,B\n805ec0ac0003,T46U,Depot,C\n");
        for (int i = 1; i <= 3; i++) {
            server.server().inventory().devices().recordFetch(Mac.parse("805ec0ac000" + i), Instant.now(), "127.0.0.1", "T46U", "108.86.0.10");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result run(String... args) {
        return CliIT.runAgainst(server, args);
    }

    @Test
    void uploadTargetAndACampaignThatHaltsOnItsCanary() throws Exception {
        Path file = tmp.resolve("T46U-108.86.0.40.rom");
        Files.write(file, FakeFirmware.bytes("cli", 200_000));
        CliIT.Result up = run("firmware", "upload", file.toString(), "--vendor", "yealink");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.out()).contains("added").contains("yealink T46U 108.86.0.40");
        assertThat(up.err()).contains("upload T46U-108.86.0.40.rom");
        Path grandstream = tmp.resolve("gxp2170fw.bin");
        Files.write(grandstream, FakeFirmware.bytes("gs", 1000));
        CliIT.Result noVersion = run("firmware", "upload", grandstream.toString(), "--vendor", "grandstream");
        assertThat(noVersion.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(noVersion.err()).contains("needs its version");

        CliIT.Result images = run("firmware", "images");
        assertThat(images.out()).contains("T46U").contains("108.86.0.40").contains("data/yealink/T46U-108.86.0.40.rom");
        String id = Json.parse(run("firmware", "images", "--json").out()).at("/images/0/id").asText();

        CliIT.Result set = run("firmware", "target", "set", "108.86.0.40", "--model", "T46U", "--site", "Depot");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("site target yealink T46U at site");
        assertThat(run("firmware", "targets").out()).contains("site").contains("108.86.0.40");
        assertThat(run("firmware", "target", "set", "108.86.0.99", "--mac", "805ec0ac0001").code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run("firmware", "delete", id).code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(run("firmware", "target", "clear", "--model", "T46U", "--site", "Depot").code()).isZero();

        CliIT.Result campaign = run("firmware", "campaign", "create", "--target-version", "108.86.0.40", "--model", "T46U", "--canary", "1", "--per-minute",
                "600", "--start", "--wait");
        assertThat(campaign.code()).as(campaign.out() + campaign.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(campaign.err()).contains("campaign ").contains("halted");
        assertThat(campaign.out()).contains("halted (canary failed: 1 of 1 device(s) failed").contains("T46U")
                .contains("NOTIFY not_registered");
        long cid = Json.parse(run("firmware", "campaign", "list", "--json").out()).get(0).get("id").asLong();
        JsonNode shown = Json.parse(run("firmware", "campaign", "show", Long.toString(cid), "--json").out());
        assertThat(shown.at("/states/failed").asInt()).isEqualTo(1);
        assertThat(shown.at("/states/pending").asInt()).isEqualTo(2);
        CliIT.Result cancel = run("firmware", "campaign", "cancel", Long.toString(cid));
        assertThat(cancel.code()).isZero();
        assertThat(cancel.out()).contains("cancelled");
        assertThat(run("firmware", "campaign", "start", Long.toString(cid)).code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(run("firmware", "delete", id).code()).isZero();
    }
}
