package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phonehome sites add}, {@code import} (dry run, refused, real) and {@code models} on a data directory. */
class OfflineCommandsTest {
    @TempDir
    Path data;

    private record Result(int code, String out) {
    }

    private Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.run(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void importIsCheckedThenAppliedAndExitCodesTellScriptsWhatHappened() throws Exception {
        String dir = "--data-dir=" + data;
        assertThat(run("sites", "add", "Zurich HQ", "--time-zone", "Europe/Zurich", "--language", "de", dir).code()).isEqualTo(Main.OK);
        Path good = Files.writeString(data.resolve("good.csv"), "mac;model;site;display_name\n00:15:65:aa:bb:01;T46U;Zurich HQ;Anna\n");
        Path bad = Files.writeString(data.resolve("bad.csv"), "mac,model,site\n00:15:65:aa:bb:02,T46U,Zurich HQ\nnot-a-mac,T46U,Zurich HQ\n");

        Result dry = run("import", good.toString(), "--dry-run", dir);
        assertThat(dry.code()).isEqualTo(Main.OK);
        assertThat(dry.out()).contains("Dry run").contains("00:15:65:aa:bb:01 gets extension 200");

        Result refused = run("import", bad.toString(), dir);
        assertThat(refused.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(refused.out()).contains("nothing was changed").contains("row 3, mac");

        Result real = run("import", good.toString(), dir);
        assertThat(real.code()).isEqualTo(Main.OK);
        assertThat(real.out()).contains("Imported 1 row(s): 1 device(s) new");

        Result again = run("import", good.toString(), "--json", dir);
        assertThat(again.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(again.out()).contains("\"errors\"").contains("already in the inventory");
    }

    @Test
    void modelsListsTheCatalogAndBadSitesAreRefused() {
        Result models = run("models", "--data-dir=" + data);
        assertThat(models.code()).isEqualTo(Main.OK);
        assertThat(models.out()).contains("W90DM").contains("D865").contains("GRP2616").contains("X7");
        assertThat(run("sites", "add", "X", "--time-zone", "Mars/Olympus", "--data-dir=" + data).code()).isEqualTo(Main.FAILED);
    }
}
