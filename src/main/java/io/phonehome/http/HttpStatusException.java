package io.phonehome.http;

import io.phonehome.errors.PhonehomeException;

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

    public static HttpStatusException unauthorized(String message) {
        return new HttpStatusException(401, message);
    }

    public static HttpStatusException forbidden(String message) {
        return new HttpStatusException(403, message);
    }

    public static HttpStatusException conflict(String message) {
        return new HttpStatusException(409, message);
    }

    public static HttpStatusException unsupportedMediaType(String message) {
        return new HttpStatusException(415, message);
    }

    /** The request was well-formed but its content breaks a rule (validation). */
    public static HttpStatusException unprocessable(String message) {
        return new HttpStatusException(422, message);
    }

    public static HttpStatusException tooManyRequests(String message) {
        return new HttpStatusException(429, message);
    }
}
