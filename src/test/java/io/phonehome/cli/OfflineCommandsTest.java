package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that still work on the data directory alone ({@code models}). Sites and imports
 * go through the admin API now: see {@link CliIT}.
 */
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
    void modelsListsTheCatalogFromTheDataDirectoryWithoutAServer() {
        Result models = run("models", "--data-dir=" + data);
        assertThat(models.code()).isEqualTo(ExitCodes.OK);
        assertThat(models.out()).contains("W90DM").contains("D865").contains("GRP2616").contains("X7");
    }
}
