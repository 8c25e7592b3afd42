package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The import's column rules never let through a value longer than the database column it is written to. */
class ColumnRulesTest {
    /** Import column to the table and column it is stored in. */
    static final Map<String, String> STORED_IN = Map.ofEntries(Map.entry("model", "devices.model"), Map.entry("vendor", "devices.vendor"),
            Map.entry("serial", "devices.serial"), Map.entry("site", "sites.name"), Map.entry("extension", "lines.extension"),
            Map.entry("display_name", "lines.display_name"), Map.entry("label", "lines.label"), Map.entry("handset_name", "handsets.name"),
            Map.entry("auth_user", "lines.auth_user"), Map.entry("password", "lines.password"), Map.entry("transport", "lines.transport"),
            Map.entry("srtp", "lines.srtp"), Map.entry("redirect_url", "devices.redirect_url"),
            Map.entry("redirect_username", "devices.redirect_username"), Map.entry("redirect_password", "devices.redirect_password"));

    @Test
    void everyStoredColumnsRuleFitsItsDatabaseColumn() {
        try (TestDatabase db = new TestDatabase()) {
            STORED_IN.forEach((column, stored) -> {
                String[] tc = stored.split("\\.");
                List<Integer> size = db.inventory().jdbc().query("SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS "
                        + "WHERE LOWER(TABLE_NAME) = ? AND LOWER(COLUMN_NAME) = ?", rs -> rs.getInt(1), tc[0], tc[1]);
                assertThat(size).as(stored).hasSize(1);
                assertThat(ColumnRules.maxLength(column)).as(column + " in " + stored).isPositive().isLessThanOrEqualTo(size.get(0));
            });
        }
    }

    @Test
    void everyImportColumnHasARule() {
        assertThat(DeviceImport.COLUMNS).allSatisfy(c -> assertThat(ColumnRules.maxLength(c)).as(c).isPositive());
    }

    @Test
    void refusesLineBreaksControlCharactersAndBrokenSurrogatesButNotOtherScripts() {
        assertThat(ColumnRules.problem("handset_name", "Mobilteil Lager")).isNull();
        assertThat(ColumnRules.problem("handset_name", "Büro 😀 東京")).isNull();
        assertThat(ColumnRules.problem("handset_name", "a\nb")).contains("line breaks");
        assertThat(ColumnRules.problem("handset_name", "a\u2028b")).contains("line breaks");
        assertThat(ColumnRules.problem("handset_name", "a\ud83db")).contains("surrogate");
        assertThat(ColumnRules.problem("handset_name", "x".repeat(100))).isNull();
        assertThat(ColumnRules.problem("handset_name", "x".repeat(101))).contains("at most 100");
    }
}
