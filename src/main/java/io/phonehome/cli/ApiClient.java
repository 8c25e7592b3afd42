package io.phonehome.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The CLI's side of the admin API: HTTPS with Phonehome's CA as the only trust anchor, the bearer
 * token, JSON in and out, and every problem answer turned into a {@link CliException} with its
 * detail (and row errors) and the matching exit status.
 */
final class ApiClient {
    private final URI base;
    private final String token;
    private final HttpClient http;

    ApiClient(URI base, String token, SSLContext ssl) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }

    URI base() {
        return base;
    }

    /** {@code ?a=1&b=2} from the non-null entries. */
    static String query(Map<String, ?> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(sb.length() == 0 ? '?' : '&').append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A MAC or name as one path segment. */
    static String segment(String s) {
        // ':' may stand in a path segment as it is (RFC 3986 pchar), and the admin API refuses
        // encoded paths: a MAC typed with colons must reach it unencoded.
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    JsonNode get(String path) {
        return json(send("GET", path, null, null, null));
    }

    JsonNode post(String path, Object body) {
        return json(send("POST", path, "application/json", body == null ? null : Json.bytes(body), null));
    }

    JsonNode patch(String path, Object body) {
        return json(send("PATCH", path, "application/merge-patch+json", Json.bytes(body), null));
    }

    JsonNode put(String path, Object body) {
        return json(send("PUT", path, "application/json", Json.bytes(body), null));
    }

    /** Streams a file as the body (a firmware image: never read whole into memory), reporting bytes sent to {@code progress}. */
    JsonNode uploadFile(String path, String contentType, java.nio.file.Path file, LongConsumer progress) {
        HttpRequest.Builder b = request(path).header("Content-Type", contentType);
        HttpRequest.BodyPublisher pub;
        try {
            pub = counting(HttpRequest.BodyPublishers.ofFile(file), progress);
        } catch (java.io.FileNotFoundException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "cannot read " + file);
        }
        HttpResponse<byte[]> r = execute(b.POST(pub).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 400) {
            throw problem(r.statusCode(), r.body());
        }
        return json(r.body());
    }

    /** PUTs raw bytes (an announcement's WAV, a menu file as written), answering the JSON the API sends back. */
    JsonNode putBytes(String path, String contentType, byte[] body) {
        return json(send("PUT", path, contentType, body, null));
    }

    void delete(String path) {
        send("DELETE", path, null, null, null);
    }

    /** A DELETE whose answer says what it changed (a setting's change report). */
    JsonNode deleteWithAnswer(String path) {
        return json(send("DELETE", path, null, null, null));
    }

    /** Sends raw bytes (a CSV), reporting bytes sent to {@code progress}. */
    JsonNode upload(String path, String contentType, byte[] body, LongConsumer progress) {
        return json(send("POST", path, contentType, body, progress));
    }

    /** A raw GET whose body is streamed to the caller (exports, previews). */
    HttpResponse<InputStream> stream(String path) {
        HttpRequest req = request(path).GET().build();
        HttpResponse<InputStream> r = execute(req, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() >= 400) {
            try (InputStream in = r.body()) {
                throw problem(r.statusCode(), in.readAllBytes());
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "reading the error answer failed: " + e.getMessage());
            }
        }
        return r;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private byte[] send(String method, String path, String contentType, byte[] body, LongConsumer progress) {
        HttpRequest.Builder b = request(path);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody()
                : progress == null ? HttpRequest.BodyPublishers.ofByteArray(body) : counting(body, progress);
        HttpResponse<byte[]> r = execute(b.method(method, pub).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 400) {
            throw problem(r.statusCode(), r.body());
        }
        return r.body();
    }

    private <T> HttpResponse<T> execute(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(req, handler);
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach the admin API at " + base + ": connection refused. Is 'phonehome serve' "
                    + "running? (use --url for another address)");
        } catch (SSLException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "TLS to " + base + " failed: " + e.getMessage()
                    + " (the CLI trusts only Phonehome's CA: <data_dir>/pki/ca.pem, or --ca-file)");
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot talk to the admin API at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
    }

    /** The problem document as a message: its detail, then one line per field or row error. */
    static CliException problem(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        StringBuilder msg = new StringBuilder();
        try {
            JsonNode p = Json.MAPPER.readTree(text);
            msg.append(p.path("detail").asText(p.path("title").asText("HTTP " + status)));
            for (JsonNode e : p.path("errors")) {
                msg.append("\n  ").append(e.has("row") ? "row " + e.get("row").asText() + ", " : "").append(e.path("field").asText())
                        .append(": ").append(e.path("message").asText());
            }
        } catch (JsonProcessingException e) {
            msg.append("HTTP ").append(status).append(": ").append(text.length() > 200 ? text.substring(0, 200) : text);
        }
        return new CliException(ExitCodes.forStatus(status), msg.toString());
    }

    private static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "the server answered something that is not JSON");
        }
    }

    /** A body publisher that reports how much has been handed to the connection. */
    private static HttpRequest.BodyPublisher counting(byte[] body, LongConsumer progress) {
        return counting(HttpRequest.BodyPublishers.ofByteArray(body), progress);
    }

    private static HttpRequest.BodyPublisher counting(HttpRequest.BodyPublisher inner, LongConsumer progress) {
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return inner.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                inner.subscribe(new Flow.Subscriber<>() {
                    long sent;

                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        subscriber.onSubscribe(s);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        sent += item.remaining();
                        progress.accept(sent);
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable t) {
                        subscriber.onError(t);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                });
            }
        };
    }
}
