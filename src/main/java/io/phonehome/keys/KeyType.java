package io.phonehome.keys;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a programmable key does, in Phonehome's own terms; each plug-in names it in its vendor's. */
public enum KeyType {
    /** A line (account) appearance. */
    LINE(false),
    /** Busy lamp field: watches an extension (lamp), picks up its ringing call, calls it. */
    BLF(true),
    SPEED_DIAL(true),
    /** Parks the call on the slot given as value. */
    PARK(true),
    DND(false),
    /** Transfers the call to the value. */
    TRANSFER(true),
    /** Calls an extension with auto-answer. */
    INTERCOM(true),
    VOICEMAIL(false);

    private final boolean needsValue;

    KeyType(boolean needsValue) {
        this.needsValue = needsValue;
    }

    /** The name in the API, CSV and templates: {@code speed_dial}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean needsValue() {
        return needsValue;
    }

    /** Whether the value must be an extension of the inventory (the key watches or rings it). */
    public boolean targetsExtension() {
        return this == BLF || this == INTERCOM;
    }

    public static Optional<KeyType> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String n = s.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.wire().equals(n)).findFirst();
    }

    public static String allWire() {
        return String.join(", ", Arrays.stream(values()).map(KeyType::wire).toList());
    }
}
