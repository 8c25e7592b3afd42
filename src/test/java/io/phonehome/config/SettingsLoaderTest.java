package io.phonehome.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void flagBeatsEnvironmentWhichBeatsFile() throws Exception {
        Files.writeString(dir.resolve("phonehome.properties"), "https_port=1111\nhttp_port=2222\nbind=10.0.0.1\n");
        Map<String, String> env = Map.of("PHONEHOME_DATA_DIR", dir.toString(), "PHONEHOME_HTTPS_PORT", "3333", "PHONEHOME_HTTP_PORT", "4444");
        Settings s = new SettingsLoader(env).load(List.of("--https-port=5555"));
        assertThat(s.integer(Setting.HTTPS_PORT)).isEqualTo(5555);
        assertThat(s.integer(Setting.HTTP_PORT)).isEqualTo(4444);
        assertThat(s.string(Setting.BIND)).isEqualTo("10.0.0.1");
        assertThat(s.string(Setting.TLS_KEY_TYPE)).isEqualTo("ec");
    }

    @Test
    void flagsTakeTheirValueWithOrWithoutEquals() {
        Settings s = new SettingsLoader(Map.of()).load(List.of("--data-dir", dir.toString(), "--http-enabled", "true", "--http_port=8081"));
        assertThat(s.dataDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(s.bool(Setting.HTTP_ENABLED)).isTrue();
        assertThat(s.integer(Setting.HTTP_PORT)).isEqualTo(8081);
    }

    @Test
    void unknownSettingsAndBadValuesAreErrorsThatNameTheKey() throws Exception {
        assertThatThrownBy(() -> new SettingsLoader(Map.of()).load(List.of("--data-dir=" + dir, "--htps-port=1")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("htps-port");
        assertThatThrownBy(() -> new SettingsLoader(Map.of()).load(List.of("--data-dir=" + dir, "--https-port=99999")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("https_port").hasMessageContaining("65535");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("PHONEHOME_HTTP_ENABLED", "yes")).load(List.of("--data-dir=" + dir)))
                .isInstanceOf(SettingsException.class).hasMessageContaining("http_enabled");
        Files.writeString(dir.resolve("phonehome.properties"), "no_such_thing=1\n");
        assertThatThrownBy(() -> new SettingsLoader(Map.of()).load(List.of("--data-dir=" + dir)))
                .isInstanceOf(SettingsException.class).hasMessageContaining("no_such_thing");
    }

    @Test
    void secretsAreMaskedInTheDescription() {
        Settings s = new SettingsLoader(Map.of("PHONEHOME_DB_PASSWORD", "hunter2hunter2")).load(List.of("--data-dir=" + dir));
        assertThat(s.describe()).doesNotContain("hunter2").contains("db_password=****");
    }
}
