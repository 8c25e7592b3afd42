package io.phonehome.pki;

import io.phonehome.errors.PhonehomeException;

/** Key or certificate generation, loading or validation failed. */
public final class PkiException extends PhonehomeException {
    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }

    public PkiException(String message) {
        super(message);
    }
}
