package io.phonehome.console;

import io.phonehome.actions.ActionRunner;
import io.phonehome.auth.ProbeLimiter;
import io.phonehome.config.Setting;
import io.phonehome.config.Settings;
import io.phonehome.events.EventLog;
import io.phonehome.events.SecurityLog;
import io.phonehome.firmware.Firmware;
import io.phonehome.inventory.Inventory;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.DeviceFilePreview;
import io.phonehome.sip.location.Registrations;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's face: what it is built from, and its one handler, mounted by the composition
 * root on the admin listener for every path that is not the API's. In this order: off the I/O
 * thread; security headers on every answer (strict CSP: scripts and styles from this origin only,
 * no inline script); static files (own CSS and script, htmx from its WebJar); sign-in pages; then
 * a live session or a redirect to sign-in; a CSRF check on every POST; the role the page needs;
 * the page.
 */
public final class Console {
    private static final Logger log = LoggerFactory.getLogger(Console.class);
    /** {@code __Host-}: the browser keeps it only with Secure, Path=/ and no Domain, so no sub-domain can set or read it. */
    static final String SESSION_COOKIE = "__Host-phonehome-session";
    static final String LANG_COOKIE = "phonehome-lang";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The htmx release served from its WebJar (pinned in pom.xml; templates name it through this). */
    static final String HTMX = "/webjars/htmx.org/2.0.4/dist/htmx.min.js";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    private static final Pattern STATIC = Pattern.compile("/static/[a-z0-9-]+\\.(css|js|svg)");
    private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    /** What the pages work with, from the composition root. */
    public record Dependencies(Settings settings, Inventory inventory, EventLog events, SecurityLog security, ActionRunner actions,
                               Registrations registrations, Firmware firmware, ConfigFiles configFiles, DeviceFilePreview previews,
                               java.util.function.IntSupplier phonePort, AdminGate gate) {
    }

    final Dependencies d;
    final Pages pages = new Pages();
    final Texts texts = new Texts();
    final Sessions sessions;
    final Accounts accounts;
    private final ProbeLimiter limiter;
    private final FleetPage fleet;
    private final DevicePage device;
    private final ImportPage imports;
    private final FirmwarePage firmwarePages;
    private final DataImportPage dataImports;
    private final OverviewPage overview;
    private final SitesPage sitesPage;
    private final TokensPage tokensPage;
    private final AuditPage auditPage;
    private final Map<String, byte[]> staticFiles = new HashMap<>();

    public Console(Dependencies d) {
        this(d, new Accounts(d.inventory().jdbc()), Clock.systemUTC());
    }

    public Console(Dependencies d, Accounts accounts, Clock clock) {
        this.d = d;
        this.accounts = accounts;
        this.sessions = new Sessions(clock, Duration.ofSeconds(d.settings().integer(Setting.CONSOLE_IDLE_SECONDS)),
                Duration.ofSeconds(d.settings().integer(Setting.CONSOLE_SESSION_MAX_SECONDS)));
        this.limiter = new ProbeLimiter(d.settings().integer(Setting.PROBE_LIMIT_MISSES),
                d.settings().integer(Setting.PROBE_LIMIT_WINDOW_SECONDS) * 1000L, d.settings().integer(Setting.PROBE_BLOCK_SECONDS) * 1000L,
                System::currentTimeMillis);
        this.fleet = new FleetPage(this);
        this.device = new DevicePage(this);
        this.imports = new ImportPage(this);
        this.firmwarePages = new FirmwarePage(this);
        this.dataImports = new DataImportPage(this);
        this.overview = new OverviewPage(this);
        this.sitesPage = new SitesPage(this);
        this.tokensPage = new TokensPage(this);
        this.auditPage = new AuditPage(this);
        accounts.onRevoked(sessions::closeAccount);
    }

    /**
     * The settings and keys importers for their import pages (set by the composition root once;
     * without them those pages answer 404).
     */
    public void importsFrom(io.phonehome.settings.LayeredSettings settings, io.phonehome.keys.KeyPlans keys) {
        dataImports.use(settings, keys);
    }

    public Accounts accounts() {
        return accounts;
    }

    /** The handler the admin listener runs for every path that is not the API's. */
    public HttpHandler handler() {
        return this::handle;
    }

    private void handle(HttpServerExchange ex) {
        if (ex.isInIoThread()) {
            ex.dispatch(this::handle);
            return;
        }
        var h = ex.getResponseHeaders();
        h.put(new HttpString("Content-Security-Policy"), CSP);
        h.put(new HttpString("X-Content-Type-Options"), "nosniff");
        h.put(new HttpString("X-Frame-Options"), "DENY");
        h.put(new HttpString("Referrer-Policy"), "same-origin");
        String lang = Texts.choose(cookieOf(ex, LANG_COOKIE), ex.getRequestHeaders().getFirst("Accept-Language"));
        Req r = null;
        try {
            String path = ex.getRequestPath();
            if (path.contains("..") || path.contains("//")) {
                throw new ConsoleException(400, "not a page");
            }
            if (path.equals("/favicon.ico")) {
                throw new ConsoleException(404, "no icon");
            }
            if (ex.getRequestMethod().equalToString("GET") && (STATIC.matcher(path).matches() || path.equals(HTMX))) {
                staticFile(ex, path);
                return;
            }
            h.put(new HttpString("Cache-Control"), "no-store");
            Optional<Sessions.Session> s = sessions.find(cookieOf(ex, SESSION_COOKIE));
            r = new Req(ex, s.orElse(null), lang, texts.of(lang), d.settings().integer(Setting.ADMIN_MAX_BODY_BYTES));
            route(r, path);
        } catch (ConsoleException e) {
            error(ex, r, lang, e.status, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("console page {} failed", ex.getRequestPath(), e);
            error(ex, r, lang, 500, "the page failed; the server log says why");
        }
    }

    private void route(Req r, String path) {
        String method = r.ex.getRequestMethod().toString();
        if (path.startsWith("/lang/")) {
            language(r, path.substring(6));
            return;
        }
        if (path.equals("/signin")) {
            if (method.equals("POST")) {
                signIn(r);
            } else {
                signInPage(r, null);
            }
            return;
        }
        if (r.session == null) {
            if (method.equals("GET")) {
                String back = r.ex.getRequestPath() + (r.ex.getQueryString().isEmpty() ? "" : "?" + r.ex.getQueryString());
                redirect(r.ex, "/signin?back=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
                return;
            }
            throw new ConsoleException(401, r.t.get("error.signedOut"));
        }
        if (method.equals("POST")) {
            if (path.equals(FirmwarePage.UPLOAD_PATH)) {
                // the one form that takes a file, up to the API's image limit, spooled to disk
                r.acceptUpload(d.firmware().maxUploadBytes(), java.nio.file.Path.of(d.settings().string(Setting.DATA_DIR), "uploads"));
            }
            String sent = r.ex.getRequestHeaders().getFirst(CSRF_HEADER);
            if (sent == null) {
                sent = r.field(CSRF_FIELD);
            }
            if (!r.session.csrfMatches(sent)) {
                d.security().write("csrf_refused", "console", r.source(), "path", path);
                throw new ConsoleException(403, r.t.get("error.csrf"));
            }
        } else if (!method.equals("GET")) {
            throw new ConsoleException(405, "GET or POST only");
        }
        List<String> seg = List.of(path.substring(1).split("/"));
        switch (seg.get(0)) {
            case "" -> redirect(r.ex, "/overview");
            case "signout" -> signOut(r);
            case "fleet" -> fleet.handle(r, seg);
            case "devices" -> device.handle(r, seg);
            case "import" -> imports.handle(r, seg);
            case "accounts" -> accounts(r);
            case "firmware" -> firmwarePages.handle(r, seg);
            case "import-settings" -> dataImports.handle(r, seg, DataImportPage.Kind.SETTINGS);
            case "import-keys" -> dataImports.handle(r, seg, DataImportPage.Kind.KEYS);
            // console-ops: overview, sites, tokens, audit
            case "overview" -> overview.handle(r, seg);
            case "sites" -> sitesPage.handle(r, seg);
            case "tokens" -> tokensPage.handle(r, seg);
            case "audit" -> auditPage.handle(r, seg);
            default -> throw new ConsoleException(404, r.t.get("error.notFound"));
        }
    }

    // ----- sign-in, sign-out, language

    private void signInPage(Req r, String problem) {
        Map<String, Object> m = model(r, "signin");
        m.put("problem", problem);
        m.put("back", safeBack(r.post() ? r.field("back") : r.query("back")));
        m.put("mode", "token".equals(r.query("mode")) || (r.post() && r.field("token") != null) ? "token" : "account");
        // double-submit for the sign-in form itself (there is no session yet): a random value in a cookie and in the form
        // kept while the browser has it: a second sign-in page (another tab, a favicon's redirect) must not void the first
        String pre = r.cookie("__Host-phonehome-pre");
        if (pre == null || !pre.matches("[A-Za-z0-9_-]{43}")) {
            pre = Sessions.random();
        }
        r.ex.getResponseHeaders().add(new HttpString("Set-Cookie"), "__Host-phonehome-pre=" + pre + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        m.put("pre", pre);
        html(r.ex, problem == null ? 200 : 401, pages.render("signin.ftlh", m));
    }

    private void signIn(Req r) {
        String source = r.source();
        String pre = r.cookie("__Host-phonehome-pre");
        if (pre == null || !pre.equals(r.field("pre"))) {
            throw new ConsoleException(403, r.t.get("error.csrf"));
        }
        if (limiter.isBlocked(source)) {
            throw new ConsoleException(429, r.t.get("signin.blocked"));
        }
        Optional<Person> who;
        String token = r.field("token");
        if (token != null) {
            who = d.gate().token(token, source);
        } else {
            who = accounts.signIn(r.field("name"), r.raw("password"), r.field("code"), source);
        }
        if (who.isEmpty()) {
            d.security().write("auth_failure", "console", source, "reason", token != null ? "bad_token" : "bad_password");
            if (limiter.recordMiss(source)) {
                d.security().banned("console", source, "too_many_failures", limiter.retryAfterSeconds(source));
            }
            signInPage(r, r.t.get("signin.failed"));
            return;
        }
        Sessions.Session s = sessions.open(who.get());
        r.ex.getResponseHeaders().add(new HttpString("Set-Cookie"), SESSION_COOKIE + "=" + s.id + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        d.gate().audit(s.person, "console.signin", s.person.name(), null, Map.of("by", token != null ? "token" : "account"));
        redirect(r.ex, safeBack(r.field("back")));
    }

    private void signOut(Req r) {
        sessions.close(r.session.id);
        r.ex.getResponseHeaders().add(new HttpString("Set-Cookie"), SESSION_COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
        d.gate().audit(r.person(), "console.signout", r.person().name(), null, null);
        redirect(r.ex, "/signin?out=1");
    }

    private void language(Req r, String lang) {
        if (!Texts.LANGUAGES.contains(lang)) {
            throw new ConsoleException(404, r.t.get("error.notFound"));
        }
        r.ex.getResponseHeaders().add(new HttpString("Set-Cookie"), LANG_COOKIE + "=" + lang + "; Path=/; Secure; SameSite=Strict; Max-Age=31536000");
        redirect(r.ex, safeBack(r.query("back")));
    }

    /** Only a path on this site: never another origin ({@code //host}, {@code https:}), so sign-in cannot be an open redirect. */
    static String safeBack(String back) {
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.startsWith("/\\") || back.startsWith("/signin")) {
            return "/fleet";
        }
        return back;
    }

    // ----- accounts (admins)

    private void accounts(Req r) {
        require(r, Access.ADMIN);
        Map<String, Object> m = model(r, "accounts");
        if (r.post()) {
            String name = r.field("name");
            try {
                Access access = Access.parse(r.field("role") == null ? "viewer" : r.field("role"));
                Accounts.Created c = d.inventory().jdbc().inTransaction(() -> {
                    Accounts.Created made = accounts.create(name, r.raw("password"), access, r.field("totp") != null, r.person());
                    d.gate().audit(r.person(), "account.create", made.name(), null, Map.of("role", made.access().lower(), "totp", made.totpSecret() != null));
                    return made;
                });
                m.put("created", Map.of("name", c.name(), "role", c.access().lower(), "totp", c.totpSecret() == null ? "" : c.totpSecret(),
                        "totpUri", c.totpSecret() == null ? "" : Totp.uri(c.name(), c.totpSecret())));
            } catch (Accounts.AccountException e) {
                m.put("errors", e.errors().stream().map(fe -> Map.of("field", fe.field(), "message", fe.message())).toList());
                m.put("formName", name == null ? "" : name);
            } catch (IllegalArgumentException e) {
                m.put("errors", List.of(Map.of("field", "role", "message", e.getMessage())));
            }
        }
        m.put("accounts", accounts.list());
        html(r.ex, m.containsKey("errors") ? 422 : 200, pages.render("accounts.ftlh", m));
    }

    // ----- shared by the pages

    static void require(Req r, Access needed) {
        if (!r.person().access().allows(needed)) {
            throw new ConsoleException(403, r.t.get("error.role").replace("{0}", r.t.get("role." + needed.lower())));
        }
    }

    /** The model every page starts from: texts, language, who is signed in, the CSRF token, the page's name for the menu. */
    Map<String, Object> model(Req r, String page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", r.t);
        m.put("lang", r.lang);
        m.put("languages", Texts.LANGUAGES);
        m.put("current", page);
        m.put("htmx", HTMX);
        String here = r.ex.getRequestPath() + (r.ex.getQueryString().isEmpty() ? "" : "?" + r.ex.getQueryString());
        m.put("here", here);
        if (r.session != null) {
            m.put("me", Map.of("name", r.person().name(), "role", r.person().access().lower(), "admin", r.person().access().allows(Access.ADMIN),
                    "technician", r.person().access().allows(Access.TECHNICIAN)));
            m.put("csrf", r.session.csrf);
            Object flash = r.session.takeFlash();
            if (flash != null) {
                m.put("flash", flash);
            }
        }
        return m;
    }

    static void html(HttpServerExchange ex, int status, String body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(new HttpString("Content-Type"), "text/html; charset=utf-8");
        ex.getResponseSender().send(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }

    static void redirect(HttpServerExchange ex, String to) {
        ex.setStatusCode(303);
        ex.getResponseHeaders().put(new HttpString("Location"), to);
        ex.endExchange();
    }

    private void error(HttpServerExchange ex, Req r, String lang, int status, String message) {
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        Req req = r != null ? r : new Req(ex, null, lang, texts.of(lang), 0);
        Map<String, Object> m = model(req, "error");
        m.put("status", status);
        m.put("message", message == null ? "" : message);
        String page;
        try {
            page = pages.render("error.ftlh", m);
        } catch (RuntimeException e) {
            log.warn("console error page failed", e);
            page = "<!DOCTYPE html><title>Error</title><p>Error " + status + "</p>";
        }
        html(ex, status, page);
    }

    private void staticFile(HttpServerExchange ex, String path) {
        byte[] body = staticFiles.computeIfAbsent(path, p -> {
            String resource = p.equals(HTMX) ? "META-INF/resources" + p : "console" + p;
            try (InputStream in = Console.class.getClassLoader().getResourceAsStream(resource)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        });
        if (body == null) {
            ex.setStatusCode(404);
            ex.endExchange();
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        ex.getResponseHeaders().put(new HttpString("Content-Type"), TYPES.get(ext));
        ex.getResponseHeaders().put(new HttpString("Cache-Control"), "max-age=3600");
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private static String cookieOf(HttpServerExchange ex, String name) {
        var c = ex.getRequestCookie(name);
        return c == null ? null : c.getValue();
    }
}
