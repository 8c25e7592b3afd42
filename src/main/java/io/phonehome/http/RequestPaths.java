package io.phonehome.http;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks request paths before any handler trusts them: only plain segments of safe characters,
 * no {@code .}/{@code ..}, no empty segments, no encoded separators, no control characters.
 * Anything else is a 400, so a traversal attempt never reaches a file lookup.
 */
public final class RequestPaths {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._\\-]{1,128}");
    public static final int MAX_SEGMENTS = 8;

    private RequestPaths() {
    }

    /**
     * Splits a decoded request path into checked segments.
     *
     * @param rawPath the path as received (still percent-encoded)
     * @throws HttpStatusException 400 with the reason
     */
    public static List<String> segments(String rawPath) {
        return segments(rawPath, SEGMENT);
    }

    /**
     * As {@link #segments(String)}, with another rule for what a segment may hold (the admin API
     * also accepts ':' so MACs can be written 00:15:65:aa:bb:cc). The other checks stay.
     */
    public static List<String> segments(String rawPath, Pattern segment) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw HttpStatusException.badRequest("the path must start with '/'");
        }
        if (rawPath.indexOf('%') >= 0 || rawPath.indexOf('\\') >= 0) {
            throw HttpStatusException.badRequest("encoded characters and backslashes are not allowed in paths");
        }
        String p = rawPath.substring(1);
        if (p.isEmpty()) {
            return List.of();
        }
        String[] parts = p.split("/", -1);
        if (parts.length > MAX_SEGMENTS) {
            throw HttpStatusException.badRequest("path is too deep");
        }
        for (String s : parts) {
            if (s.isEmpty()) {
                throw HttpStatusException.badRequest("empty path segment");
            }
            if (s.equals(".") || s.equals("..")) {
                throw HttpStatusException.badRequest("'.' and '..' are not allowed in paths");
            }
            if (!segment.matcher(s).matches()) {
                throw HttpStatusException.badRequest("path segment '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s)
                        + "' has characters outside " + (segment == SEGMENT ? "A-Z a-z 0-9 . _ -" : segment.pattern()));
            }
        }
        return List.of(parts);
    }
}
