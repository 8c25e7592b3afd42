package io.phonehome.provisioning;

import io.phonehome.http.PlainText;
import io.phonehome.phones.PhoneAnswer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;

/**
 * Writes a {@link PhoneAnswer} onto the phone listener's exchange: the one place that decides
 * status, headers and body of everything a phone is told, errors included. Errors are short
 * plain text ({@link PlainText}); a render failure says only that the server log has it.
 */
final class PhoneAnswers {
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");

    private PhoneAnswers() {
    }

    static void write(HttpServerExchange ex, PhoneAnswer answer) {
        if (answer instanceof PhoneAnswer.Serve s) {
            send(ex, s.file().contentType(), s.file().body(), s.file().etag(), s.secret());
        } else if (answer instanceof PhoneAnswer.Challenge c) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, c.wwwAuthenticate());
            PlainText.send(ex, 401, "authentication required");
        } else if (answer instanceof PhoneAnswer.NotFound n) {
            PlainText.send(ex, 404, n.reason());
        } else if (answer instanceof PhoneAnswer.Refused r) {
            if (r.status() == 405) {
                ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            }
            PlainText.send(ex, r.status(), r.reason());
        } else if (answer instanceof PhoneAnswer.TooManyRequests t) {
            ex.getResponseHeaders().put(RETRY_AFTER, Long.toString(t.retryAfterSeconds()));
            PlainText.send(ex, 429, t.reason());
        } else if (answer instanceof PhoneAnswer.RenderFailed) {
            PlainText.send(ex, 500, "the configuration could not be generated; the error is in the server log");
        } else {
            throw new IllegalStateException("not an answer to write: " + answer);
        }
    }

    /**
     * The database does not answer: 503 with {@code Retry-After}, so the phone tries again soon
     * instead of keeping the last error (RFC 9110 15.6.4).
     */
    static void unavailable(HttpServerExchange ex) {
        ex.getResponseHeaders().put(RETRY_AFTER, Long.toString(io.phonehome.errors.Unavailable.RETRY_AFTER_SECONDS));
        PlainText.send(ex, 503, "the server cannot reach its database right now; try again later");
    }

    /** A fault of the server itself (a bug): the details are in the server log only. */
    static void internalError(HttpServerExchange ex) {
        PlainText.send(ex, 500, "internal error");
    }

    private static void send(HttpServerExchange ex, String contentType, byte[] body, String etag, boolean secret) {
        if (etag != null) {
            ex.getResponseHeaders().put(Headers.ETAG, etag);
            String inm = ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
            if (etag.equals(inm)) {
                ex.setStatusCode(304);
                ex.endExchange();
                return;
            }
        }
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, secret ? "no-store" : "no-cache");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
