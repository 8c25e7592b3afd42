package io.phonehome.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where an exception becomes an {@code application/problem+json} response
 * (RFC 9457). Handlers throw {@link HttpStatusException} (or {@link ProblemException}); anything
 * else is a bug: logged with an id, answered 500 with that id and nothing of the exception
 * (its message may hold data the client must not see).
 */
public final class ProblemMapper {
    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Titles per status: fixed per kind of problem, the detail says the rest. */
    private static final Map<Integer, String[]> KINDS = Map.ofEntries(
            Map.entry(400, new String[] {"bad-request", "The request is malformed"}),
            Map.entry(401, new String[] {"unauthorized", "Authentication required"}),
            Map.entry(403, new String[] {"forbidden", "Not allowed for this token's role"}),
            Map.entry(404, new String[] {"not-found", "No such resource"}),
            Map.entry(405, new String[] {"method-not-allowed", "Method not allowed on this resource"}),
            Map.entry(406, new String[] {"not-acceptable", "Cannot produce the requested media type"}),
            Map.entry(409, new String[] {"conflict", "Conflicts with the current state"}),
            Map.entry(413, new String[] {"too-large", "Request body too large"}),
            Map.entry(415, new String[] {"unsupported-media-type", "Unsupported media type"}),
            Map.entry(422, new String[] {"validation", "The input breaks a rule; nothing was changed"}),
            Map.entry(429, new String[] {"rate-limited", "Too many failed attempts"}),
            Map.entry(500, new String[] {"internal", "Internal error"}),
            Map.entry(503, new String[] {"unavailable", "Service unavailable"}));

    private ProblemMapper() {
    }

    /** The problem document for {@code t} raised while serving {@code instance}. */
    public static Problem toProblem(Throwable t, String instance) {
        if (t instanceof ProblemException p) {
            return new Problem(Problem.TYPE_PREFIX + p.kind(), title(p.status()), p.status(), p.getMessage(), instance, p.errors(), p.extra());
        }
        if (t instanceof HttpStatusException h) {
            return new Problem(type(h.status()), title(h.status()), h.status(), h.getMessage(), instance, null, null);
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.error("request {} failed (problem id {})", instance, id, t);
        return new Problem(type(500), title(500), 500, "the server failed to handle the request; the server log has the details under id " + id,
                instance, null, Map.of("problem_id", id));
    }

    public static String type(int status) {
        String[] k = KINDS.get(status);
        return Problem.TYPE_PREFIX + (k == null ? "http-" + status : k[0]);
    }

    public static String title(int status) {
        String[] k = KINDS.get(status);
        return k == null ? "HTTP " + status : k[1];
    }

    /** Renders the problem as JSON, with {@code extra} members at the top level. */
    public static byte[] toJson(Problem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", p.type());
        m.put("title", p.title());
        m.put("status", p.status());
        m.put("detail", p.detail());
        m.put("instance", p.instance());
        if (!p.errors().isEmpty()) {
            m.put("errors", p.errors());
        }
        p.extra().forEach(m::putIfAbsent);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document must always serialise", e);
        }
    }

    /** Sends {@code t} as a problem response (or just ends the exchange if the response already started). */
    public static void send(HttpServerExchange ex, Throwable t) {
        Problem p = toProblem(t, ex.getRequestPath());
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        byte[] body = toJson(p);
        ex.setStatusCode(p.status());
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, Problem.CONTENT_TYPE);
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        if (ex.getRequestMethod().toString().equals("HEAD")) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** For tests and clients: the UTF-8 text of a problem. */
    public static String toText(Problem p) {
        return new String(toJson(p), StandardCharsets.UTF_8);
    }
}
