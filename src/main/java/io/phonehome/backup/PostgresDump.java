package io.phonehome.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The database half of a backup when the store is PostgreSQL: {@code pg_dump} in its custom format
 * (one consistent snapshot of the database while the server keeps writing to it), and its way back
 * with {@code pg_restore} into an empty database, in one transaction so that a failed restore
 * leaves the database as empty as it found it.
 *
 * <p>Connection details go to the tools through libpq's environment ({@code PGHOST}, {@code PGPORT},
 * {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGSSLMODE}): the password is never
 * on a command line, where {@code ps} would show it, and never in a message. The tools are found in
 * {@code backup_pg_bin_dir} when set, else on the {@code PATH} (Debian's {@code pg_wrapper} picks the
 * newest installed client), else in {@code /usr/lib/postgresql/15/bin}.
 */
public final class PostgresDump {
    static final Path DEBIAN_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final int STDERR_KEPT = 2000;

    private final String user;
    private final String password;
    private final Optional<Path> binDir;
    private final Map<String, String> libpq;

    private PostgresDump(String user, String password, Optional<Path> binDir, Map<String, String> libpq) {
        this.user = user;
        this.password = password;
        this.binDir = binDir;
        this.libpq = libpq;
    }

    /** The database a {@code jdbc:postgresql:} URL names; empty for any other URL (H2). */
    public static Optional<PostgresDump> of(String jdbcUrl, String user, String password, Optional<Path> binDir) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring("jdbc:postgresql:".length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        String database;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String hostPart = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            database = slash < 0 ? "" : rest.substring(slash + 1);
            for (String hp : hostPart.split(",")) {
                if (hp.isEmpty()) {
                    continue;
                }
                // [v6]:port, host:port, host
                int colon = hp.startsWith("[") ? hp.indexOf(':', hp.indexOf(']')) : hp.lastIndexOf(':');
                hosts.add(colon < 0 ? strip(hp) : strip(hp.substring(0, colon)));
                ports.add(colon < 0 ? "5432" : hp.substring(colon + 1));
            }
        } else {
            database = rest; // jdbc:postgresql:database, on localhost
        }
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PGHOST", hosts.isEmpty() ? "localhost" : String.join(",", hosts));
        env.put("PGPORT", ports.isEmpty() ? "5432" : String.join(",", ports));
        String urlUser = null;
        String urlPassword = null;
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = kv.substring(0, eq).toLowerCase(Locale.ROOT);
            String v = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            switch (k) {
                case "sslmode" -> env.put("PGSSLMODE", v);
                case "sslrootcert" -> env.put("PGSSLROOTCERT", v);
                case "user" -> urlUser = v;
                case "password" -> urlPassword = v;
                default -> {
                    // a JDBC-only property (timeouts, application name): nothing pg_dump needs
                }
            }
        }
        env.put("PGDATABASE", URLDecoder.decode(database, StandardCharsets.UTF_8));
        String u = urlUser != null ? urlUser : user;
        String p = urlPassword != null ? urlPassword : password;
        env.put("PGUSER", u);
        return Optional.of(new PostgresDump(u, p == null ? "" : p, binDir, Map.copyOf(env)));
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The database's name, for messages. */
    public String database() {
        return libpq.get("PGDATABASE");
    }

    /**
     * Streams a custom-format dump of the whole database into {@code out} (which stays open); the
     * tool's messages go to {@code log}. Fails with the tool's own words when it does not finish.
     */
    void dumpTo(OutputStream out, Path log) throws IOException {
        Process p = start(List.of(tool("pg_dump").toString(), "--format=custom", "--no-owner", "--no-privileges"), log);
        p.getOutputStream().close();
        try (InputStream dump = p.getInputStream()) {
            dump.transferTo(out);
        }
        finish(p, "pg_dump", log, 600);
    }

    /**
     * Refuses a database that holds any table, view or sequence: a restore goes into an empty
     * database only, as it goes into an empty data directory, so nothing is overwritten.
     */
    void requireEmpty(Path log) throws IOException {
        // psql rather than JDBC: the same connection as pg_restore's, and JDBC stays in the store
        Process p = start(List.of(tool("psql").toString(), "--no-psqlrc", "--tuples-only", "--no-align", "--set=ON_ERROR_STOP=1", "--command=SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                + " AND n.nspname NOT LIKE 'pg_temp%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"), log);
        p.getOutputStream().close();
        String said;
        try (InputStream in = p.getInputStream()) {
            said = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            finish(p, "psql", log, 120);
        } catch (IOException e) {
            throw new IOException("cannot open the PostgreSQL database " + database() + " to restore into: " + e.getMessage(), e);
        }
        long n;
        try {
            n = Long.parseLong(said);
        } catch (NumberFormatException e) {
            throw new IOException("psql answered '" + said + "' when asked how many tables " + database() + " holds");
        }
        if (n > 0) {
            throw new BackupCipher.Refused("the PostgreSQL database " + database() + " is not empty (" + n + " tables, views or sequences):"
                    + " a backup is restored into an empty database only, so nothing is overwritten"
                    + " (drop and create it again, owned by " + user + ", or name another one with db_url)");
        }
    }

    /** Restores a dump {@link #dumpTo} made, all or nothing (one transaction, stopping at the first error). */
    void restoreFrom(Path dump, Path log) throws IOException {
        Process p = start(List.of(tool("pg_restore").toString(), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                "--dbname=" + database(), dump.toString()), log);
        p.getOutputStream().close();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        finish(p, "pg_restore", log, 3600);
    }

    private Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectError(log.toFile());
        Map<String, String> env = b.environment();
        // only this database's: a PGSERVICE or PGPASSFILE of the operator's shell must not redirect it
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.putAll(libpq);
        env.put("PGPASSWORD", password);
        env.put("PGCONNECT_TIMEOUT", "30");
        return b.start();
    }

    private static void finish(Process p, String tool, Path log, int seconds) throws IOException {
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(tool + " did not finish within " + seconds + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(tool + " was interrupted");
        }
        if (p.exitValue() != 0) {
            String said = Files.isReadable(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
            if (said.length() > STDERR_KEPT) {
                said = "…" + said.substring(said.length() - STDERR_KEPT);
            }
            throw new IOException(tool + " failed (exit " + p.exitValue() + ")" + (said.isEmpty() ? "" : ": " + said));
        }
    }

    /** {@code backup_pg_bin_dir}, else the PATH, else Debian's PostgreSQL 15 directory. */
    Path tool(String name) throws IOException {
        if (binDir.isPresent()) {
            Path p = binDir.get().resolve(name);
            if (!Files.isExecutable(p)) {
                throw new IOException("no " + name + " in backup_pg_bin_dir " + binDir.get());
            }
            return p;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        if (Files.isExecutable(DEBIAN_BIN.resolve(name))) {
            return DEBIAN_BIN.resolve(name);
        }
        throw new IOException(name + " not found (backup_pg_bin_dir is empty, not on the PATH, not in " + DEBIAN_BIN
                + "): install postgresql-client-15 or set backup_pg_bin_dir");
    }
}
