package io.phonehome.http;

import io.phonehome.PhonehomeException;

/**
 * An HTTP error with its status, thrown by handlers and rendered by one mapper per listener
 * (plain text for phones, {@code application/problem+json} for the admin API). The message is
 * shown to the client: it must help and must never hold a secret.
 */
public class HttpStatusException extends PhonehomeException {
    private final int status;

    public HttpStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpStatusException badRequest(String message) {
        return new HttpStatusException(400, message);
    }

    public static HttpStatusException notFound(String message) {
        return new HttpStatusException(404, message);
    }

    public static HttpStatusException methodNotAllowed(String message) {
        return new HttpStatusException(405, message);
    }

    public static HttpStatusException tooLarge(String message) {
        return new HttpStatusException(413, message);
    }
}
