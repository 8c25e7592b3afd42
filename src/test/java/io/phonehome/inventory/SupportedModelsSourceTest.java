package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A built-in model row names where its values come from; an installer's own rows need not. */
class SupportedModelsSourceTest {
    private static final String HEADER = "vendor,model,family,accounts,handsets,attributes\n";

    @TempDir
    Path dir;

    private SupportedModels.Source builtIn(String rows) throws Exception {
        Path f = dir.resolve("builtin.csv");
        Files.writeString(f, HEADER + rows);
        return new SupportedModels.Source("acme", "models/acme.csv", f.toUri().toURL());
    }

    @Test
    void refusesABuiltInRowWithoutSource() throws Exception {
        SupportedModels.Source s = builtIn("acme,AD100,desk,2,0,common_id=1\n");
        assertThatThrownBy(() -> SupportedModels.load(List.of(s), null)).isInstanceOf(InventoryException.class)
                .hasMessageContaining("line 2").hasMessageContaining("AD100").hasMessageContaining("source=");
    }

    @Test
    void refusesABuiltInModelListedTwice() throws Exception {
        SupportedModels.Source s = builtIn("acme,AD100,desk,2,0,source=a\nacme,ad100,desk,4,0,source=b\n");
        assertThatThrownBy(() -> SupportedModels.load(List.of(s), null)).isInstanceOf(InventoryException.class)
                .hasMessageContaining("listed twice");
    }

    @Test
    void keepsTheSourceAsAnAttributeAndAcceptsInstallerRowsWithoutOne() throws Exception {
        SupportedModels.Source s = builtIn("acme,AD100,desk,2,0,common_id=1;source=AD100 admin guide p. 12\n");
        Path extra = dir.resolve("models.csv");
        Files.writeString(extra, HEADER + "acme,AD300,desk,6,0,\n");
        SupportedModels models = SupportedModels.load(List.of(s), extra);
        assertThat(models.find("acme", "AD100").orElseThrow().attribute("source")).contains("AD100 admin guide p. 12");
        assertThat(models.find("acme", "AD300")).isPresent();
    }
}
