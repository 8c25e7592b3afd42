package io.phonehome.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses Yealink-style {@code key = value} files the way the firmware reads them, for assertions. */
public final class KeyValueConfig {
    private KeyValueConfig() {
    }

    public static Map<String, String> parse(String text) {
        if (!text.startsWith("#!version:1.0.0.1")) {
            throw new AssertionError("a Yealink file must start with #!version:1.0.0.1, got: " + text.lines().findFirst().orElse(""));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("include:config")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 0) {
                throw new AssertionError("line is neither comment nor key = value: '" + l + "'");
            }
            String key = l.substring(0, eq).strip();
            if (out.containsKey(key)) {
                throw new AssertionError("key set twice: " + key);
            }
            out.put(key, l.substring(eq + 1).strip());
        }
        return out;
    }
}
