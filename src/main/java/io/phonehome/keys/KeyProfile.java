package io.phonehome.keys;

import java.util.List;

/** A named list of keys that devices are assigned to (e.g. "reception"). */
public record KeyProfile(long id, String name, List<Key> keys) {
    public KeyProfile {
        keys = List.copyOf(keys);
    }
}
