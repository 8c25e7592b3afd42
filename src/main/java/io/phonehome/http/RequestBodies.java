package io.phonehome.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies with a named size limit. A declared {@code Content-Length} above the limit
 * is refused without keeping anything; a chunked body is kept up to the limit and refused as soon
 * as it passes it. Either way the client gets a 413 that names the setting to raise.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * Reads the whole body on the calling (worker) thread.
     *
     * @param maxBytes  the limit
     * @param limitName how the limit is called where it can be changed, e.g. {@code admin_max_body_bytes}
     */
    public static byte[] read(HttpServerExchange ex, long maxBytes, String limitName) {
        if (!ex.isBlocking()) {
            ex.startBlocking();
        }
        long declared = ex.getRequestContentLength();
        if (declared > maxBytes) {
            drain(ex);
            throw tooLarge(maxBytes, limitName);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buf = new byte[16384];
        try {
            InputStream in = ex.getInputStream();
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    drain(ex);
                    throw tooLarge(maxBytes, limitName);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw HttpStatusException.badRequest("the request body could not be read: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /**
     * Reads and discards the rest of a refused body, so the client, still sending, reads our
     * answer instead of a reset connection. The listener's own entity limit bounds how much is
     * read; past it the connection is closed (and the answer may be lost, for absurd sizes only).
     */
    private static void drain(HttpServerExchange ex) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = ex.getInputStream();
            while (in.read(buf) > 0) {
                // discard
            }
        } catch (IOException e) {
            ex.setPersistent(false);
        }
    }

    private static HttpStatusException tooLarge(long maxBytes, String limitName) {
        return HttpStatusException.tooLarge("the request body is larger than " + maxBytes + " bytes (" + limitName + ")");
    }

    /** The media type of the request without parameters, lower case; empty when absent. */
    public static String mediaType(HttpServerExchange ex) {
        String ct = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The {@code charset} parameter of the Content-Type, or null. */
    public static String charset(HttpServerExchange ex) {
        String ct = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (ct == null) {
            return null;
        }
        for (String part : ct.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                return p.substring(8).replace("\"", "").trim();
            }
        }
        return null;
    }
}
