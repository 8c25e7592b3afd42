package io.phonehome.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compiler makes every write name a table; this checks, over the main sources, that the name
 * is the table the statement's text writes, so a copied line cannot tell the device directory
 * about the wrong table. (Read here, in a test, so that nothing at run time reads SQL text.)
 */
class DeclaredWritesTest {
    private static final Pattern DECLARED_WRITE = Pattern.compile(
            "\\.(?:update|insert|batch|batchInsert|updateRow)\\(\\s*Table\\.([A-Z_]+),\\s*(?:[A-Za-z_][A-Za-z0-9_.()]*,\\s*)?\"\\s*(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO)\\s+([A-Za-z_]+)",
            Pattern.CASE_INSENSITIVE);

    static List<String> mismatches(String source) {
        List<String> out = new ArrayList<>();
        Matcher m = DECLARED_WRITE.matcher(source);
        while (m.find()) {
            if (!m.group(1).equals(m.group(2).toUpperCase(Locale.ROOT))) {
                out.add("declares " + m.group(1) + " but writes " + m.group(2));
            }
        }
        return out;
    }

    @Test
    void everyWriteDeclaresTheTableItsStatementWrites() throws IOException {
        List<String> wrong = new ArrayList<>();
        int writes = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                writes += (int) DECLARED_WRITE.matcher(source).results().count();
                mismatches(source).forEach(w -> wrong.add(f + ": " + w));
            }
        }
        assertThat(writes).as("declared writes found").isGreaterThan(50);
        assertThat(wrong).isEmpty();
    }

    @Test
    void aDeclarationThatNamesAnotherTableIsReported() {
        assertThat(mismatches("jdbc.update(Table.SITES, \"UPDATE devices SET x = ?\", 1);")).containsExactly("declares SITES but writes devices");
        assertThat(mismatches("jdbc.update(Table.DEVICES, \"UPDATE devices SET x = ?\", 1);")).isEmpty();
        assertThat(mismatches("jdbc.updateRow(Table.SITES, id, \"UPDATE devices SET x = ? WHERE id = ?\", 1, id);"))
                .containsExactly("declares SITES but writes devices");
    }
}
