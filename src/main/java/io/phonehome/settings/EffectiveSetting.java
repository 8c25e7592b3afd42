package io.phonehome.settings;

import java.util.List;

/**
 * A device's effective value of one setting and where it comes from.
 *
 * @param scope     the scope that set it, spelled as people write it, or {@code default} for a
 *                  value the site implies
 * @param overrides the values of less specific scopes it wins over, most specific first
 */
public record EffectiveSetting(String name, String value, String scope, List<Overridden> overrides) {
    public EffectiveSetting {
        overrides = List.copyOf(overrides);
    }

    /** A value a more specific scope overrides. */
    public record Overridden(String scope, String value) {
    }
}
