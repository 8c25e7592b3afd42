package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The data rows of the table (header and summary line left out), split into columns. */
    private static List<String[]> rows(String out) {
        List<String> lines = out.lines().toList();
        return lines.subList(1, lines.size() - 1).stream().filter(l -> !l.startsWith("    source:"))
                .map(l -> l.trim().split("\\s+")).toList();
    }

    @Test
    void theCatalogListsAtLeastAHundredAndFiftyModelsOverTheFourVendorsAndCountsThem() {
        Result models = run("models", "--data-dir=" + data);
        List<String[]> rows = rows(models.out());
        Map<String, Integer> perVendor = new LinkedHashMap<>();
        rows.forEach(r -> perVendor.merge(r[0], 1, Integer::sum));
        // The test class path adds the fictitious plug-in of FifthVendorIT; the four real vendors carry the catalog.
        List<String> real = List.of("fanvil", "grandstream", "snom", "yealink");
        assertThat(perVendor.keySet()).containsAll(real);
        assertThat(real.stream().mapToInt(perVendor::get).sum()).isGreaterThanOrEqualTo(150);
        // Every vendor's portfolio, not one vendor's brochure padded out.
        assertThat(real).allSatisfy(v -> assertThat(perVendor.get(v)).as(v).isGreaterThanOrEqualTo(30));
        String summary = models.out().lines().reduce((a, b) -> b).orElseThrow();
        StringBuilder expected = new StringBuilder().append(rows.size()).append(" models");
        String sep = ": ";
        for (String v : perVendor.keySet().stream().sorted().toList()) {
            expected.append(sep).append(v).append(' ').append(perVendor.get(v));
            sep = ", ";
        }
        assertThat(summary).isEqualTo(expected.toString());
        // The families the plug-ins carry lines in, ATA ports included.
        assertThat(rows.stream().map(r -> r[2]).distinct()).contains("desk", "ata", "dect", "dect-multicell", "dect-base");
    }

    @Test
    void oneVendorsModelsWithTheirSourcesAndAnUnknownVendorIsAUsageError() {
        Result snom = run("models", "--vendor", "Snom", "--sources", "--data-dir=" + data);
        assertThat(snom.code()).isEqualTo(ExitCodes.OK);
        List<String[]> rows = rows(snom.out());
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r[0]).isEqualTo("snom"));
        long sourceLines = snom.out().lines().filter(l -> l.startsWith("    source: ") && l.length() > 16).count();
        assertThat(sourceLines).isEqualTo(rows.size());
        assertThat(Arrays.asList(snom.out().split("\n"))).last().asString().startsWith(rows.size() + " models: snom " + rows.size());

        assertThat(run("models", "--vendor", "nokia", "--data-dir=" + data).code()).isEqualTo(ExitCodes.USAGE);
    }
}
