package io.phonehome.errors;

/**
 * The one unchecked root of Phonehome's own exceptions. Each area has its family below it
 * (settings, store, pki, rendering...). Checked library exceptions are wrapped at the package
 * edge with a message that says what was being done. Messages never carry secrets.
 *
 * <p>What kind of problem it is, is said by the exception's type, never by a reason field: an
 * area's exception that means "does not exist" or "conflicts" implements {@link NotFound} or
 * {@link Conflict}; one of an area's input rules is the area's family itself.
 */
public class PhonehomeException extends RuntimeException {
    public PhonehomeException(String message) {
        super(message);
    }

    public PhonehomeException(String message, Throwable cause) {
        super(message, cause);
    }
}
