package io.phonehome.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and the schema. Opening a database applies every pending migration from
 * {@code db/migration} and the database's own {@code db/vendor/<h2|postgresql>} first, so code
 * never sees an old schema. The embedded default is an H2 file database in PostgreSQL
 * compatibility mode; several nodes share a PostgreSQL 15 database with the same migration history.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /**
     * How long a request waits for a connection before it is told the database is unavailable
     * (a 503 with Retry-After): long enough to ride out a quick restart, short enough that a
     * phone's fetch is answered before its own timeout.
     */
    public static final java.time.Duration CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final HikariDataSource dataSource;
    private final Jdbc jdbc;
    /** On PostgreSQL: this node's writes told to the others and theirs to this one's views. */
    private volatile ClusterWrites clusterWrites;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** The embedded default: {@code <dataDir>/phonehome.mv.db}. */
    public static String h2FileUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("phonehome").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";
    }

    public static Database open(String url, String user, String password, int poolSize) {
        if (url.startsWith("jdbc:h2:file:")) {
            restrictDataFiles(url);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("phonehome-db");
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database at " + redact(url) + ": " + rootMessage(e), e);
        }
        try {
            var result = Flyway.configure()
                    .dataSource(ds)
                    // db/migration: portable SQL, most of the history; db/vendor/<h2|postgresql>:
                    // the versions whose statements must differ (each present in both folders, so
                    // both databases go through the same versions). Flyway's own {vendor} is a
                    // Spring Boot feature, so the folder is chosen here.
                    .locations("classpath:db/migration", "classpath:db/vendor/" + vendorFolder(ds))
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info("database schema migrated to version {} ({} migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            ds.close();
            throw new StoreException("cannot migrate the database schema: " + e.getMessage(), e);
        }
        Database db = new Database(ds);
        if (db.jdbc.dialect() == Dialect.POSTGRESQL) {
            // several nodes may share it: each one's in-memory views must learn of the others' writes
            db.clusterWrites = ClusterWrites.start(url, user, password, ds, db.jdbc);
        }
        return db;
    }

    private static String vendorFolder(HikariDataSource ds) {
        try (var c = ds.getConnection()) {
            return Dialect.ofProductName(c.getMetaData().getDatabaseProductName()).name().toLowerCase(java.util.Locale.ROOT);
        } catch (java.sql.SQLException e) {
            throw new FlywayException("cannot tell which database this is: " + e.getMessage(), e);
        }
    }

    /** H2 creates its files with the process umask; the database holds SIP passwords, so keep the directory private. */
    private static void restrictDataFiles(String url) {
        String path = url.substring("jdbc:h2:file:".length());
        int semi = path.indexOf(';');
        Path dir = Path.of(semi >= 0 ? path.substring(0, semi) : path).getParent();
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | java.io.IOException e) {
            log.warn("could not restrict permissions of {}: {}", dir, e.getMessage());
        }
    }

    /** The URL with any password in it masked, for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }

    /**
     * Whether the database answers now: a connection from the pool that says it is valid within
     * {@code timeoutSeconds}. Waits at most the pool's connection timeout for a connection; callers
     * that must answer sooner bound it themselves (the readiness check does).
     */
    public boolean reachable(int timeoutSeconds) {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.isValid(timeoutSeconds);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The pool's figures now, for {@code /metrics}: connections in use, idle, in all, and threads waiting for one. */
    public record PoolFigures(int active, int idle, int total, int waiting) {
    }

    public PoolFigures poolFigures() {
        var pool = dataSource.getHikariPoolMXBean();
        if (pool == null) {
            return new PoolFigures(0, 0, 0, 0);
        }
        return new PoolFigures(pool.getActiveConnections(), pool.getIdleConnections(), pool.getTotalConnections(), pool.getThreadsAwaitingConnection());
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        ClusterWrites c = clusterWrites;
        if (c != null) {
            c.close();
        }
        dataSource.close();
    }
}
