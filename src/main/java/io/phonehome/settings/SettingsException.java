package io.phonehome.settings;

import io.phonehome.errors.NotFound;
import io.phonehome.errors.PhonehomeException;

/** A scope or value that does not exist (a site no one created, a value never set). */
public final class SettingsException extends PhonehomeException implements NotFound {
    public SettingsException(String message) {
        super(message);
    }
}
