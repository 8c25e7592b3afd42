package io.phonehome.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings line the server logs at start never shows the database password, wherever it was given. */
class DatabasePasswordNotDescribedTest {
    @Test
    void thePasswordSettingAndAPasswordInsideTheUrlAreMasked() {
        Settings s = Settings.of(Map.of(Setting.DB_URL, "jdbc:postgresql://db.example:5432/phonehome?user=ph&password=s3cret-in-url&ssl=true",
                Setting.DB_PASSWORD, "s3cret-setting"));
        assertThat(s.describe()).doesNotContain("s3cret").contains("db_url=jdbc:postgresql://db.example:5432/phonehome?user=ph&password=****&ssl=true")
                .contains("db_password=****");
    }
}
