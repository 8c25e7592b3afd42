package io.phonehome.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a {@code Digest} Authorization header ({@code username="...", nonce=..., ...}),
 * parsed leniently the way phones send them (quoted or not, any order, spaces around '=').
 * Parameter names are lower-cased.
 */
public final class DigestParams {
    private final Map<String, String> params;

    private DigestParams(Map<String, String> params) {
        this.params = params;
    }

    /** Parses a header value; empty when it is not a Digest credential or is malformed. */
    public static Optional<DigestParams> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Digest", 0, 6) || !Character.isWhitespace(h.charAt(6))) {
            return Optional.empty();
        }
        if (h.length() > 4096) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        int i = 7;
        int n = h.length();
        while (i < n) {
            while (i < n && (h.charAt(i) == ',' || Character.isWhitespace(h.charAt(i)))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && h.charAt(i) != '=' && h.charAt(i) != ',' && !Character.isWhitespace(h.charAt(i))) {
                i++;
            }
            String name = h.substring(start, i).toLowerCase(Locale.ROOT);
            while (i < n && Character.isWhitespace(h.charAt(i))) {
                i++;
            }
            if (i >= n || h.charAt(i) != '=') {
                return Optional.empty();
            }
            i++;
            while (i < n && Character.isWhitespace(h.charAt(i))) {
                i++;
            }
            String value;
            if (i < n && h.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = h.charAt(i++);
                    if (c == '\\' && i < n) {
                        sb.append(h.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
                value = sb.toString();
            } else {
                int vs = i;
                while (i < n && h.charAt(i) != ',' && !Character.isWhitespace(h.charAt(i))) {
                    i++;
                }
                value = h.substring(vs, i);
            }
            if (name.isEmpty() || out.containsKey(name)) {
                return Optional.empty(); // repeated parameters are ambiguous: refuse
            }
            out.put(name, value);
        }
        return Optional.of(new DigestParams(out));
    }

    public String get(String name) {
        return params.get(name);
    }

    public boolean has(String... names) {
        for (String n : names) {
            String v = params.get(n);
            if (v == null || v.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        Map<String, String> safe = new LinkedHashMap<>(params);
        safe.computeIfPresent("response", (k, v) -> "****");
        return "DigestParams" + safe;
    }
}
