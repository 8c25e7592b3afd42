package io.phonehome.cli;

import io.phonehome.config.Settings;
import io.phonehome.config.SettingsLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The settings flags every subcommand that opens the data directory accepts. */
public final class SettingsOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ./data, or $PHONEHOME_DATA_DIR)")
    String dataDir;

    @Option(names = "--config-file", paramLabel = "FILE", description = "Settings file (default: <data-dir>/phonehome.properties)")
    String configFile;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any other setting, e.g. -D db_pool_size=4")
    Map<String, String> others = Map.of();

    public Settings load() {
        List<String> flags = new ArrayList<>();
        if (dataDir != null) {
            flags.add("--data-dir=" + dataDir);
        }
        if (configFile != null) {
            flags.add("--config-file=" + configFile);
        }
        others.forEach((k, v) -> flags.add("--" + k + "=" + v));
        return SettingsLoader.fromSystem().load(flags);
    }
}
