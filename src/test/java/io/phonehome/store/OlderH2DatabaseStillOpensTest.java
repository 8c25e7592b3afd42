package io.phonehome.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * An H2 database written by a build from before the vendor folders (only {@code db/migration})
 * opens with this build: Flyway validates the checksums of what was applied, so the old files
 * must be unchanged, and the vendor-specific version is applied on top.
 */
class OlderH2DatabaseStillOpensTest {
    @Test
    void aDatabaseMigratedByTheOlderBuildValidatesAndGetsTheVendorMigration() throws Exception {
        Path dir = Files.createTempDirectory("phonehome-old-h2");
        String url = Database.h2FileUrl(dir);
        // what the previous build did: the portable folder only, up to its last version
        Flyway.configure().dataSource(url, "phonehome", "").locations("classpath:db/migration").target("8.1").load().migrate();

        try (Database db = Database.open(url, "phonehome", "", 2)) {
            List<String> versions = db.jdbc().query("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" ORDER BY \"installed_rank\"",
                    rs -> rs.getString(1));
            assertThat(versions).contains("8.1", "8.7");
            assertThat(Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration", "classpath:db/vendor/h2").load()
                    .validateWithResult().validationSuccessful).isTrue();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
