package io.phonehome.store;

import io.phonehome.errors.PhonehomeException;

/** A database operation failed; the message says what was being done. */
public class StoreException extends PhonehomeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
