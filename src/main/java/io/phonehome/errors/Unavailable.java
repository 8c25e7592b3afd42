package io.phonehome.errors;

/**
 * Marks an exception that says something the server needs (the database) does not answer right
 * now: not a fault of the request, and likely gone in a few seconds. Edges answer it as "unavailable,
 * try again later" (HTTP 503 with {@code Retry-After}) whatever area threw it, and background writers
 * keep what they could not write for the next attempt.
 */
public interface Unavailable {
    /** Seconds a client is told to wait before it tries again. */
    long RETRY_AFTER_SECONDS = 10;
}
