package io.phonehome.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's rules that need no browser, over real HTTPS on the admin listener: the API still
 * answers at /api/v1 beside the pages, every page carries the strict CSP, session cookies are
 * HttpOnly/Secure/SameSite=Strict, a POST without the session's CSRF token is refused, an idle
 * session sends the person back to sign-in, the language follows Accept-Language.
 */
class ConsolePagesIT {
    static TestServer server;
    static final Pattern HIDDEN = Pattern.compile("name=\"(pre|_csrf)\" value=\"([^\"]+)\"");

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of(Setting.CONSOLE_IDLE_SECONDS, "3"));
        server.createTrustingSite("Sion", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:18:01,T46U,S1,Sion,1801,Reception,
                80:5e:c0:00:18:02,T46U,S3,Sion,1802,Bureau,
                80:5e:c0:00:18:03,T46U,S4,Sion,1803,Atelier,
                80:5e:c0:00:18:04,T46U,S2,Sion,1804,Salle,
                """).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A browser-like client: its own cookie jar, no redirects followed (the tests look at them). */
    static final class Browser {
        final HttpClient http;

        Browser() {
            http = HttpClient.newBuilder().sslContext(io.phonehome.pki.TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate())).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        }

        HttpResponse<String> get(String path, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.adminUrl() + path)).timeout(Duration.ofSeconds(30)).GET();
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return send(b.build());
        }

        HttpResponse<String> post(String path, Map<String, String> form) {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return send(HttpRequest.newBuilder(URI.create(server.adminUrl() + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        }

        private HttpResponse<String> send(HttpRequest r) {
            try {
                return http.send(r, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Signs in with the bootstrap API token; returns the fleet page. */
        HttpResponse<String> signInWithToken(String token) {
            HttpResponse<String> form = get("/signin?mode=token");
            HttpResponse<String> r = post("/signin", Map.of("pre", hidden(form.body(), "pre"), "token", token, "back", "/fleet"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
            return r;
        }
    }

    static String hidden(String html, String name) {
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no hidden " + name + " in " + html);
    }

    @Test
    void theApiStillAnswersBesideThePagesAndAPageWithoutSessionGoesToSignIn() {
        assertThat(server.adminGet("/api/v1/devices", server.adminToken()).statusCode()).isEqualTo(200);
        assertThat(server.adminGet("/api/v1/nothing-here", server.adminToken()).statusCode()).isEqualTo(404);
        HttpResponse<String> r = new Browser().get("/fleet?q=1801");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/signin?back=%2Ffleet%3Fq%3D1801");
    }

    @Test
    void everyPageCarriesAStrictContentSecurityPolicyAndTheSessionCookieIsLockedDown() {
        Browser b = new Browser();
        HttpResponse<String> signin = b.get("/signin");
        assertThat(signin.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'").contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("http:").doesNotContain("https:");
        assertThat(signin.body()).doesNotContain("<script>").doesNotContain(" onclick=").doesNotContain("style=\"");
        HttpResponse<String> in = b.signInWithToken(server.adminToken());
        String cookie = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Console.SESSION_COOKIE)).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("Secure").contains("SameSite=Strict").contains("Path=/");
        HttpResponse<String> fleet = b.get("/fleet");
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(fleet.body()).contains("80:5e:c0:00:18:01");
        assertThat(b.get("/webjars/htmx.org/2.0.4/dist/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(b.get("/static/console.js").statusCode()).isEqualTo(200);
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() {
        Browser b = new Browser();
        b.signInWithToken(server.adminToken());
        HttpResponse<String> forged = b.post("/accounts", Map.of("name", "mallory", "password", "a long enough password", "role", "admin"));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = b.post("/accounts", Map.of("_csrf", "not-the-token", "name", "mallory", "password", "a long enough password"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(server.server().console().accounts().list()).noneMatch(a -> a.name().equals("mallory"));
        // the same form with the token works
        String csrf = hidden(b.get("/accounts").body(), "_csrf");
        HttpResponse<String> ok = b.post("/accounts", Map.of("_csrf", csrf, "name", "erin", "password", "a long enough password", "role", "viewer"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(server.server().console().accounts().list()).anyMatch(a -> a.name().equals("erin") && a.role().equals("viewer"));
        String audit = server.adminGet("/api/v1/audit?action=account.create", server.adminToken()).body();
        assertThat(audit).contains("erin").contains("bootstrap");
    }

    @Test
    void aSessionIdleLongerThanTheSettingIsSentToSignIn() throws InterruptedException {
        Browser b = new Browser();
        b.signInWithToken(server.adminToken());
        assertThat(b.get("/fleet").statusCode()).isEqualTo(200);
        Thread.sleep(4_500);
        HttpResponse<String> r = b.get("/fleet");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/signin");
    }

    @Test
    void theFleetSortsOnTheServerAndFindsAMacInAnySpelling() {
        Browser b = new Browser();
        b.signInWithToken(server.adminToken());
        String bySerialDesc = b.get("/fleet?sort=serial&dir=desc").body();
        assertThat(bySerialDesc.indexOf("80:5e:c0:00:18:03")).isLessThan(bySerialDesc.indexOf("80:5e:c0:00:18:02"));
        assertThat(bySerialDesc.indexOf("80:5e:c0:00:18:02")).isLessThan(bySerialDesc.indexOf("80:5e:c0:00:18:04"));
        assertThat(bySerialDesc.indexOf("80:5e:c0:00:18:04")).isLessThan(bySerialDesc.indexOf("80:5e:c0:00:18:01"));
        for (String spelling : new String[] {"80-5E-C0-00-18-03", "805e.c000.1803", "805EC0001803", "80:5e:c0:00:18:03"}) {
            String page = b.get("/fleet?q=" + java.net.URLEncoder.encode(spelling, StandardCharsets.UTF_8)).body();
            assertThat(page).as(spelling).contains("80:5e:c0:00:18:03").doesNotContain("80:5e:c0:00:18:02").contains("1–1 of 1");
        }
        assertThat(b.get("/fleet?q=Atelier").body()).contains("80:5e:c0:00:18:03").contains("1–1 of 1");
        assertThat(b.get("/fleet?q=1804").body()).contains("80:5e:c0:00:18:04").contains("1–1 of 1");
        assertThat(b.get("/fleet?never=1&redirected=no").body()).contains("of 4");
        assertThat(b.get("/fleet?seen=24h").body()).contains("0–0 of 0");
        assertThat(b.get("/fleet?sort=nonsense").statusCode()).isEqualTo(400);
    }

    @Test
    void theLanguageFollowsTheBrowserAndTheSwitch() {
        Browser b = new Browser();
        assertThat(b.get("/signin", "Accept-Language", "de-CH,de;q=0.9,en;q=0.5").body()).contains("Anmelden").contains("lang=\"de\"");
        assertThat(b.get("/signin", "Accept-Language", "fr-CH").body()).contains("Connexion");
        HttpResponse<String> sw = b.get("/lang/fr?back=/signin", "Accept-Language", "de-CH");
        assertThat(sw.statusCode()).isEqualTo(303);
        assertThat(b.get("/signin", "Accept-Language", "de-CH").body()).contains("Connexion");
    }

    @Test
    void aPersonsAccountSignsInWithPasswordAndTotpAndAWrongCodeIsRefused() {
        Accounts.Created c = server.server().console().accounts().create("tomas", "correct horse battery", Access.TECHNICIAN, true,
                new Person("test", null, Access.ADMIN, "127.0.0.1"));
        Browser b = new Browser();
        String pre = hidden(b.get("/signin").body(), "pre");
        HttpResponse<String> bad = b.post("/signin", Map.of("pre", pre, "name", "tomas", "password", "correct horse battery", "code", "000000"));
        assertThat(bad.statusCode()).isEqualTo(401);
        pre = hidden(bad.body(), "pre");
        String code = Totp.code(c.totpSecret(), java.time.Instant.now().getEpochSecond());
        HttpResponse<String> ok = b.post("/signin", Map.of("pre", pre, "name", "tomas", "password", "correct horse battery", "code", code));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        assertThat(b.get("/fleet").body()).contains("tomas");
    }
}
