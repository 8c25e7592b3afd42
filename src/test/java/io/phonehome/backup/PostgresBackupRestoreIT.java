package io.phonehome.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.Main;
import io.phonehome.config.Setting;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestPostgres;
import io.phonehome.testing.TestServer;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A backup of an installation on PostgreSQL (a real server, {@link TestPostgres}), as its operator
 * relies on it: made through the admin API while phones fetch, the data directory destroyed and the
 * database dropped and created again empty, {@code phonehome restore} with the settings naming that
 * database, and a server on both that hands every phone the same bytes. The password reaches
 * pg_dump through its environment, never in what the server or the restore prints. A tampered or
 * cut backup is refused before the database is touched, and a database that is not empty is never
 * restored into.
 */
class PostgresBackupRestoreIT {
    private static final int PHONES = 10;

    private static String mac(int i) {
        return String.format("805ec0ad%04x", i);
    }

    private static String ua(int i) {
        String m = mac(i);
        String colons = String.join(":", m.substring(0, 2), m.substring(2, 4), m.substring(4, 6), m.substring(6, 8), m.substring(8, 10), m.substring(10));
        return "Yealink SIP-T46U 108.86.0.10 " + colons;
    }

    private static Map<String, String> configs(TestServer server) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < PHONES; i++) {
            HttpResponse<String> r = server.get(mac(i) + ".cfg", ua(i));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            out.put(mac(i), r.body());
        }
        return out;
    }

    private static Map<Setting, String> settings(String url, Path passphrase, int httpsPort) {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.DB_URL, url);
        s.put(Setting.DB_USER, TestPostgres.USER);
        s.put(Setting.DB_PASSWORD, TestPostgres.PASSWORD);
        s.put(Setting.BACKUP_PASSPHRASE_FILE, passphrase.toString());
        // a phone's file names its server's HTTPS port: the same before and after
        s.put(Setting.HTTPS_PORT, Integer.toString(httpsPort));
        return s;
    }

    private static String databaseOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** The administrator's part: the database dropped (the lost server) and created again, empty. */
    private static void recreateEmpty(String database) throws Exception {
        try (Connection c = TestPostgres.get().superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database + " OWNER " + TestPostgres.USER);
        }
    }

    private static long tables(String database) throws Exception {
        try (Connection c = TestPostgres.get().superuser(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aPostgresBackupMadeWhilePhonesFetchRestoresIntoAnEmptyDatabaseAndServesThemTheSameBytes() throws Exception {
        Path work = Files.createTempDirectory("pg-backup-it");
        Path passphrase = work.resolve("passphrase");
        Files.writeString(passphrase, "correct horse battery staple\n");
        String url = TestPostgres.get().createDatabase();
        Map<Setting, String> s = settings(url, passphrase, freePort());
        Path data = Files.createDirectory(work.resolve("data"));
        Map<String, String> before;
        Path backupFile;
        TestServer server = TestServer.reopen(data, s);
        try {
            server.createTrustingSite("On PostgreSQL", "Europe/Zurich");
            StringBuilder csv = new StringBuilder("mac,model,site,line,extension,display_name\n");
            for (int i = 0; i < PHONES; i++) {
                csv.append(mac(i)).append(",T46U,On PostgreSQL,1,").append(300 + i).append(",Desk ").append(i).append('\n');
            }
            server.importCsv(csv.toString());
            before = configs(server);

            AtomicBoolean busy = new AtomicBoolean(true);
            AtomicInteger fetched = new AtomicInteger();
            Thread phones = new Thread(() -> {
                int n = 0;
                while (busy.get()) {
                    int i = n++ % PHONES;
                    if (server.get(mac(i) + ".cfg", ua(i)).statusCode() == 200) {
                        fetched.incrementAndGet();
                    }
                }
            });
            phones.start();
            Thread.sleep(300);
            HttpResponse<String> made = server.adminJson("POST", "/api/v1/backups", server.adminToken(), "{}");
            busy.set(false);
            phones.join(30_000);
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            assertThat(fetched.get()).isPositive();
            backupFile = data.resolve("backups").resolve(Json.parse(made.body()).path("name").asText());
            String raw = new String(Files.readAllBytes(backupFile), java.nio.charset.StandardCharsets.ISO_8859_1);
            // encrypted: neither the dump's SQL nor the configs' contents are readable in it
            assertThat(raw).doesNotContain("PGDMP", "flyway_schema_history", "Desk 3", "BEGIN");
        } finally {
            server.stopKeepingData();
        }
        Path saved = work.resolve("saved.phbk");
        Files.copy(backupFile, saved);
        deleteTree(data);
        recreateEmpty(databaseOf(url));

        String out = restore(saved, data, url, passphrase);
        assertThat(out).contains("exit 0", "restored the backup", "into PostgreSQL database " + databaseOf(url));
        assertThat(out).doesNotContain(TestPostgres.PASSWORD);
        try (TestServer restored = TestServer.reopen(data, s)) {
            assertThat(configs(restored)).isEqualTo(before);
            assertThat(restored.adminGet("/api/v1/backups", restored.adminToken()).statusCode()).isEqualTo(200);
        }

        // the database now holds the installation: a second restore into it is refused, nothing overwritten
        Path elsewhere = work.resolve("other-data");
        assertThat(restore(saved, elsewhere, url, passphrase)).contains("restore refused", "is not empty");
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    void aTamperedOrCutPostgresBackupIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
        Path work = Files.createTempDirectory("pg-backup-it");
        Path passphrase = work.resolve("passphrase");
        Files.writeString(passphrase, "correct horse battery staple");
        String url = TestPostgres.get().createDatabase();
        Map<Setting, String> s = settings(url, passphrase, 0);
        Path backup = work.resolve("good.phbk");
        try (TestServer server = new TestServer(s)) {
            server.createTrustingSite("Site", "Europe/Zurich");
            server.importCsv("mac,model,site\n" + mac(1) + ",T46U,Site\n");
            HttpResponse<String> made = server.adminJson("POST", "/api/v1/backups", server.adminToken(), "{}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            Files.copy(server.dataDir().resolve("backups").resolve(Json.parse(made.body()).path("name").asText()), backup);
        }
        String empty = TestPostgres.get().createEmptyDatabase();
        long size = Files.size(backup);
        Path tampered = work.resolve("tampered.phbk");
        Files.copy(backup, tampered);
        try (RandomAccessFile f = new RandomAccessFile(tampered.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0x01);
        }
        Path cut = work.resolve("cut.phbk");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(backup), (int) (size - 100)));

        Path target = work.resolve("restored");
        List<String> said = new ArrayList<>();
        said.add(restore(tampered, target, empty, passphrase));
        said.add(restore(cut, target, empty, passphrase));
        assertThat(said.get(0)).contains("restore refused", "damaged");
        assertThat(said.get(1)).contains("restore refused", "cut short");
        assertThat(target).doesNotExist();
        assertThat(tables(databaseOf(empty))).isZero();

        // a PostgreSQL backup is not unpacked for a server set up for H2 (it would start empty)
        assertThat(restore(backup, target, "", passphrase)).contains("restore refused", "db_url");
        assertThat(target).doesNotExist();

        // and the good one goes into the empty database
        assertThat(restore(backup, target, empty, passphrase)).contains("exit 0");
        assertThat(tables(databaseOf(empty))).isPositive();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".phonehome-restore"));
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket sock = new java.net.ServerSocket(0)) {
            return sock.getLocalPort();
        }
    }

    /** {@code phonehome restore FILE --data-dir DIR -D db_url=...} as an operator runs it; out and err together. */
    private static String restore(Path backup, Path data, String url, Path passphrase) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        List<String> args = new ArrayList<>(List.of("restore", backup.toString(), "--data-dir", data.toString(),
                "--passphrase-file", passphrase.toString(), "-D", "db_url=" + url));
        if (!url.isEmpty()) {
            args.addAll(List.of("-D", "db_user=" + TestPostgres.USER, "-D", "db_password=" + TestPostgres.PASSWORD));
        }
        int code = Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), args.toArray(String[]::new));
        return "exit " + code + "\n" + out + err;
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
