package io.phonehome.store;

import io.phonehome.errors.Unavailable;

/**
 * The database does not answer: no connection within the pool's timeout, the connection broke, or
 * the server is shutting down, starting up or in recovery (a restart, a failover to a promoted
 * replica). Nothing of the operation took effect, unless the connection broke while a commit was on
 * its way (then the commit's outcome is unknown to the client, as with any database).
 */
public final class StoreUnavailableException extends StoreException implements Unavailable {
    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
