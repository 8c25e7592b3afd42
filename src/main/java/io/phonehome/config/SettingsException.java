package io.phonehome.config;

import io.phonehome.errors.PhonehomeException;

/** A setting is missing, malformed or outside its rule; the message names the key and the rule. */
public final class SettingsException extends PhonehomeException {
    public SettingsException(String message) {
        super(message);
    }
}
