package io.phonehome.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The phone listener's error body: one short line of plain text, never cached. Phones show it
 * at best in a log, so it says what went wrong in a few words and nothing more. Both handlers of
 * that listener (configuration files, firmware images) write their errors through here.
 */
public final class PlainText {
    private PlainText() {
    }

    public static void send(HttpServerExchange ex, int status, String message) {
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ex.setStatusCode(status);
        // Set for the file this answer is not: an error has no validator and no ranges.
        ex.getResponseHeaders().remove(Headers.ETAG);
        ex.getResponseHeaders().remove(Headers.ACCEPT_RANGES);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
