package io.phonehome.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads settings from a properties file, the environment and command-line flags; a flag beats
 * the environment, which beats the file. Unknown keys are errors (a typo must not silently fall
 * back to a default), except unknown {@code PHONEHOME_*} variables, which other tools may set.
 */
public final class SettingsLoader {
    private final Map<String, String> environment;

    public SettingsLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public static SettingsLoader fromSystem() {
        return new SettingsLoader(System.getenv());
    }

    /**
     * @param flags {@code --key=value} or {@code --key value} pairs, as given after the subcommand
     */
    public Settings load(List<String> flags) {
        Map<Setting, String> fromFlags = parseFlags(flags);
        Map<Setting, String> fromEnv = parseEnvironment();

        // The settings file lives in the data dir unless named; find both from the stronger sources first.
        Map<Setting, String> early = new EnumMap<>(Setting.class);
        early.putAll(fromEnv);
        early.putAll(fromFlags);
        Settings bootstrap = new Settings(early);
        Path file = bootstrap.pathOrInDataDir(Setting.CONFIG_FILE, "phonehome.properties");
        boolean fileNamed = !bootstrap.string(Setting.CONFIG_FILE).isEmpty();

        Map<Setting, String> merged = new EnumMap<>(Setting.class);
        if (Files.exists(file)) {
            merged.putAll(readFile(file));
        } else if (fileNamed) {
            throw new SettingsException("config_file: " + file + " does not exist");
        }
        merged.putAll(fromEnv);
        merged.putAll(fromFlags);
        return new Settings(merged);
    }

    static Map<Setting, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new SettingsException("cannot read settings file " + file + ": " + e.getMessage());
        }
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (String name : p.stringPropertyNames()) {
            Setting s = Setting.byKey(name).orElseThrow(() ->
                    new SettingsException(file + ": unknown setting '" + name + "'"));
            out.put(s, p.getProperty(name));
        }
        return out;
    }

    private Map<Setting, String> parseEnvironment() {
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String v = environment.get(s.environmentName());
            if (v != null) {
                out.put(s, v);
            }
        }
        return out;
    }

    static Map<Setting, String> parseFlags(List<String> flags) {
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (int i = 0; i < flags.size(); i++) {
            String arg = flags.get(i);
            if (!arg.startsWith("--")) {
                throw new SettingsException("unexpected argument '" + arg + "' (settings are given as --name=value)");
            }
            String body = arg.substring(2);
            String name;
            String value;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                name = body.substring(0, eq);
                value = body.substring(eq + 1);
            } else {
                name = body;
                if (i + 1 >= flags.size()) {
                    throw new SettingsException("--" + name + " needs a value");
                }
                value = flags.get(++i);
            }
            Setting s = Setting.byKey(name).orElseThrow(() ->
                    new SettingsException("unknown setting --" + name + " (see 'phonehome settings')"));
            out.put(s, value);
        }
        return out;
    }
}
