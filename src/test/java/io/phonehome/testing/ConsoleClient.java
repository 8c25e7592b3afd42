package io.phonehome.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console as a browser sees it over HTTP, without the browser: its own cookie jar (the
 * session), the server's CA trusted, redirects not followed (the tests look at them), forms
 * posted url-encoded with the hidden fields the pages carry ({@code pre} on the sign-in form,
 * {@code _csrf} on every other form).
 */
public final class ConsoleClient {
    private static final Pattern HIDDEN = Pattern.compile("name=\"(pre|_csrf)\" value=\"([^\"]+)\"");

    private final TestServer server;
    public final HttpClient http;

    public ConsoleClient(TestServer server) {
        this.server = server;
        this.http = HttpClient.newBuilder()
                .sslContext(io.phonehome.pki.TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate()))
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A new session signed in with an API token (the sign-in form's token mode), sent on to {@code back}. */
    public static ConsoleClient signedInWithToken(TestServer server, String token, String back) {
        ConsoleClient c = new ConsoleClient(server);
        c.signInWithToken(token, back);
        return c;
    }

    /** Signs this session in with an API token; returns the 303 that sends it on to {@code back}. */
    public HttpResponse<String> signInWithToken(String token, String back) {
        HttpResponse<String> form = get("/signin?mode=token");
        HttpResponse<String> r = post("/signin", Map.of("pre", hidden(form.body(), "pre"), "token", token, "back", back));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return r;
    }

    /** A new session signed in with a console account's name and password, sent on to {@code back}. */
    public static ConsoleClient signedIn(TestServer server, String name, String password, String back) {
        ConsoleClient c = new ConsoleClient(server);
        String pre = hidden(c.get("/signin").body(), "pre");
        HttpResponse<String> r = c.post("/signin", Map.of("pre", pre, "name", name, "password", password, "back", back));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return c;
    }

    /** GET on the admin listener, with extra headers given as name, value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.adminUrl() + path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /** A form POST, exactly the fields given (no CSRF token added). */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(server.adminUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** A form posted with this session's CSRF token, read from the page at {@code formPage}. */
    public HttpResponse<String> submit(String formPage, String action, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("_csrf", hidden(get(formPage).body(), "_csrf"));
        all.putAll(fields);
        return post(action, all);
    }

    /** Any request on this session (its cookies). */
    public HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a page's hidden {@code pre} or {@code _csrf} field; fails when the page has none. */
    public static String hidden(String html, String name) {
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no hidden " + name + " in " + html);
    }
}
