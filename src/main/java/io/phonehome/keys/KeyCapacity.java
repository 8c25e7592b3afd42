package io.phonehome.keys;

import io.phonehome.inventory.ModelInfo;
import java.util.Optional;

/**
 * How many keys a model holds, from its catalog row: {@code line_keys} on the phone,
 * {@code expansion_modules} modules of {@code expansion_keys} keys each. A count the row does not
 * give is unknown, never guessed: keys there are refused with a message that says so.
 */
public record KeyCapacity(String model, Integer lineKeys, Integer modules, Integer keysPerModule) {
    public static final String LINE_KEYS = "line_keys";
    public static final String EXPANSION_MODULES = "expansion_modules";
    public static final String EXPANSION_KEYS = "expansion_keys";

    public static KeyCapacity of(ModelInfo m) {
        return new KeyCapacity(m.vendor() + " " + m.model(), count(m, LINE_KEYS), count(m, EXPANSION_MODULES), count(m, EXPANSION_KEYS));
    }

    private static Integer count(ModelInfo m, String attribute) {
        Optional<String> v = m.attribute(attribute);
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why the model cannot hold the key, or empty when it can. */
    public Optional<String> refuse(Key k) {
        if (k.module() == 0) {
            if (lineKeys == null) {
                return Optional.of("the model catalog gives no key count (" + LINE_KEYS + ") for " + model
                        + ", so Phonehome cannot tell which keys it holds");
            }
            if (k.position() > lineKeys) {
                return Optional.of(k.where() + " is beyond the " + lineKeys + " keys of the " + model + " (" + LINE_KEYS + "=" + lineKeys + ")");
            }
            return Optional.empty();
        }
        if (modules == null || keysPerModule == null) {
            return Optional.of("the model catalog gives no expansion module count (" + EXPANSION_MODULES + ", " + EXPANSION_KEYS + ") for "
                    + model + ", so Phonehome cannot tell which expansion keys it holds");
        }
        if (k.module() > modules) {
            return Optional.of(k.where() + ": the " + model + " takes " + modules + " expansion module" + (modules == 1 ? "" : "s")
                    + " (" + EXPANSION_MODULES + "=" + modules + ")");
        }
        if (k.position() > keysPerModule) {
            return Optional.of(k.where() + " is beyond the " + keysPerModule + " keys of an expansion module of the " + model
                    + " (" + EXPANSION_KEYS + "=" + keysPerModule + ")");
        }
        return Optional.empty();
    }
}
