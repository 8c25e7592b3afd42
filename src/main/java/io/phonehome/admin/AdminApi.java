package io.phonehome.admin;

import io.phonehome.errors.PhonehomeException;
import io.phonehome.actions.ActionRunner;
import io.phonehome.auth.ProbeLimiter;
import io.phonehome.config.Setting;
import io.phonehome.config.Settings;
import io.phonehome.events.EventLog;
import io.phonehome.hotdesk.HotDesks;
import io.phonehome.ivr.Ivr;
import io.phonehome.voicemail.Mailboxes;
import io.phonehome.backup.Backups;
import io.phonehome.commissioning.Commissioning;
import io.phonehome.events.EventRetention;
import io.phonehome.events.SecurityLog;
import io.phonehome.firmware.Firmware;
import io.phonehome.http.HttpListeners;
import io.phonehome.inventory.Inventory;
import io.phonehome.keys.KeyPlans;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.sip.location.Registrations;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.DeviceFilePreview;
import io.phonehome.phones.FirmwareResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: its own HTTPS listener ({@code admin_bind}:{@code admin_port}, certificate from
 * Phonehome's CA), JSON under {@code /api/v1}, bearer tokens with roles, an audit log, errors as
 * {@code application/problem+json}. This class builds the route table and the listener; the
 * routes live in the {@code *Routes} classes, one per resource family.
 */
public final class AdminApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    /** The bootstrap admin token's file in the data directory (owner-only). */
    public static final String TOKEN_FILE = "admin-token";
    /** How far past the body limit a refused body is still read (and discarded) so its sender gets the 413. */
    static final long DRAIN_BYTES = 16L * 1024 * 1024;

    /** Everything the API works with, from the composition root. */
    public record Dependencies(Settings settings, Inventory inventory, EventLog events, EventRetention retention, SecurityLog security,
                               ConfigFiles configFiles, FirmwareResolver firmware, ActionRunner actions, Registrations registrations,
                               SSLContext ssl, IntSupplier phonePort, Firmware firmwareService,
                               DeviceFilePreview previews, KeyPlans keys, LayeredSettings layeredSettings, HotDesks hotDesks,
                               Mailboxes mailboxes, Commissioning commissioning, Backups backups, Ivr ivr) {
        /** Without commissioning runs, backups, announcements and IVR menus. */
        public Dependencies(Settings settings, Inventory inventory, EventLog events, EventRetention retention, SecurityLog security,
                            ConfigFiles configFiles, FirmwareResolver firmware, ActionRunner actions, Registrations registrations,
                            SSLContext ssl, IntSupplier phonePort, Firmware firmwareService,
                            DeviceFilePreview previews, KeyPlans keys, LayeredSettings layeredSettings, HotDesks hotDesks,
                            Mailboxes mailboxes) {
            this(settings, inventory, events, retention, security, configFiles, firmware, actions, registrations, ssl, phonePort,
                    firmwareService, previews, keys, layeredSettings, hotDesks, mailboxes, null, null, null);
        }

        /** Without voicemail. */
        public Dependencies(Settings settings, Inventory inventory, EventLog events, EventRetention retention, SecurityLog security,
                            ConfigFiles configFiles, FirmwareResolver firmware, ActionRunner actions, Registrations registrations,
                            SSLContext ssl, IntSupplier phonePort, Firmware firmwareService,
                            DeviceFilePreview previews, KeyPlans keys, LayeredSettings layeredSettings, HotDesks hotDesks) {
            this(settings, inventory, events, retention, security, configFiles, firmware, actions, registrations, ssl, phonePort,
                    firmwareService, previews, keys, layeredSettings, hotDesks, null);
        }

        /** Without hot desking. */
        public Dependencies(Settings settings, Inventory inventory, EventLog events, EventRetention retention, SecurityLog security,
                            ConfigFiles configFiles, FirmwareResolver firmware, ActionRunner actions, Registrations registrations,
                            SSLContext ssl, IntSupplier phonePort, Firmware firmwareService,
                            DeviceFilePreview previews, KeyPlans keys, LayeredSettings layeredSettings) {
            this(settings, inventory, events, retention, security, configFiles, firmware, actions, registrations, ssl, phonePort,
                    firmwareService, previews, keys, layeredSettings, null);
        }

        /** Without the programmable keys routes. */
        public Dependencies(Settings settings, Inventory inventory, EventLog events, EventRetention retention, SecurityLog security,
                            ConfigFiles configFiles, FirmwareResolver firmware, ActionRunner actions, Registrations registrations,
                            SSLContext ssl, IntSupplier phonePort, Firmware firmwareService, DeviceFilePreview previews) {
            this(settings, inventory, events, retention, security, configFiles, firmware, actions, registrations, ssl, phonePort,
                    firmwareService, previews, null, null);
        }
    }

    private final Settings settings;
    private final Router router;
    private final io.phonehome.http.HttpServer server;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final io.phonehome.inventory.Inventory inventory;
    /** The web pages on this listener outside the API's paths (the console), or null: those paths are the API's 404s. */
    private volatile io.undertow.server.HttpHandler pages;

    public AdminApi(Dependencies d) {
        this(d, io.phonehome.metrics.Metrics.NONE, null, null);
    }

    /**
     * With {@code /metrics} and {@code /health/*} on the admin listener (see {@link OperationsRoutes}).
     *
     * @param metrics     told of every request's time and status
     * @param metricsText the Prometheus text of the moment; null: no such routes
     */
    public AdminApi(Dependencies d, io.phonehome.metrics.Metrics metrics, java.util.function.Supplier<String> metricsText,
                    io.phonehome.metrics.Health health) {
        this.settings = d.settings();
        this.tokens = new TokenStore(d.inventory().jdbc());
        tokens.bootstrap(d.settings().string(Setting.ADMIN_TOKEN), d.settings().dataDir().resolve(TOKEN_FILE));
        this.audit = new AuditLog(d.inventory().jdbc());
        this.inventory = d.inventory();
        AdminContext ctx = new AdminContext(d.settings(), d.inventory(), d.events(), d.retention(), d.configFiles(), d.firmware(), d.actions(),
                d.registrations(), tokens, audit, d.firmwareService(), d.previews(), d.layeredSettings(), metrics);
        this.router = routes(ctx, d.phonePort(), d.keys() != null ? d.keys() : new KeyPlans(d.inventory(), model -> Set.of()), d.hotDesks(), d.mailboxes(),
                d.commissioning(), d.backups(), d.ivr(), accounts::get);
        if (metricsText != null) {
            new OperationsRoutes(new OperationsRoutes.Operations(metricsText, health)).register(router);
        }
        ProbeLimiter limiter = new ProbeLimiter(d.settings().integer(Setting.PROBE_LIMIT_MISSES),
                d.settings().integer(Setting.PROBE_LIMIT_WINDOW_SECONDS) * 1000L, d.settings().integer(Setting.PROBE_BLOCK_SECONDS) * 1000L,
                System::currentTimeMillis);
        long maxBody = d.settings().integer(Setting.ADMIN_MAX_BODY_BYTES);
        AdminHandler handler = new AdminHandler(router, tokens, limiter, d.security(), maxBody, new CustomerScope(d.inventory().customers()));
        // Undertow's own entity limit sits above ours so that our reader can drain a refused body and
        // answer 413 with the setting's name; it only bounds how much garbage is read to do so.
        HttpListeners.Limits limits = new HttpListeners.Limits(d.settings().integer(Setting.MAX_HEADER_BYTES), maxBody + DRAIN_BYTES,
                d.settings().integer(Setting.IO_THREADS), Math.max(4, d.settings().integer(Setting.WORKER_THREADS) / 4));
        this.server = HttpListeners.build(d.settings().string(Setting.ADMIN_BIND), d.settings().integer(Setting.ADMIN_PORT), -1, d.ssl(),
                d.settings().list(Setting.TLS_PROTOCOLS), false, limits,
                io.phonehome.http.TrustedProxies.of(d.settings().list(Setting.TRUSTED_PROXIES)), new io.phonehome.http.TimedHandler("admin", metrics, ex -> {
                    io.undertow.server.HttpHandler p = pages;
                    if (p != null && !apiPath(ex.getRequestPath())) {
                        p.handleRequest(ex);
                    } else {
                        handler.handleRequest(ex);
                    }
                }));
    }

    /** The API's own paths: everything else on this listener may be a web page (see {@link #mountPages}). */
    static boolean apiPath(String path) {
        return path.equals(AdminHandler.API_ROOT) || path.startsWith("/api/") || path.equals("/metrics") || path.startsWith("/health/");
    }

    /**
     * Serves these pages on this listener (same port, same TLS) for every path that is not the
     * API's; the composition root mounts the web console here, since edges do not import each
     * other. Call before {@link #start}.
     */
    public void mountPages(io.undertow.server.HttpHandler pages) {
        this.pages = pages;
    }

    /** The active API token with this secret, if any (the console's sign-in by token: one set of tokens for API and pages). */
    public java.util.Optional<ApiToken> authenticateToken(String secret) {
        return tokens.authenticate(secret);
    }

    /**
     * An audit entry written by another edge (the console) under a person's name, the way the API
     * writes its own: same table, same masking. Callers wrap it with the change in one transaction.
     *
     * @param tokenId the token signed in with, or null for a person's account
     */
    public void audit(String actor, Long tokenId, Role role, String source, String action, String target, Object before, Object after) {
        audit.record(actor, tokenId, role, source, action, target, before, after);
    }

    // ----- console-ops: the console's tokens and audit pages, through the root's AdminGate (the same rules and audit as the API's routes)

    /** Every token, oldest first (never a secret: only its hash is kept, and its first characters). */
    public java.util.List<ApiToken> tokenList() {
        return tokens.list();
    }

    /** A new token and its secret, to be shown once. */
    public record NewToken(ApiToken token, String secret) {
    }

    /**
     * Creates a token as {@code POST /api/v1/tokens} does, audited under the person in the same
     * transaction; a bad name, role or customer throws {@link io.phonehome.inventory.ValidationException} with every problem.
     */
    public NewToken createToken(String actor, Long actorTokenId, Role actorRole, String source, String name, String role, String customerSlug) {
        java.util.List<io.phonehome.inventory.FieldError> errors = new java.util.ArrayList<>();
        TokenRoutes.Checked checked = TokenRoutes.check(inventory.customers(), name, role, customerSlug, errors);
        if (!errors.isEmpty()) {
            throw new io.phonehome.inventory.ValidationException(errors);
        }
        return inventory.jdbc().inTransaction(() -> {
            TokenStore.Created t = tokens.create(checked.name(), checked.role(), actor, checked.customerId());
            audit.record(actor, actorTokenId, actorRole, source, "token.create", "token " + t.token().id(), null, t.token());
            return new NewToken(t.token(), t.secret());
        });
    }

    /** Revokes as {@code DELETE /api/v1/tokens/{id}} does (not the last admin token); a conflict or an unknown id throws the inventory's exceptions. */
    public ApiToken revokeToken(String actor, Long actorTokenId, Role actorRole, String source, long id) {
        return inventory.jdbc().inTransaction(() -> {
            ApiToken before = TokenRoutes.revoke(tokens, id);
            ApiToken after = tokens.find(id).orElseThrow();
            audit.record(actor, actorTokenId, actorRole, source, "token.revoke", "token " + id, before, after);
            return after;
        });
    }

    /** One audit entry for a page: the states as their stored (masked) JSON text. */
    public record AuditEntry(long id, java.time.Instant at, String actor, String actorRole, String source, String action, String target,
                             String before, String after) {
    }

    /** Audit entries, newest first, as {@code GET /api/v1/audit} filters them ({@code action} ending in '.' is a prefix). */
    public java.util.List<AuditEntry> auditEntries(String actor, String action, java.time.Instant since, java.time.Instant until, Long beforeId,
                                                   int limit) {
        return audit.query(new AuditLog.Query(actor, action, null, since, until, beforeId, limit)).stream()
                .map(e -> new AuditEntry(e.id(), e.at(), e.actor(), e.actorRole(), e.source(), e.action(), e.target(),
                        e.before() == null ? null : e.before().toString(), e.after() == null ? null : e.after().toString())).toList();
    }
    // ----- end console-ops

    /** The route table (also read by the test that checks the OpenAPI document against it). */
    static Router routes(AdminContext ctx, IntSupplier phonePort) {
        return routes(ctx, phonePort, null, null, null, null, null, null);
    }

    /** The console's accounts, once the root lends them (console-ops); until then {@code /api/v1/accounts} answers 404. */
    private final java.util.concurrent.atomic.AtomicReference<AccountDirectory> accounts = new java.util.concurrent.atomic.AtomicReference<>();

    /** Serves people's console accounts at {@code /api/v1/accounts} (the root mounts the console's; edges do not import each other). */
    public void mountAccounts(AccountDirectory directory) {
        accounts.set(directory);
    }

    static Router routes(AdminContext ctx, IntSupplier phonePort, KeyPlans keys, HotDesks hotDesks, Mailboxes mailboxes,
                         Commissioning commissioning, Backups backups, Ivr ivr) {
        return routes(ctx, phonePort, keys, hotDesks, mailboxes, commissioning, backups, ivr, () -> null);
    }

    static Router routes(AdminContext ctx, IntSupplier phonePort, KeyPlans keys, HotDesks hotDesks, Mailboxes mailboxes,
                         Commissioning commissioning, Backups backups, Ivr ivr, java.util.function.Supplier<AccountDirectory> accounts) {
        Router r = new Router();
        DeviceRoutes devices = new DeviceRoutes(ctx);
        new CatalogRoutes(ctx).register(r);
        new CustomerRoutes(ctx).register(r);
        new SiteRoutes(ctx).register(r);
        devices.register(r);
        new ImportExportRoutes(ctx, devices).register(r);
        PreviewRoutes previews = new PreviewRoutes(ctx, devices, phonePort);
        previews.register(r);
        new EventRoutes(ctx, devices).register(r);
        new ActionRoutes(ctx, devices).register(r);
        new TokenRoutes(ctx).register(r);
        new FirmwareRoutes(ctx, devices).register(r);
        new KeyRoutes(ctx, keys).register(r);
        new HotDeskRoutes(ctx, hotDesks).register(r);
        new VoicemailRoutes(ctx, mailboxes).register(r);
        new BackupRoutes(ctx, backups).register(r);
        new CommissioningRoutes(ctx, commissioning).register(r);
        new AnnouncementRoutes(ctx, ivr).register(r);
        new IvrRoutes(ctx, ivr).register(r);
        new ContactRoutes(ctx).register(r);
        new SettingRoutes(ctx, devices, previews).register(r);
        new AccountRoutes(ctx, accounts).register(r);
        return r;
    }

    public void start() {
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new PhonehomeException("cannot start the admin API on " + settings.string(Setting.ADMIN_BIND) + ":"
                    + settings.integer(Setting.ADMIN_PORT) + ": " + e.getMessage(), e);
        }
        log.info("Phonehome admin API at https://{}:{}/api/v1/ (token file: {})", settings.string(Setting.ADMIN_BIND), port(),
                tokenFile(settings.dataDir()));
    }

    public int port() {
        return HttpListeners.boundPort(server, "https");
    }

    public static Path tokenFile(Path dataDir) {
        return dataDir.resolve(TOKEN_FILE);
    }

    List<Router.Route> routeTable() {
        return router.routes();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (RuntimeException e) {
            log.warn("stopping the admin listener: {}", e.getMessage());
        }
    }
}
