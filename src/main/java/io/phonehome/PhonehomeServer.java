package io.phonehome;

import io.phonehome.backup.Backups;
import io.phonehome.actions.ActionRunner;
import io.phonehome.actions.Pacer;
import io.phonehome.commissioning.CallPlacer;
import io.phonehome.commissioning.Commissioning;
import io.phonehome.commissioning.CommissioningRepository;
import io.phonehome.actions.DeviceNotifier;
import io.phonehome.actions.UnregisteredNotifier;
import io.phonehome.admin.AdminApi;
import io.phonehome.admin.Role;
import io.phonehome.console.Access;
import io.phonehome.console.AdminGate;
import io.phonehome.console.Console;
import io.phonehome.console.Person;
import io.phonehome.auth.NonceService;
import io.phonehome.auth.ProbeLimiter;
import io.phonehome.config.Setting;
import io.phonehome.config.Settings;
import io.phonehome.errors.PhonehomeException;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.hotdesk.HotDeskRepository;
import io.phonehome.hotdesk.HotDeskRules;
import io.phonehome.hotdesk.HotDesks;
import io.phonehome.ivr.Ivr;
import io.phonehome.prompts.Prompts;
import io.phonehome.voicemail.Mailboxes;
import io.phonehome.voicemail.VoicemailCalls;
import io.phonehome.voicemail.VoicemailRepository;
import io.phonehome.hotdesk.NightlyLogout;
import io.phonehome.events.EventRetention;
import io.phonehome.events.EventTypes;
import io.phonehome.events.LogRetention;
import io.phonehome.events.SecurityLog;
import io.phonehome.events.SourceTally;
import io.phonehome.firmware.Firmware;
import io.phonehome.http.HttpListeners;
import io.phonehome.http.TimedHandler;
import io.phonehome.metrics.Health;
import io.phonehome.metrics.PrometheusMetrics;
import io.phonehome.inventory.DeviceDirectory;
import io.phonehome.inventory.Inventory;
import io.phonehome.pki.AcmeIssuer;
import io.phonehome.pki.AcmeRenewal;
import io.phonehome.pki.CertificateAuthority;
import io.phonehome.pki.CertifiedKey;
import io.phonehome.pki.CertificateFiles;
import io.phonehome.pki.ServerKeys;
import io.phonehome.pki.ClientCertificates;
import io.phonehome.pki.TlsContexts;
import io.phonehome.provisioning.DeviceAuthorizer;
import io.phonehome.provisioning.PhoneFiles;
import io.phonehome.provisioning.FetchRecorder;
import io.phonehome.provisioning.ProvisioningHandler;
import io.phonehome.provisioning.RequestBudget;
import io.phonehome.provisioning.RetiredSiteCredentialLog;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.sip.SipServer;
import io.phonehome.sip.location.BindingStore;
import io.phonehome.sip.location.LocationService;
import io.phonehome.sip.location.NoRegistrations;
import io.phonehome.sip.location.RegistrarPolicy;
import io.phonehome.sip.location.Registrations;
import io.phonehome.store.Database;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.ConfigRevisionStore;
import io.phonehome.keys.KeyForms;
import io.phonehome.keys.KeyPlans;
import io.phonehome.phones.ConfigModelBuilder;
import io.phonehome.phonebook.Phonebooks;
import io.phonehome.phones.RenderCache;
import io.phonehome.phones.TemplateRenderer;
import io.phonehome.phones.VendorRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component from the settings, starts the listeners, and
 * stops everything in reverse order. No logic lives here. Tests start it on port 0 exactly as
 * {@code serve} does.
 */
public final class PhonehomeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PhonehomeServer.class);

    private final Settings settings;
    private final Database database;
    private final Inventory inventory;
    private final CertificateAuthority ca;
    private final EventLog events;
    private final SecurityLog security;
    private final FetchRecorder recorder;
    private final SourceTally tally;
    private final EventRetention retention;
    private final TemplateRenderer renderer;
    private final ConfigFiles configFiles;
    private final LayeredSettings layeredSettings;
    private final LocationService location;
    private final SipServer sip;
    /** This node among the others on the same database (issue 16): its heartbeat and their relay addresses. */
    private final io.phonehome.cluster.Membership membership;
    private final Registrations registrations;
    private final DeviceNotifier notifier;
    private final HotDesks hotDesks;
    /** The lines' mailboxes; null without the SIP core, which takes the messages. */
    private final Mailboxes mailboxes;
    private final Ivr ivr;
    private final NightlyLogout nightlyLogout;
    private final java.util.concurrent.ExecutorService hotDeskResyncs;
    private final Firmware firmware;
    private final io.phonehome.http.HttpServer phones;
    private final ActionRunner actions;
    private final Commissioning commissioning;
    private final AdminApi admin;
    private final Console console;
    private final List<AutoCloseable> closeables;
    private final PrometheusMetrics metrics;
    private final Health health;
    /** The ACME renewal when acme_directory_url is set; told when the listeners are up (tls-alpn-01 answers on them). */
    private AcmeRenewal acmeRenewal;

    /**
     * Stand-ins for what reaches phones over SIP, for tests (a fake notifier, fake registrations).
     * Null fields mean "the server's own".
     */
    public record Overrides(DeviceNotifier notifier, Registrations registrations) {
        public static final Overrides NONE = new Overrides(null, null);
    }

    private PhonehomeServer(Settings settings, Overrides overrides, List<AutoCloseable> started) {
        this.settings = settings;
        this.closeables = started;
        Path dataDir = settings.dataDir();
        this.database = openDatabase(settings);
        closeables.add(database);
        // Metrics first: every component built below reports to them.
        this.metrics = new PrometheusMetrics();
        closeables.add(0, metrics);
        metrics.gauge("phonehome.db.pool.active", "Database connections in use", () -> database.poolFigures().active());
        metrics.gauge("phonehome.db.pool.idle", "Database connections idle in the pool", () -> database.poolFigures().idle());
        metrics.gauge("phonehome.db.pool.open", "Database connections open", () -> database.poolFigures().total());
        metrics.gauge("phonehome.db.pool.waiting", "Threads waiting for a database connection", () -> database.poolFigures().waiting());
        // Every phone plug-in on the class path, and the model catalog their models and the operator's make.
        VendorRegistry vendors = VendorRegistry.load(dataDir.resolve("models.csv"));
        this.inventory = new Inventory(database.jdbc(), vendors.models());
        List<String> hostnames = new ArrayList<>(settings.list(Setting.TLS_HOSTNAMES));
        if (!settings.string(Setting.PUBLIC_HOST).isEmpty()) {
            hostnames.add(settings.string(Setting.PUBLIC_HOST));
        }
        CertificateAuthority ownCa = CertificateAuthority.loadOrCreate(dataDir.resolve("pki"), settings.string(Setting.TLS_KEY_TYPE), hostnames);
        this.events = new EventLog(database.jdbc(), settings.integer(Setting.FETCH_QUEUE_SIZE));
        events.start();
        closeables.add(0, events);
        events.onWritten(e -> metrics.event(e.type(), e.outcome()));
        if (!settings.string(Setting.ACME_DIRECTORY_URL).isEmpty()) {
            AcmeRenewal acme = AcmeRenewal.start(acmeIssuer(settings), new CertifiedKey(ownCa.serverChain(), ownCa.serverKey()),
                    Duration.ofDays(settings.integer(Setting.ACME_RENEW_DAYS)), Duration.ofSeconds(settings.integer(Setting.ACME_CHECK_SECONDS)),
                    Clock.systemUTC(), o -> events.record(Event.of(EventTypes.ACME_CERTIFICATE, o.issued() ? "issued" : "failed", null, null,
                            "acme-renewal", o.detail())));
            closeables.add(0, acme);
            this.acmeRenewal = acme;
            this.ca = ownCa.servingWith(acme.keys());
        } else {
            this.ca = operatorCertificate(settings).map(keys -> {
                keys.onReload(r -> events.record(Event.of(EventTypes.TLS_CERTIFICATE, r.accepted() ? "reloaded" : "refused", null, null,
                        "files", r.detail())));
                return ownCa.servingWith(keys);
            }).orElse(ownCa);
        }
        metrics.gauge("phonehome.tls.certificate.expiry.seconds", "When the certificate the listeners present expires (Unix time)",
                () -> ca.serverKeys().current().notAfter().getEpochSecond());
        this.security = new SecurityLog(dataDir.resolve("logs").resolve("security.log"), logRetention(settings));
        closeables.add(0, security);
        DeviceDirectory directory = new DeviceDirectory(database.jdbc(), inventory.devices(), inventory.sites(),
                settings.integer(Setting.DEVICE_DIRECTORY_ENTRIES), Duration.ofSeconds(settings.integer(Setting.DEVICE_DIRECTORY_REFRESH_SECONDS)));
        closeables.add(0, directory);
        this.recorder = new FetchRecorder(database.jdbc(), inventory.devices(), directory, inventory.servedFiles(), events,
                settings.integer(Setting.FETCH_QUEUE_SIZE), Duration.ofSeconds(settings.integer(Setting.LAST_SEEN_RESOLUTION_SECONDS)));
        recorder.start();
        closeables.add(0, recorder);
        this.renderer = new TemplateRenderer(settings.path(Setting.TEMPLATES_DIR), settings.integer(Setting.TEMPLATE_CHECK_SECONDS)).startWatching();
        closeables.add(0, renderer);
        // the layered settings come first: the SIP edge reads the echo number a site sets from them
        this.layeredSettings = new LayeredSettings(inventory, vendors);
        // SIP core: the location service (bindings, write-behind to the database) and the
        // SIP edge (registrar, NOTIFY check-sync, call routing). Started before the config model:
        // with port 0 the configs must carry the bound ports.
        // Hot desking: built before the SIP edge that asks it about calls; it re-syncs desks through
        // the notifier built after it, so it asks for the notifier at each use.
        this.hotDeskResyncs = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hotdesk-resync");
            t.setDaemon(true);
            return t;
        });
        closeables.add(0, hotDeskResyncs::shutdownNow);
        this.hotDesks = new HotDesks(inventory, new HotDeskRepository(database.jdbc()), events, this::deviceNotifier,
                hotDeskRules(settings), Clock.systemUTC(), hotDeskResyncs);
        this.nightlyLogout = NightlyLogout.scheduled(hotDesks);
        closeables.add(0, nightlyLogout);
        // Announcements and IVR menus: managed through the admin API even with the SIP core off
        this.ivr = new Ivr(database.jdbc(), inventory, layeredSettings, dataDir, settings.string(Setting.SIP_ECHO_NUMBER), Clock.systemUTC());
        Ivr menus = this.ivr;
        database.jdbc().onCommittedWrite(t -> {
            if (t == io.phonehome.store.Table.SITES) {
                menus.reload();
            }
        });
        String nodeName = io.phonehome.cluster.NodeName.resolve(settings.string(Setting.NODE_NAME), dataDir);
        if (settings.bool(Setting.SIP_ENABLED)) {
            this.location = new LocationService(new BindingStore(database.jdbc(), nodeName), new RegistrarPolicy(
                    settings.integer(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS), settings.integer(Setting.SIP_REGISTER_EXPIRES_MAX_SECONDS),
                    settings.integer(Setting.SIP_REGISTER_EXPIRES_DEFAULT_SECONDS), settings.integer(Setting.SIP_MAX_CONTACTS_PER_AOR), 60),
                    System::currentTimeMillis, settings.integer(Setting.SIP_BINDING_FLUSH_MILLIS));
            location.start();
            closeables.add(0, location);
            this.sip = SipServer.start(settings, inventory, location, ca, events, security, vendors, layeredSettings, hotDesks, metrics);
            closeables.add(0, sip);
            this.mailboxes = sip.mailboxes(new VoicemailRepository(database.jdbc()), dataDir.resolve("voicemail"),
                    settings.integer(Setting.VOICEMAIL_MAX_MESSAGES));
            // the mailboxes' numbers (leave a message, listen) and the calls forwarded to them
            VoicemailCalls voicemail = new VoicemailCalls(mailboxes, layeredSettings, inventory, events, Prompts.shipped(),
                    settings.integer(Setting.VOICEMAIL_MAX_SECONDS) * 1000L, settings.integer(Setting.VOICEMAIL_MAX_WRONG_PINS),
                    Duration.ofMinutes(settings.integer(Setting.VOICEMAIL_LOCK_MINUTES)));
            sip.answerWith(voicemail);
            sip.forwardToMailboxes(voicemail);
            // a line deleted (alone or with its device) takes its messages with it
            Mailboxes boxes = this.mailboxes;
            database.jdbc().onCommittedWrite(t -> {
                if (t == io.phonehome.store.Table.LINES || t == io.phonehome.store.Table.DEVICES) {
                    boxes.linesChanged();
                }
            });
            boxes.adoptFoldersOfOtherCustomers(); // mailboxes per customer (V8_14): files follow their box
            boxes.dropOrphans();
            boxes.relightAll();
            boxes.removeUnfinished();
            // the hot-desk login number (hotdesk.login_number): extension and PIN by voice
            sip.answerWith(new io.phonehome.hotdesk.HotDeskLogin(hotDesks, layeredSettings, inventory, io.phonehome.prompts.Prompts.shipped()));
            sip.answerWith(ivr.directory());
        } else {
            this.location = null;
            this.sip = null;
            this.mailboxes = null;
        }
        int sipPort = sip == null ? settings.integer(Setting.SIP_PORT) : sip.port();
        int sipTlsPort = sip == null ? settings.integer(Setting.SIP_TLS_PORT) : sip.tlsPort();
        // Node membership: the heartbeat, and where the other nodes' SIP relays listen
        String relayAddress = !settings.string(Setting.NODE_SIP_ADDRESS).isBlank() ? settings.string(Setting.NODE_SIP_ADDRESS).trim()
                : sip == null ? "" : hostPort(sip.advertisedHost(), sipPort);
        this.membership = io.phonehome.cluster.Membership.start(new io.phonehome.cluster.NodeRepository(database.jdbc()), nodeName, relayAddress,
                Duration.ofSeconds(settings.integer(Setting.NODE_HEARTBEAT_SECONDS)), settings.integer(Setting.NODE_DEAD_AFTER_HEARTBEATS));
        closeables.add(0, membership);
        if (sip != null) {
            sip.joinCluster(membership);
        }

        // With sip_enabled=false nothing is registered: remote actions and campaigns get
        // NOT_REGISTERED and registrations are empty, honestly.
        this.notifier = overrides.notifier() != null ? overrides.notifier() : sip != null ? sip.notifier() : new UnregisteredNotifier();
        Registrations ownRegistrations = location;
        this.registrations = overrides.registrations() != null ? overrides.registrations()
                : ownRegistrations != null ? ownRegistrations : new NoRegistrations();
        this.firmware = new Firmware(new Firmware.Options(settings.path(Setting.FIRMWARE_DIR), dataDir,
                settings.integer(Setting.FIRMWARE_CHECK_SECONDS) * 1000L, settings.integer(Setting.CAMPAIGN_TICK_MILLIS),
                Duration.ofSeconds(settings.integer(Setting.CAMPAIGN_LEASE_SECONDS)), settings.integer(Setting.FIRMWARE_MAX_UPLOAD_BYTES),
                settings.integer(Setting.FETCH_QUEUE_SIZE)),
                vendors, inventory, events, notifier,
                overrides.registrations() != null ? overrides.registrations() : ownRegistrations, Clock.systemUTC());
        closeables.add(0, firmware);
        KeyPlans keys = KeyPlans.of(inventory, KeyForms.of(vendors));
        ConfigModelBuilder models = new ConfigModelBuilder(inventory.models(), sipPort, sipTlsPort, firmware.resolver(), ca.caCertificatePem(), keys,
                layeredSettings, hotDesks);
        // a customer's own SIP domain is the server its phones register at (issue 17)
        models.sipDomainsFrom(id -> inventory.customers().findById(id).map(io.phonehome.inventory.Customer::sipDomain).orElse(null));
        // On PostgreSQL several nodes may serve the same phones: the nonce key comes from the
        // database, so a challenge from one node is answered on another. H2 is one node: a key of
        // this process, as before.
        NonceService nonces = new NonceService(settings.integer(Setting.DIGEST_NONCE_SECONDS) * 1000L, System::currentTimeMillis,
                NonceService.DEFAULT_TRACKED_NONCES, database.jdbc().dialect() == io.phonehome.store.Dialect.POSTGRESQL
                        ? new io.phonehome.store.SharedSecrets(database.jdbc()).secret("digest_nonce", 32) : null);
        ProbeLimiter limiter = new ProbeLimiter(settings.integer(Setting.PROBE_LIMIT_MISSES),
                settings.integer(Setting.PROBE_LIMIT_WINDOW_SECONDS) * 1000L, settings.integer(Setting.PROBE_BLOCK_SECONDS) * 1000L,
                System::currentTimeMillis);
        ClientCertificates clientCerts = ClientCertificates.load(ca.caCertificate(),
                settings.pathOrInDataDir(Setting.DEVICE_CA_DIR, "pki/device-cas"));
        this.configFiles = new ConfigFiles(vendors, renderer, models, new RenderCache(settings.integer(Setting.RENDER_CACHE_ENTRIES)), inventory,
                new ConfigRevisionStore(inventory.jdbc()), new Phonebooks(inventory.jdbc()));
        RequestBudget budget = new RequestBudget(new RequestBudget.Limits(settings.integer(Setting.PHONE_BUDGET_BURST),
                settings.integer(Setting.PHONE_BUDGET_PER_MINUTE), settings.integer(Setting.PHONE_BUDGET_REFUND),
                settings.integer(Setting.PHONE_BUDGET_BLOCK_SECONDS), settings.integer(Setting.PHONE_BUDGET_SOURCES)), System::currentTimeMillis);
        this.tally = SourceTally.scheduled(events, Duration.ofSeconds(settings.integer(Setting.UNKNOWN_MAC_SUMMARY_SECONDS)),
                SourceTally.MAX_SOURCES);
        tally.onCount(metrics::tallied);
        tally.start();
        closeables.add(0, tally);
        PhoneFiles phoneFiles = new PhoneFiles(configFiles, inventory, directory, new DeviceAuthorizer(nonces,
                new RetiredSiteCredentialLog(events, security)), limiter, recorder, events, security, tally, ca.caCertificate());
        ProvisioningHandler handler = new ProvisioningHandler(phoneFiles, security, clientCerts, settings.string(Setting.PUBLIC_HOST),
                settings.integer(Setting.MAX_HEADER_BYTES), budget, metrics);

        HttpListeners.Limits limits = new HttpListeners.Limits(settings.integer(Setting.MAX_HEADER_BYTES),
                settings.integer(Setting.MAX_BODY_BYTES), settings.integer(Setting.IO_THREADS), settings.integer(Setting.WORKER_THREADS));
        this.phones = HttpListeners.build(settings.string(Setting.BIND), settings.integer(Setting.HTTPS_PORT),
                settings.bool(Setting.HTTP_ENABLED) ? settings.integer(Setting.HTTP_PORT) : -1, TlsContexts.server(ca, settings.string(Setting.TLS_ENGINE).equals("boringssl") && !acmeTlsAlpn(settings)),
                settings.list(Setting.TLS_PROTOCOLS), settings.string(Setting.TLS_CLIENT_AUTH).equals("want"), limits,
                trustedProxies(settings), new TimedHandler("phones", metrics, firmware.handler(handler, limiter, security, phoneFiles)));

        // Admin API, with /metrics and the readiness checks (each bounded: a hung database is "down" in seconds).
        this.health = new Health(3_000);
        closeables.add(0, health);
        int certificateMinDays = settings.integer(Setting.HEALTH_CERTIFICATE_MIN_DAYS);
        health.check("database", () -> database.reachable(2))
                .check("listeners", this::listenersBound)
                .check("certificate", () -> {
                    ca.serverKeys().checkNow(); // a replaced file counts at once, not at the next handshake
                    return ca.serverKeys().current().notAfter().isAfter(java.time.Instant.now().plus(Duration.ofDays(certificateMinDays)));
                });
        this.retention = EventRetention.scheduled(events, settings.integer(Setting.EVENT_RETENTION_DAYS), settings.integer(Setting.EVENT_MAX_ROWS));
        closeables.add(0, retention);
        // mass actions are rows every node claims from (issue 16): a dead node's devices are taken by another
        this.actions = new ActionRunner(notifier, events::record, settings.integer(Setting.ACTION_DEVICES_PER_SECOND),
                new io.phonehome.actions.ActionJobRepository(database.jdbc()), membership.self(),
                Duration.ofSeconds(settings.integer(Setting.ACTION_LEASE_SECONDS))).startTicking();
        closeables.add(0, actions);
        // Commissioning runs: paced like the other mass actions, calls placed by the SIP edge (none without it)
        SipServer placing = sip;
        this.commissioning = new Commissioning(inventory, new CommissioningRepository(database.jdbc()), events::record,
                new Pacer("commission-pacer", settings.integer(Setting.COMMISSION_CALLS_PER_SECOND),
                        settings.integer(Setting.COMMISSION_CALLS_AT_ONCE)).startTicking(),
                () -> placing != null ? placing.callPlacer() : CallPlacer.NONE, io.phonehome.prompts.Prompts.shipped(),
                new Commissioning.Options(settings.integer(Setting.COMMISSION_RING_SECONDS) * 1000L,
                        settings.integer(Setting.COMMISSION_CONFIRM_SECONDS) * 1000L), Clock.systemUTC());
        closeables.add(0, commissioning);
        this.admin = new AdminApi(new AdminApi.Dependencies(settings, inventory, events, retention, security, configFiles, firmware.resolver(), actions,
                registrations, TlsContexts.server(ca), this::httpsPort, firmware, phoneFiles, keys, layeredSettings, hotDesks,
                mailboxes, commissioning, backups(settings), ivr), metrics, metrics::scrape, health);
        // The web console on the admin listener (issue 18): the admin API's tokens and audit log reach it through its port
        this.console = new Console(new Console.Dependencies(settings, inventory, events, security, actions, registrations, firmware, configFiles,
                phoneFiles, this::httpsPort, consoleGate(admin, inventory)));
        console.importsFrom(layeredSettings, keys);
        admin.mountPages(console.handler());
        admin.mountAccounts(consoleAccounts(console.accounts())); // console-ops: /api/v1/accounts
    }

    /** The console's people's accounts as the admin API serves them (console-ops): the console's own rules, in the API's words. */
    private static io.phonehome.admin.AccountDirectory consoleAccounts(io.phonehome.console.Accounts accounts) {
        return new io.phonehome.admin.AccountDirectory() {
            private Account of(io.phonehome.console.Accounts.Row r) {
                return new Account(r.id(), r.name(), r.role(), r.totp(), java.time.Instant.parse(r.createdAt()), r.createdBy(), r.active());
            }

            @Override
            public List<Account> list() {
                return accounts.list().stream().map(this::of).toList();
            }

            @Override
            public Created create(String name, String password, String role, boolean totp, String createdBy) {
                Access access;
                try {
                    access = Access.parse(role);
                } catch (IllegalArgumentException e) {
                    List<io.phonehome.inventory.FieldError> all = new ArrayList<>(accounts.problems(name, password));
                    all.add(io.phonehome.inventory.FieldError.of("role", e.getMessage()));
                    throw new io.phonehome.inventory.ValidationException(all);
                }
                try {
                    io.phonehome.console.Accounts.Created c = accounts.create(name, password, access, totp, new Person(createdBy, null, Access.ADMIN, "api"));
                    Account a = accounts.find(c.id()).map(this::of).orElseThrow();
                    return new Created(a, c.totpSecret(), c.totpSecret() == null ? null : io.phonehome.console.Accounts.totpUri(c.name(), c.totpSecret()));
                } catch (io.phonehome.console.Accounts.AccountException e) {
                    throw new io.phonehome.inventory.ValidationException(e.errors());
                }
            }

            @Override
            public Account remove(long id) {
                return accounts.remove(id).map(this::of).orElseThrow(() -> new io.phonehome.inventory.NotFoundException("account " + id + " does not exist"));
            }

            @Override
            public Account resetPassword(long id, String password) {
                try {
                    return accounts.resetPassword(id, password).map(this::of)
                            .orElseThrow(() -> new io.phonehome.inventory.NotFoundException("account " + id + " does not exist"));
                } catch (io.phonehome.console.Accounts.AccountException e) {
                    throw new io.phonehome.inventory.ValidationException(e.errors());
                }
            }
        };
    }

    /** The console's port onto the admin API: one set of tokens and one audit log for API and pages. */
    private static AdminGate consoleGate(AdminApi admin, Inventory inventory) {
        return new AdminGate() {
            @Override
            public Optional<Person> token(String secret, String source) {
                // a token limited to one customer does not sign in here: the console's pages are the installation's (console-ops)
                return admin.authenticateToken(secret).filter(t -> t.customerId() == null).map(t -> new Person(t.name(), t.id(), Access.parse(t.role().lower()), source));
            }

            @Override
            public void audit(Person who, String action, String target, Object before, Object after) {
                admin.audit(who.name(), who.tokenId(), Role.parse(who.access().lower()), who.source(), action, target, before, after);
            }

            // console-ops: the console's Tokens and Audit pages
            @Override
            public List<TokenRow> tokens() {
                java.util.Map<Long, String> slugs = new java.util.HashMap<>();
                inventory.customers().list().forEach(c -> slugs.put(c.id(), c.slug()));
                return admin.tokenList().stream().map(t -> row(t, slugs)).toList();
            }

            private TokenRow row(io.phonehome.admin.ApiToken t, java.util.Map<Long, String> slugs) {
                return new TokenRow(t.id(), t.name(), t.role().lower(), t.customerId() == null ? null : slugs.get(t.customerId()), t.prefix(),
                        t.createdAt(), t.createdBy(), t.lastUsedAt(), t.revokedAt());
            }

            @Override
            public NewToken createToken(Person by, String name, String role, String customerSlug) {
                AdminApi.NewToken t = admin.createToken(by.name(), by.tokenId(), Role.parse(by.access().lower()), by.source(), name, role, customerSlug);
                java.util.Map<Long, String> slugs = new java.util.HashMap<>();
                inventory.customers().list().forEach(c -> slugs.put(c.id(), c.slug()));
                return new NewToken(row(t.token(), slugs), t.secret());
            }

            @Override
            public void revokeToken(Person by, long id) {
                admin.revokeToken(by.name(), by.tokenId(), Role.parse(by.access().lower()), by.source(), id);
            }

            @Override
            public List<AuditRow> auditLog(String actor, String action, java.time.Instant since, java.time.Instant until, Long beforeId, int limit) {
                return admin.auditEntries(actor, action, since, until, beforeId, limit).stream().map(e -> new AuditRow(e.id(), e.at(), e.actor(),
                        e.actorRole(), e.source(), e.action(), e.target(), e.before(), e.after())).toList();
            }
        };
    }

    /** Backups of this installation, and their schedule when {@code backup_interval_hours} asks for one. */
    private Backups backups(Settings s) {
        Path data = s.dataDir();
        Optional<Path> copy = s.string(Setting.BACKUP_COPY_DIR).isEmpty() ? Optional.empty() : Optional.of(s.path(Setting.BACKUP_COPY_DIR));
        Optional<Path> passphrase = s.string(Setting.BACKUP_PASSPHRASE_FILE).isEmpty() ? Optional.empty()
                : Optional.of(s.path(Setting.BACKUP_PASSPHRASE_FILE));
        Backups b = new Backups(database.jdbc(), s.string(Setting.DB_URL).isEmpty() || s.string(Setting.DB_URL).startsWith("jdbc:h2:"),
                io.phonehome.backup.PostgresDump.of(s.string(Setting.DB_URL), s.string(Setting.DB_USER), s.string(Setting.DB_PASSWORD),
                        s.string(Setting.BACKUP_PG_BIN_DIR).isEmpty() ? Optional.empty() : Optional.of(s.path(Setting.BACKUP_PG_BIN_DIR))),
                new Backups.Options(data, s.pathOrInDataDir(Setting.BACKUP_DIR, "backups"), copy, passphrase, s.integer(Setting.BACKUP_KEEP),
                        s.integer(Setting.BACKUP_MAX_AGE_DAYS), Optional.of(s.pathOrInDataDir(Setting.CONFIG_FILE, "phonehome.properties")),
                        List.of(s.path(Setting.FIRMWARE_DIR), data.resolve("firmware"))),
                java.time.Clock.systemUTC());
        int hours = s.integer(Setting.BACKUP_INTERVAL_HOURS);
        if (hours > 0) {
            java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "backups");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(() -> {
                try {
                    Backups.BackupFile made = b.create();
                    log.info("backup {} written ({} bytes)", made.name(), made.bytes());
                } catch (Backups.BackupException e) {
                    log.warn("the scheduled backup failed: {}", e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("the scheduled backup failed: {}", e.toString(), e);
                }
            }, hours, hours, java.util.concurrent.TimeUnit.HOURS);
            closeables.add(0, timer::shutdownNow);
        }
        return b;
    }

    private static HotDeskRules hotDeskRules(Settings s) {
        LocalTime nightly;
        try {
            nightly = LocalTime.parse(s.string(Setting.HOTDESK_NIGHTLY_LOGOUT));
        } catch (DateTimeParseException e) {
            throw new io.phonehome.config.SettingsException(Setting.HOTDESK_NIGHTLY_LOGOUT.key() + " must be a time of day as HH:MM, not '"
                    + s.string(Setting.HOTDESK_NIGHTLY_LOGOUT) + "'");
        }
        for (Setting code : List.of(Setting.HOTDESK_LOGIN_CODE, Setting.HOTDESK_LOGOUT_CODE)) {
            if (!s.string(code).matches("[*#0-9]{1,8}")) {
                throw new io.phonehome.config.SettingsException(code.key() + " must be 1 to 8 of the keys 0-9, * and #, not '" + s.string(code) + "'");
            }
        }
        if (s.string(Setting.HOTDESK_LOGOUT_CODE).startsWith(s.string(Setting.HOTDESK_LOGIN_CODE))) {
            throw new io.phonehome.config.SettingsException(Setting.HOTDESK_LOGOUT_CODE.key() + " must not begin with "
                    + Setting.HOTDESK_LOGIN_CODE.key() + " (a logout would be read as a login)");
        }
        return new HotDeskRules(s.string(Setting.HOTDESK_LOGIN_CODE), s.string(Setting.HOTDESK_LOGOUT_CODE),
                new java.util.HashSet<>(s.list(Setting.HOTDESK_EMERGENCY_NUMBERS)), nightly, s.integer(Setting.HOTDESK_MAX_WRONG_PINS),
                Duration.ofMinutes(s.integer(Setting.HOTDESK_LOCK_MINUTES)));
    }

    /**
     * The operator's certificate files, when given by setting or present at {@code <data_dir>/tls/};
     * checked now, so a bad pair stops the start with the file and the reason.
     */
    private static java.util.Optional<ServerKeys> operatorCertificate(Settings s) {
        CertificateFiles files = s.string(Setting.TLS_CERTIFICATE_FILE).isEmpty() ? CertificateFiles.inDataDir(s.dataDir())
                : new CertificateFiles(s.path(Setting.TLS_CERTIFICATE_FILE), s.path(Setting.TLS_KEY_FILE));
        if (s.string(Setting.TLS_CERTIFICATE_FILE).isEmpty() && !files.certificateExists()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ServerKeys.fromFiles(files, Clock.systemUTC(), s.integer(Setting.TLS_RELOAD_CHECK_SECONDS) * 1000L));
    }

    /** The ACME client for public_host, its files in {@code <data_dir>/pki/acme/}. */
    private static AcmeIssuer acmeIssuer(Settings s) {
        javax.net.ssl.SSLContext trust = null;
        if (!s.string(Setting.ACME_TRUST_FILE).isEmpty()) {
            List<java.security.cert.X509Certificate> cas = io.phonehome.pki.Pem.readCertificates(s.path(Setting.ACME_TRUST_FILE));
            if (cas.isEmpty()) {
                throw new io.phonehome.config.SettingsException(Setting.ACME_TRUST_FILE.key() + ": no PEM certificate in " + s.path(Setting.ACME_TRUST_FILE));
            }
            trust = TlsContexts.clientTrusting(cas);
        }
        return new AcmeIssuer(new AcmeIssuer.Options(java.net.URI.create(s.string(Setting.ACME_DIRECTORY_URL)), trust, s.string(Setting.ACME_EMAIL),
                s.string(Setting.PUBLIC_HOST), s.string(Setting.BIND), s.integer(Setting.ACME_HTTP_PORT), s.dataDir().resolve("pki/acme"),
                acmeTlsAlpn(s)));
    }

    private static Database openDatabase(Settings s) {
        String url = s.string(Setting.DB_URL).isEmpty() ? Database.h2FileUrl(s.dataDir()) : s.string(Setting.DB_URL);
        return Database.open(url, s.string(Setting.DB_USER), s.string(Setting.DB_PASSWORD), s.integer(Setting.DB_POOL_SIZE));
    }

    /** How the log files are rolled, kept and written ({@code log_max_history_days}, {@code log_total_size_mb}, {@code log_format}). */
    public static LogRetention logRetention(Settings s) {
        return new LogRetention(s.integer(Setting.LOG_MAX_HISTORY_DAYS), s.integer(Setting.LOG_TOTAL_SIZE_MB), s.string(Setting.LOG_FORMAT).equals("json"));
    }

    /** Builds and starts everything; on failure, whatever was started is stopped again. */
    public static PhonehomeServer start(Settings settings) {
        return start(settings, Overrides.NONE);
    }

    /** As {@link #start(Settings)}, with stand-ins for the SIP side (tests). */
    public static PhonehomeServer start(Settings settings, Overrides overrides) {
        PhonehomeServer server;
        List<AutoCloseable> started = new ArrayList<>();
        try {
            server = new PhonehomeServer(settings, overrides, started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
        try {
            server.phones.start();
        } catch (RuntimeException e) {
            server.close();
            throw new PhonehomeException("cannot start the phone listener on " + settings.string(Setting.BIND) + ":"
                    + settings.integer(Setting.HTTPS_PORT) + ": " + e.getMessage(), e);
        }
        log.info("Phonehome provisioning listening on https://{}:{}/{}", settings.string(Setting.BIND), server.httpsPort(),
                server.httpPort() > 0 ? " and http port " + server.httpPort() : "");
        try {
            server.admin.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.firmware.start();
        if (server.acmeRenewal != null) {
            server.acmeRenewal.listenersStarted();
        }
        return server;
    }

    /**
     * ACME's tls-alpn-01 is answered by the phone listener, which then runs on the JDK's TLS: its
     * engines carry the ALPN choice and let the key manager see it (Phonehome sets no such hook on
     * BoringSSL's).
     */
    private static boolean acmeTlsAlpn(Settings s) {
        return !s.string(Setting.ACME_DIRECTORY_URL).isEmpty() && s.string(Setting.ACME_CHALLENGE).equals("tls-alpn-01");
    }

    /** Every listener this server has is bound (the readiness check). */
    private boolean listenersBound() {
        return httpsPort() > 0 && admin.port() > 0 && (sip == null || sip.port() > 0);
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** This node's membership among the nodes on its database. */
    public io.phonehome.cluster.Membership membership() {
        return membership;
    }

    public int httpsPort() {
        return HttpListeners.boundPort(phones, "https");
    }

    /** -1 when plain HTTP is off. */
    public int httpPort() {
        return HttpListeners.boundPort(phones, "http");
    }

    /** The load balancers allowed to name a phone's address (issue 16); a wrong entry stops the start. */
    private static io.phonehome.http.TrustedProxies trustedProxies(Settings settings) {
        try {
            return io.phonehome.http.TrustedProxies.of(settings.list(Setting.TRUSTED_PROXIES));
        } catch (IllegalArgumentException e) {
            throw new io.phonehome.config.SettingsException(e.getMessage());
        }
    }

    /** The admin API's port (the bound one when admin_port is 0). */
    public int adminPort() {
        return admin.port();
    }

    /** The web console (its accounts, for tests and first set-up). */
    public Console console() {
        return console;
    }

    public ActionRunner actions() {
        return actions;
    }

    /** Commissioning runs (calls Phonehome places to every line of a list). */
    public Commissioning commissioning() {
        return commissioning;
    }

    public Settings settings() {
        return settings;
    }

    public Inventory inventory() {
        return inventory;
    }

    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    public EventLog events() {
        return events;
    }

    /** Where requests for unknown MACs are counted before they become one event per source and interval. */
    public SourceTally sourceTally() {
        return tally;
    }

    public EventRetention eventRetention() {
        return retention;
    }

    public SecurityLog securityLog() {
        return security;
    }

    public FetchRecorder fetchRecorder() {
        return recorder;
    }

    public ConfigFiles configFiles() {
        return configFiles;
    }

    public Firmware firmware() {
        return firmware;
    }

    public Database database() {
        return database;
    }

    /** The SIP core, or null when sip_enabled=false. */
    public SipServer sip() {
        return sip;
    }

    /** Bound SIP port (UDP and TCP); the configured one when SIP is off. */
    public int sipPort() {
        return sip == null ? settings.integer(Setting.SIP_PORT) : sip.port();
    }

    public int sipTlsPort() {
        return sip == null ? settings.integer(Setting.SIP_TLS_PORT) : sip.tlsPort();
    }

    /** Registration state of the lines, for the admin API and diagnostics (empty when SIP is off). */
    public Registrations registrations() {
        return registrations;
    }

    /** Remote actions (NOTIFY over the registered flow); NOT_REGISTERED for every device when SIP is off. */
    /** Hot desking: desks, users' PINs, who is logged in where. */
    public HotDesks hotDesks() {
        return hotDesks;
    }

    /** The lines' mailboxes, or null when the SIP core is off. */
    public Ivr ivr() {
        return ivr;
    }

    public Mailboxes mailboxes() {
        return mailboxes;
    }

    /** The nightly logout of hot desks (tests run it with the clock of their own {@link HotDesks}). */
    public NightlyLogout nightlyLogout() {
        return nightlyLogout;
    }

    public DeviceNotifier deviceNotifier() {
        return notifier;
    }

    @Override
    public void close() {
        admin.close();
        try {
            phones.stop();
        } catch (RuntimeException e) {
            log.warn("stopping the phone listener: {}", e.getMessage());
        }
        closeAll(closeables);
        log.info("Phonehome stopped");
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stopping {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
