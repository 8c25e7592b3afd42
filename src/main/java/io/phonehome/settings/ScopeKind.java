package io.phonehome.settings;

import java.util.Locale;

/** Where a value is set, from least to most specific: a later kind wins over an earlier one. */
public enum ScopeKind {
    FLEET, VENDOR, MODEL, SITE, SITE_MODEL, DEVICE;

    /** The spelling in scopes, CSV files and the database ({@code site_model}). */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
