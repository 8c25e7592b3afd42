package io.phonehome.store;

/** An insert or update broke a unique constraint (SQLState 23505); callers turn it into a conflict. */
public final class UniqueViolationException extends StoreException {
    public UniqueViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
