package io.phonehome.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 15 server for the tests, started once per test JVM by {@code initdb} into a
 * temporary directory and {@code pg_ctl}, on a free loopback port; stopped (and its directory
 * deleted) when the JVM exits. Every caller gets a fresh database of its own ({@code CREATE
 * DATABASE}), owned by an ordinary role that logs in with a password, as an installation's
 * {@code phonehome} user would.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: then the server runs as
 * {@code nobody} ({@code runuser}), in a directory it owns. If the server cannot start, every
 * test that asked for it fails with the reason (and the server's log): never a skip.
 *
 * <p>The binaries are Debian's ({@code /usr/lib/postgresql/15/bin}, package {@code postgresql-15});
 * {@code -Dphonehome.test.pgbin=DIR} names another directory.
 */
public final class TestPostgres {
    public static final String USER = "phonehome";
    public static final String PASSWORD = "phonehome-test-password";
    private static final String SUPERUSER = "postgres";
    private static final String SUPERUSER_PASSWORD = "superuser-test-password";
    static final String RUN_AS_WHEN_ROOT = "nobody";

    private static TestPostgres instance;
    private static RuntimeException failure;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();
    private static final String TEMPLATE = "phonehome_template";
    private boolean templateReady;

    private TestPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The JVM's cluster, started on first use; a failed start fails every later call the same way. */
    public static synchronized TestPostgres get() {
        if (failure != null) {
            throw new IllegalStateException("the test PostgreSQL server did not start (see the first failure)", failure);
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return instance;
    }

    /**
     * A new database owned by {@link #USER}, at this build's schema; returns its JDBC URL. It is
     * a copy of a template migrated once per JVM: running the migrations for every test server
     * would cost seconds each.
     */
    public synchronized String createDatabase() {
        if (!templateReady) {
            templateReady = true; // once: a failure below fails this test, and later ones at CREATE DATABASE
            createEmpty(TEMPLATE, null);
            // two connections: Flyway holds one for its lock while it migrates on another
            io.phonehome.store.Database.open(url(TEMPLATE), USER, PASSWORD, 2).close();
        }
        String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        createEmpty(name, TEMPLATE);
        return url(name);
    }

    /** A new database without any schema (what an installation's administrator creates). */
    public String createEmptyDatabase() {
        String name = "e" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        createEmpty(name, null);
        return url(name);
    }

    private void createEmpty(String name, String template) {
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " OWNER " + USER + (template == null ? "" : " TEMPLATE " + template));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A superuser connection to {@code database} (the tests' view behind the server's back). */
    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(url(database), SUPERUSER, SUPERUSER_PASSWORD);
    }

    private static TestPostgres start() {
        Path bin = Path.of(System.getProperty("phonehome.test.pgbin", "/usr/lib/postgresql/15/bin"));
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException("no PostgreSQL binaries in " + bin + ": install postgresql-15 (apt-get install postgresql-15)"
                    + " or name the directory with -Dphonehome.test.pgbin");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        try {
            dir = Files.createTempDirectory("phonehome-pg");
            Files.writeString(dir.resolve("pwfile"), SUPERUSER_PASSWORD + "\n");
            if (root) {
                giveTo(dir, RUN_AS_WHEN_ROOT);
                giveTo(dir.resolve("pwfile"), RUN_AS_WHEN_ROOT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the test PostgreSQL directory", e);
        }
        Path data = dir.resolve("data");
        run(root, dir, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "--pwfile=" + dir.resolve("pwfile"),
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"));
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            // Durability is not what these tests are about: without fsync the suite runs faster.
            String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                    + " -c full_page_writes=off -c max_connections=200";
            try {
                run(root, dir, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                        "-o", options, "-w", "-t", "60", "start"));
            } catch (IllegalStateException e) {
                last = e;
                continue;
            }
            TestPostgres pg = new TestPostgres(bin, dir, port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> pg.stop(root), "test-postgres-stop"));
            try (Connection c = pg.superuser("postgres"); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            } catch (SQLException e) {
                throw new IllegalStateException("test PostgreSQL started but refuses its superuser: " + e.getMessage(), e);
            }
            return pg;
        }
        throw last;
    }

    private void stop(boolean root) {
        try {
            run(root, dir, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } catch (RuntimeException e) {
            // the JVM is exiting: nothing to report to
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** Runs a PostgreSQL binary (as {@code nobody} when the tests run as root); fails with its output and the server log. */
    static void run(boolean root, Path dir, List<String> command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", RUN_AS_WHEN_ROOT, "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String log = "";
                Path serverLog = dir.resolve("server.log");
                if (Files.isReadable(serverLog)) {
                    log = "\nserver.log:\n" + Files.readString(serverLog);
                }
                throw new IllegalStateException("test PostgreSQL: " + String.join(" ", full) + " failed:\n"
                        + new String(out, StandardCharsets.UTF_8) + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void giveTo(Path path, String user) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = users.lookupPrincipalByName(user);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(owner);
        try {
            GroupPrincipal group = users.lookupPrincipalByGroupName("nogroup");
            view.setGroup(group);
        } catch (IOException e) {
            // the owner is what matters to PostgreSQL
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
