package io.phonehome.cli;

import io.phonehome.config.Setting;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code phonehome settings}: every setting with its flag, variable and default. */
@Command(name = "settings", mixinStandardHelpOptions = true, description = "List every setting, its flag, environment variable and default.")
public final class SettingsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Setting s : Setting.all()) {
            String def = s.type() == Setting.Type.SECRET ? "" : s.defaultValue();
            System.out.printf("%-30s %-34s default=%-20s %s%n", s.flagName(), s.environmentName(), def.isEmpty() ? "\"\"" : def, s.description());
        }
        return ExitCodes.OK;
    }
}
