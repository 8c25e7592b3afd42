package io.phonehome.testing;

import io.phonehome.PhonehomeServer;
import io.phonehome.config.Setting;
import io.phonehome.config.Settings;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.DeviceImport;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.pki.TlsContexts;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * A real Phonehome on loopback, port 0, with its own data directory (fresh database: H2 in the
 * data directory, or a new PostgreSQL database under {@code -Dphonehome.test.store=postgresql}; fresh
 * CA) and the repository's templates, plus an HTTPS client that trusts that CA. Close it after use.
 */
public final class TestServer implements AutoCloseable {
    public static final Path REPO_TEMPLATES = Path.of("templates").toAbsolutePath();

    private final Path dataDir;
    private final PhonehomeServer server;
    private final HttpClient client;

    public TestServer(Map<Setting, String> extra) {
        this(extra, PhonehomeServer.Overrides.NONE);
    }

    /** With stand-ins for the SIP side (a fake {@code DeviceNotifier}, fake registrations). */
    public TestServer(Map<Setting, String> extra, PhonehomeServer.Overrides overrides) {
        this(extra, overrides, newDataDir());
    }

    private static Path newDataDir() {
        try {
            return Files.createTempDirectory("phonehome-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestServer(Map<Setting, String> extra, PhonehomeServer.Overrides overrides, Path dataDir) {
        this.dataDir = dataDir;
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.DATA_DIR, dataDir.toString());
        s.put(Setting.BIND, "127.0.0.1");
        s.put(Setting.HTTPS_PORT, "0");
        s.put(Setting.ADMIN_BIND, "127.0.0.1");
        s.put(Setting.ADMIN_PORT, "0");
        s.put(Setting.TEMPLATES_DIR, REPO_TEMPLATES.toString());
        s.put(Setting.TEMPLATE_CHECK_SECONDS, "0");
        s.put(Setting.DB_POOL_SIZE, "4");
        s.put(Setting.WORKER_THREADS, "8");
        // the installed firmware catalog of a test is its own (empty unless the test fills it), noticed at once
        s.put(Setting.FIRMWARE_DIR, dataDir.resolve("installed-firmware").toString());
        s.put(Setting.FIRMWARE_CHECK_SECONDS, "0");
        // the SIP core is off unless a test asks for it (withSip): other tests need no SIP ports
        s.put(Setting.SIP_ENABLED, "false");
        if (TestStore.current() == TestStore.POSTGRESQL && !extra.containsKey(Setting.DB_URL)) {
            // a test may name its own data directory (restart tests): the database goes with it
            s.put(Setting.DB_URL, postgresDatabaseOf(extra.containsKey(Setting.DATA_DIR) ? Path.of(extra.get(Setting.DATA_DIR)) : dataDir));
            s.put(Setting.DB_USER, TestPostgres.USER);
            s.put(Setting.DB_PASSWORD, TestPostgres.PASSWORD);
        }
        s.putAll(extra);
        this.server = PhonehomeServer.start(Settings.of(s), overrides);
        this.client = HttpClient.newBuilder().sslContext(TlsContexts.clientTrusting(server.certificateAuthority().caCertificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public TestServer() {
        this(Map.of());
    }

    /**
     * The PostgreSQL database of the installation in {@code dataDir}: a new one for a new data
     * directory, the same one when a restart test reopens it (the URL is kept in the directory).
     */
    private static String postgresDatabaseOf(Path dataDir) {
        Path file = dataDir.resolve("test-postgresql-url");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String url = TestPostgres.get().createDatabase();
            Files.createDirectories(dataDir);
            Files.writeString(file, url);
            // a `phonehome serve` the test starts as its own process on this data directory
            // (crash tests) uses the same database
            Path properties = dataDir.resolve("phonehome.properties");
            if (!Files.exists(properties)) {
                Files.writeString(properties, "db_url=" + url + "\ndb_user=" + TestPostgres.USER + "\ndb_password=" + TestPostgres.PASSWORD + "\n");
            }
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server with its SIP core on free UDP/TCP and TLS ports on 127.0.0.1 (other engineers' tests
     * and benchmarks may hold 5060 on this machine). The bound ports are
     * {@code server().sipPort()} and {@code server().sipTlsPort()}.
     */
    public static TestServer withSip(Map<Setting, String> extra) {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.SIP_ENABLED, "true");
        s.put(Setting.SIP_PORT, "0");
        s.put(Setting.SIP_TLS_PORT, "0");
        s.put(Setting.SIP_WORKER_THREADS, "2");
        s.put(Setting.SIP_BINDING_FLUSH_MILLIS, "50");
        s.putAll(extra);
        return new TestServer(s);
    }

    /** A SIP-enabled server on the data directory a stopped one left (restart tests); see {@link #stopKeepingData()}. */
    public static TestServer reopenWithSip(Path dataDir, Map<Setting, String> extra) {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.SIP_ENABLED, "true");
        s.put(Setting.SIP_PORT, "0");
        s.put(Setting.SIP_TLS_PORT, "0");
        s.put(Setting.SIP_WORKER_THREADS, "2");
        s.put(Setting.SIP_BINDING_FLUSH_MILLIS, "50");
        s.putAll(extra);
        return new TestServer(s, PhonehomeServer.Overrides.NONE, dataDir);
    }

    /** A server (SIP off, like {@link #TestServer()}) on the data directory a stopped one left; see {@link #stopKeepingData()}. */
    public static TestServer reopen(Path dataDir, Map<Setting, String> extra) {
        return new TestServer(extra, PhonehomeServer.Overrides.NONE, dataDir);
    }

    /** Stops the server like a shutdown but leaves its data directory for {@link #reopenWithSip}. */
    public void stopKeepingData() {
        server.close();
    }

    public PhonehomeServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String baseUrl() {
        return "https://127.0.0.1:" + server.httpsPort() + "/";
    }

    public HttpClient client() {
        return client;
    }

    /** A client presenting its own TLS context (client certificates). */
    public HttpClient client(SSLContext ctx) {
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** GET {@code path} with a User-Agent and optional extra headers (name, value, ...). */
    public HttpResponse<String> get(String path, String userAgent, String... headers) {
        return get(client, path, userAgent, headers);
    }

    public HttpResponse<String> get(HttpClient c, String path, String userAgent, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET();
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * GET with HTTP digest: first without credentials, then answering the challenge the way a
     * phone does (digest computed here with MessageDigest, independently of the server's code).
     */
    public HttpResponse<String> getWithDigest(String path, String userAgent, String user, String password) {
        HttpResponse<String> first = get(path, userAgent);
        if (first.statusCode() != 401) {
            return first;
        }
        String challenge = first.headers().firstValue("WWW-Authenticate").orElseThrow();
        return get(path, userAgent, "Authorization", TestDigest.authorization(challenge, "GET", "/" + path, user, password, 1));
    }

    /** GET with digest that must succeed: fails the test with the body otherwise. */
    public HttpResponse<String> fetchOk(String path, String userAgent, String user, String password) {
        HttpResponse<String> r = getWithDigest(path, userAgent, user, password);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    /**
     * Re-arms a device's site credential, as a technician would after a factory reset: for a
     * test that let a device use its own credentials on a server whose other tests fetch that
     * device with the site credential.
     */
    public void rearm(String mac) {
        var devices = server.inventory().devices();
        devices.rearm(devices.findByMac(io.phonehome.inventory.Mac.parse(mac)).orElseThrow().id(), null);
    }

    /** The lines of a device in the inventory, by account position. */
    public List<io.phonehome.inventory.Line> lines(String mac) {
        var inv = server.inventory();
        return inv.lines().byDevice(inv.devices().findByMac(io.phonehome.inventory.Mac.parse(mac)).orElseThrow().id());
    }

    /** A site whose phones are trusted from loopback (like a LAN), plus site digest credentials. */
    public Site createSite(String name, String timeZone) {
        SiteSpec spec = SiteSpec.named(name, timeZone).withDigest("site-" + name.toLowerCase().replaceAll("[^a-z0-9]", ""), "site-secret-" + name.length() + "-abcdefgh");
        return server.inventory().createSite(spec);
    }

    public Site createSite(SiteSpec spec) {
        return server.inventory().createSite(spec);
    }

    public Site createTrustingSite(String name, String timeZone) {
        return server.inventory().createSite(SiteSpec.named(name, timeZone)
                .withTrustedNetworks(List.of("127.0.0.0/8"), Set.of(AuthMethod.NETWORK, AuthMethod.DIGEST)));
    }

    /** A site of {@code customerId} whose phones on loopback are trusted (network or digest), as {@link #createTrustingSite(String, String)}. */
    public Site createTrustingSite(long customerId, String name, String timeZone) {
        return server.inventory().createSite(customerId, SiteSpec.named(name, timeZone)
                .withTrustedNetworks(List.of("127.0.0.0/8"), Set.of(AuthMethod.NETWORK, AuthMethod.DIGEST)));
    }

    /** A customer with its own SIP domain, created through the admin API; returns its id. */
    public long createCustomer(String name, String slug, String sipDomain) {
        java.net.http.HttpResponse<String> r = adminJson("POST", "/api/v1/customers", adminToken(),
                "{\"name\":\"" + name + "\",\"slug\":\"" + slug + "\",\"sip_domain\":\"" + sipDomain + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("customer " + slug + " not created: " + r.statusCode() + " " + r.body());
        }
        return Json.parse(r.body()).get("id").asLong();
    }

    public ImportReport importCsv(String csv) {
        try {
            return server.inventory().importer().run(new StringReader(csv), DeviceImport.Mode.CREATE_ONLY, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code https://127.0.0.1:<admin port>} (no trailing slash: paths start with /api/v1). */
    public String adminUrl() {
        return "https://127.0.0.1:" + server.adminPort();
    }

    /** The bootstrap admin token the server wrote into its data directory. */
    public String adminToken() {
        try {
            return Files.readString(dataDir.resolve("admin-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A call to the admin API over HTTPS.
     *
     * @param token       bearer token, or null for none
     * @param contentType of {@code body}, or null when there is none
     */
    public HttpResponse<String> admin(String method, String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> adminGet(String path, String token) {
        return admin("GET", path, token, null, null);
    }

    public HttpResponse<String> adminJson(String method, String path, String token, String json) {
        return admin(method, path, token, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** GET returning the body as bytes (firmware images). */
    public HttpResponse<byte[]> getBytes(String path, String userAgent, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("https://") ? path : baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits for the asynchronous fetch recorder, firmware download signals, unknown-MAC tally and
     * event log to write what they have.
     */
    public void flushRecords() {
        server.fetchRecorder().flush(5_000);
        server.sourceTally().flush();
        server.firmware().signals().flush(5_000);
        server.events().flush(5_000);
    }

    @Override
    public void close() {
        server.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp dir cleanup is best effort
        }
    }

    /** The first line of the device with this MAC (the SIP tests' way to name a phone of their CSV). */
    public io.phonehome.inventory.Line firstLine(String mac) {
        var inv = server().inventory();
        return inv.lines().byDevice(inv.devices().findByMac(io.phonehome.inventory.Mac.parse(mac)).orElseThrow().id()).get(0);
    }
}
