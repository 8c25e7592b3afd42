package io.phonehome.firmware;

import java.util.Locale;

/**
 * A {@code Range} request header against a file of known size (RFC 9110 14.2). One range is
 * served as such; several ranges, another unit or a malformed header are ignored (the whole file
 * is sent, which the RFC allows), so a phone resuming a download always gets its bytes and a
 * many-range request cannot make the server seek around.
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
public record ByteRangeRequest(Kind kind, long start, long end) {
    /** What to answer. */
    public enum Kind { WHOLE, PARTIAL, UNSATISFIABLE }

    public static ByteRangeRequest whole(long size) {
        return new ByteRangeRequest(Kind.WHOLE, 0, size - 1);
    }

    public long length() {
        return end - start + 1;
    }

    /** {@code bytes 0-1023/5000}. */
    public String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    public static ByteRangeRequest parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return whole(size);
        }
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return whole(size);
        }
        String spec = h.substring(eq + 1).trim();
        if (spec.indexOf(',') >= 0 || spec.length() > 40) {
            return whole(size);
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return whole(size);
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        try {
            if (first.isEmpty()) {
                // suffix: the last N bytes
                if (!digits(last)) {
                    return whole(size);
                }
                long n = Long.parseLong(last);
                if (n == 0 || size == 0) {
                    return new ByteRangeRequest(Kind.UNSATISFIABLE, 0, -1);
                }
                return new ByteRangeRequest(Kind.PARTIAL, Math.max(0, size - n), size - 1);
            }
            if (!digits(first) || !(last.isEmpty() || digits(last))) {
                return whole(size);
            }
            long a = Long.parseLong(first);
            long b = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
            if (b < a) {
                return whole(size); // syntactically invalid: ignored (RFC 9110 14.1.1)
            }
            if (a >= size) {
                return new ByteRangeRequest(Kind.UNSATISFIABLE, 0, -1);
            }
            return new ByteRangeRequest(Kind.PARTIAL, a, Math.min(b, size - 1));
        } catch (NumberFormatException e) {
            return whole(size); // beyond a long: nobody has such a file
        }
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
