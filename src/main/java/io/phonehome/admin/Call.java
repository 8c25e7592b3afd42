package io.phonehome.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.http.HttpStatusException;
import io.phonehome.http.ProblemException;
import io.phonehome.http.RequestBodies;
import io.phonehome.inventory.InventoryException;
import io.phonehome.inventory.Mac;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One admin API call: the exchange, the matched route's path and query parameters (checked
 * against what the route declares), who is calling, and helpers to read bodies within the named
 * limits and to answer.
 */
final class Call {
    /** JSON bodies are small; only CSV imports need the larger {@code admin_max_body_bytes}. */
    static final long MAX_JSON_BODY_BYTES = 1024 * 1024;

    private final HttpServerExchange ex;
    private final Router.Route route;
    private final Map<String, String> params;
    private final Map<String, String> query;
    private final Actor actor;
    private final long maxBodyBytes;

    Call(HttpServerExchange ex, Router.Route route, Map<String, String> params, Actor actor, long maxBodyBytes) {
        this.ex = ex;
        this.route = route;
        this.params = params;
        this.actor = actor;
        this.maxBodyBytes = maxBodyBytes;
        this.query = parseQuery(ex.getQueryString(), route);
    }

    HttpServerExchange exchange() {
        return ex;
    }

    Actor actor() {
        return actor;
    }

    boolean seesSecrets() {
        return actor != null && actor.role().seesSecrets();
    }

    String path(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("route " + route.path() + " has no parameter " + name);
        }
        return v;
    }

    Mac mac(String name) {
        try {
            return Mac.parse(path(name));
        } catch (InventoryException e) {
            throw HttpStatusException.badRequest(e.getMessage());
        }
    }

    long id(String name) {
        String v = path(name);
        if (!v.matches("[0-9]{1,18}")) {
            throw HttpStatusException.badRequest(name + " '" + v + "' must be a whole number");
        }
        return Long.parseLong(v);
    }

    private static Map<String, String> parseQuery(String qs, Router.Route route) {
        Map<String, String> out = new LinkedHashMap<>();
        if (qs == null || qs.isEmpty()) {
            return out;
        }
        for (String pair : qs.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HttpStatusException.badRequest("the query string is not properly percent-encoded");
            }
            if (!route.query().contains(k)) {
                throw HttpStatusException.badRequest("unknown query parameter '" + abbreviate(k) + "'"
                        + (route.query().isEmpty() ? "; this resource takes none" : "; this resource accepts " + String.join(", ",
                        route.query().stream().sorted().toList())));
            }
            if (out.put(k, v) != null) {
                throw HttpStatusException.badRequest("query parameter '" + k + "' is given twice");
            }
        }
        return out;
    }

    Optional<String> query(String name) {
        if (!route.query().contains(name)) {
            throw new IllegalStateException("route " + route.path() + " does not declare query parameter " + name);
        }
        String v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    int intQuery(String name, int defaultValue, int min, int max) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw HttpStatusException.badRequest(name + " '" + abbreviate(v.get()) + "' must be a whole number from " + min + " to " + max);
        }
    }

    Long longQuery(String name) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return null;
        }
        if (!v.get().matches("[0-9]{1,18}")) {
            throw HttpStatusException.badRequest(name + " '" + abbreviate(v.get()) + "' must be a whole number");
        }
        return Long.parseLong(v.get());
    }

    Boolean boolQuery(String name) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return null;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw HttpStatusException.badRequest(name + " '" + abbreviate(v.get()) + "' must be true or false");
        };
    }

    /** An ISO-8601 instant ({@code 2026-05-01T08:00:00Z}) or a date ({@code 2026-05-01}, midnight UTC). */
    Instant instantQuery(String name) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(v.get());
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v.get()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw HttpStatusException.badRequest(name + " '" + abbreviate(v.get())
                        + "' must be an ISO-8601 time such as 2026-05-01T08:00:00Z or a date such as 2026-05-01");
            }
        }
    }

    /** The JSON body as {@code type}, strictly (see {@link AdminJson}). */
    <T> T body(Class<T> type) {
        try {
            return AdminJson.MAPPER.readValue(jsonBytes(), type);
        } catch (JsonProcessingException e) {
            throw AdminJson.badJson(e);
        } catch (IOException e) {
            throw HttpStatusException.badRequest("the request body could not be read");
        }
    }

    /** The JSON body as a tree (merge patches). */
    JsonNode bodyTree() {
        try {
            JsonNode n = AdminJson.MAPPER.readTree(jsonBytes());
            if (n == null || n.isMissingNode()) {
                throw HttpStatusException.badRequest("the request body is empty; send a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw AdminJson.badJson(e);
        } catch (IOException e) {
            throw HttpStatusException.badRequest("the request body could not be read");
        }
    }

    private byte[] jsonBytes() {
        String mt = RequestBodies.mediaType(ex);
        if (!mt.equals("application/json") && !mt.equals("application/merge-patch+json")) {
            throw HttpStatusException.unsupportedMediaType("send the body as application/json" + (mt.isEmpty() ? "" : ", not " + abbreviate(mt)));
        }
        byte[] b = RequestBodies.read(ex, Math.min(MAX_JSON_BODY_BYTES, maxBodyBytes), "the JSON body limit");
        if (b.length == 0) {
            throw HttpStatusException.badRequest("the request body is empty; send a JSON object");
        }
        return b;
    }

    /** A {@code text/csv} body as text: UTF-8 (a BOM is fine), strictly decoded. */
    String csvBody() {
        String mt = RequestBodies.mediaType(ex);
        if (!mt.equals("text/csv")) {
            throw HttpStatusException.unsupportedMediaType("send the file as text/csv" + (mt.isEmpty() ? "" : ", not " + abbreviate(mt)));
        }
        String cs = RequestBodies.charset(ex);
        if (cs != null && !cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8")) {
            throw HttpStatusException.unsupportedMediaType("the CSV must be UTF-8 (charset=" + abbreviate(cs) + " given); "
                    + "spreadsheets offer it as \"CSV UTF-8\"");
        }
        byte[] b = RequestBodies.read(ex, maxBodyBytes, "admin_max_body_bytes");
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(400, "bad-request", "the file is not UTF-8 text; save it as \"CSV UTF-8\" "
                    + "(Excel) or choose UTF-8 when exporting (LibreOffice)");
        }
    }

    void json(int status, Object body) {
        byte[] bytes;
        try {
            bytes = AdminJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response does not serialise: " + e.getMessage(), e);
        }
        bytes(status, "application/json", bytes);
    }

    void ok(Object body) {
        json(200, body);
    }

    void noContent() {
        ex.setStatusCode(204);
        ex.endExchange();
    }

    void bytes(int status, String contentType, byte[] body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }

    void header(String name, String value) {
        ex.getResponseHeaders().put(new io.undertow.util.HttpString(name), value);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
