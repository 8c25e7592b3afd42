package io.phonehome.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL 15 cluster a test owns alone, for what the shared {@link TestPostgres} must never
 * do to the other tests of the JVM: stop it, start it again, make it a streaming-replication
 * primary, copy it into a standby ({@code pg_basebackup -R}) and promote that. Made the same way
 * as {@link TestPostgres} ({@code initdb}, {@code pg_ctl}, as {@code nobody} when the tests run as
 * root, loopback only, a free port); {@link #close()} stops it at once and deletes its directory.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    public static final String SUPERUSER_PASSWORD = "superuser-test-password";
    public static final String REPLICATION_USER = "replicator";
    public static final String REPLICATION_PASSWORD = "replicator-test-password";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean root;
    private boolean running;

    private PostgresCluster(Path bin, Path dir, int port, boolean root) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.root = root;
    }

    private static Path bin() {
        Path bin = Path.of(System.getProperty("phonehome.test.pgbin", "/usr/lib/postgresql/15/bin"));
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_basebackup"))) {
            throw new IllegalStateException("no PostgreSQL binaries in " + bin + ": install postgresql-15 or name the directory with "
                    + "-Dphonehome.test.pgbin");
        }
        return bin;
    }

    private static Path newDirectory(boolean root) {
        try {
            Path dir = Files.createTempDirectory("phonehome-pgc");
            Files.writeString(dir.resolve("pwfile"), SUPERUSER_PASSWORD + "\n");
            if (root) {
                TestPostgres.giveTo(dir, TestPostgres.RUN_AS_WHEN_ROOT);
                TestPostgres.giveTo(dir.resolve("pwfile"), TestPostgres.RUN_AS_WHEN_ROOT);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL directory", e);
        }
    }

    /**
     * A new primary, started: {@code wal_level=replica} and WAL senders, so a standby can follow it,
     * and a {@link #REPLICATION_USER} that may stream from loopback (initdb's pg_hba.conf already lets
     * {@code replication} connections from 127.0.0.1 in with a password).
     */
    public static PostgresCluster primary() {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = newDirectory(root);
        PostgresCluster c = new PostgresCluster(bin(), dir, TestPostgres.freePort(), root);
        c.run(List.of(c.bin.resolve("initdb").toString(), "-D", c.data.toString(), "-U", SUPERUSER, "--pwfile=" + dir.resolve("pwfile"),
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"));
        c.start();
        try (Connection sql = c.superuser("postgres"); Statement st = sql.createStatement()) {
            st.execute("CREATE ROLE " + TestPostgres.USER + " LOGIN PASSWORD '" + TestPostgres.PASSWORD + "'");
            st.execute("CREATE ROLE " + REPLICATION_USER + " REPLICATION LOGIN PASSWORD '" + REPLICATION_PASSWORD + "'");
        } catch (SQLException e) {
            c.close();
            throw new IllegalStateException("the test PostgreSQL cluster refuses its superuser: " + e.getMessage(), e);
        }
        return c;
    }

    /**
     * A hot standby of this (running) cluster on a port of its own, started: {@code pg_basebackup -R}
     * copies the data directory and writes {@code primary_conninfo} and {@code standby.signal}.
     */
    public PostgresCluster standby() {
        Path standbyDir = newDirectory(root);
        PostgresCluster s = new PostgresCluster(bin, standbyDir, TestPostgres.freePort(), root);
        s.run(List.of("env", "PGPASSWORD=" + REPLICATION_PASSWORD, bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", REPLICATION_USER, "-D", s.data.toString(), "-R", "-X", "stream", "--no-sync"));
        s.start();
        return s;
    }

    /** Starts the cluster on its port (again, after {@link #stop}); waits until it accepts connections. */
    public void start() {
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                + " -c full_page_writes=on -c max_connections=60 -c wal_level=replica -c max_wal_senders=5";
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-o", options, "-w", "-t", "60", "start"));
        running = true;
    }

    /** Stops the cluster: {@code fast} ends every session cleanly first, {@code immediate} is a crash. */
    public void stop(String mode) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "-t", "60", "stop"));
        running = false;
    }

    /** Promotes this standby to a primary ({@code pg_ctl promote}, what Patroni or pg_auto_failover do); waits until it is one. */
    public void promote() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "promote"));
    }

    public int port() {
        return port;
    }

    /** A new empty database owned by {@link TestPostgres#USER}; the server's own migrations give it its schema. */
    public String createDatabase(String name) {
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " OWNER " + TestPostgres.USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A superuser connection behind the server's back (counting rows, asking a server whether it is in recovery). */
    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(url(database), SUPERUSER, SUPERUSER_PASSWORD);
    }

    private void run(List<String> command) {
        TestPostgres.run(root, dir, new ArrayList<>(command));
    }

    @Override
    public void close() {
        if (running) {
            try {
                stop("immediate");
            } catch (RuntimeException e) {
                // already down (a test stopped it): nothing to stop
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
