package io.phonehome.phones;

import io.phonehome.errors.PhonehomeException;

/** A template could not be rendered (missing value, syntax error, missing template). Never half a config. */
public final class RenderException extends PhonehomeException {
    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }

    public RenderException(String message) {
        super(message);
    }
}
