package io.phonehome;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.inventory.Site;
import io.phonehome.store.Database;
import io.phonehome.store.StoreCopy;
import io.phonehome.testing.TestPostgres;
import io.phonehome.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code phonehome migrate-store} moves a real installation (written by the server on H2: sites,
 * devices, lines, handsets, served files, tokens, events) into a real PostgreSQL database with
 * nothing lost, proves it table by table, refuses to fill a database twice, and the server then
 * runs on PostgreSQL, adding rows after the copied ones.
 */
class MigrateStoreIT {
    static final String UA = "Yealink SIP-T46U 108.86.0.20 ";

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void anH2InstallationMovesToPostgresqlWithEveryRowAndRunsThere() throws Exception {
        Path data = Files.createTempDirectory("phonehome-migrate");
        Path passwordFile = data.resolve("pg-password");
        Files.writeString(passwordFile, TestPostgres.PASSWORD + "\n");
        Instant oldEvent = Instant.now().minus(70, ChronoUnit.DAYS);
        Site site;
        long maxSiteId;
        {
            // stopped, not closed: close() would delete the data directory
            TestServer h2 = TestServer.reopen(data, Map.of(Setting.DB_URL, Database.h2FileUrl(data), Setting.DB_USER, "phonehome"));
            site = h2.createSite("Bern", "Europe/Zurich");
            h2.createSite("Thun", "Europe/Zurich");
            assertThat(h2.importCsv("mac,model,serial,site,extension,display_name,handset\n"
                    + "805ec0ee0101,T46U,S1,Bern,301,Zoë Müller,\n"
                    + "805ec0ee0102,T46U,S2,Bern,302,Jürg O'Brien,\n"
                    + "805ec0ee0103,T46U,S3,Thun,303,Ana,\n").errors()).isEmpty();
            // a phone fetches its config: served files (bytes), fetch events, last seen
            h2.fetchOk("805ec0ee0101.cfg", UA + "80:5e:c0:ee:01:01", site.digestUser(), site.digestPassword());
            h2.server().events().record(Event.of(io.phonehome.events.EventTypes.CONFIG_FETCH, "ok", "805ec0ee0102", site.id(), "192.0.2.7", "from an older month"));
            h2.server().events().insertNow(List.of(new Event(0, oldEvent, io.phonehome.events.EventTypes.CONFIG_FETCH, "ok", "805ec0ee0103", null, "192.0.2.8", "70 days ago")));
            h2.flushRecords();
            maxSiteId = h2.server().inventory().sites().findByName("Thun").orElseThrow().id();
            h2.stopKeepingData();
        }
        String target = TestPostgres.get().createEmptyDatabase();

        Result r = run("migrate-store", "--from", data.toString(), "--to", target, "--to-user", TestPostgres.USER,
                "--to-password-file", passwordFile.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("MISMATCH").doesNotContain(TestPostgres.PASSWORD);
        Map<String, String[]> rows = reportRows(r.out());
        assertThat(rows.keySet()).contains("sites", "devices", "lines", "events", "served_files", "api_tokens", "config_revisions");
        assertThat(rows.get("devices")).containsSequence("3", "3");
        assertThat(rows.get("sites")).containsSequence("2", "2");
        assertThat(rows.get("served_files")[0]).isNotEqualTo("0");
        assertThat(Long.parseLong(rows.get("events")[0])).isGreaterThanOrEqualTo(2);
        rows.forEach((table, cols) -> {
            assertThat(cols[0]).as(table).isEqualTo(cols[1]);
            assertThat(cols[2]).as(table).isEqualTo(cols[3]);
            assertThat(cols[4]).as(table).isEqualTo("ok");
        });

        // a second run would merge two installations: refused, nothing written
        Result again = run("migrate-store", "--from", data.toString(), "--to", target, "--to-user", TestPostgres.USER,
                "--to-password-file", passwordFile.toString());
        assertThat(again.code()).isEqualTo(7);
        assertThat(again.err()).contains("already holds rows");

        try (Connection c = TestPostgres.get().superuser(target.substring(target.lastIndexOf('/') + 1)); Statement st = c.createStatement()) {
            // the 70-day-old event is in its own month, not in the catch-all partition
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events_default")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }

        // the server on PostgreSQL: same devices, same credentials; new rows get new ids
        try (TestServer pg = TestServer.reopen(data, Map.of(Setting.DB_URL, target, Setting.DB_USER, TestPostgres.USER,
                Setting.DB_PASSWORD, TestPostgres.PASSWORD))) {
            assertThat(pg.server().inventory().devices().findByMac(io.phonehome.inventory.Mac.parse("805ec0ee0102"))).isPresent();
            assertThat(pg.lines("805ec0ee0101").get(0).displayName()).isEqualTo("Zoë Müller");
            pg.fetchOk("805ec0ee0102.cfg", UA + "80:5e:c0:ee:01:02", site.digestUser(), site.digestPassword());
            Site added = pg.createSite("Biel", "Europe/Zurich");
            assertThat(added.id()).isGreaterThan(maxSiteId);
            pg.flushRecords();
            assertThat(pg.server().database().jdbc().queryLong("SELECT COUNT(*) - COUNT(DISTINCT id) FROM events")).isZero();
            assertThat(pg.server().database().jdbc().queryLong("SELECT COUNT(*) FROM events WHERE detail = '70 days ago'")).isEqualTo(1);
        } // closing the server deleted the data directory
    }

    @Test
    void theContentCheckSeesAChangedRowThatTheCountsDoNot() throws Exception {
        Path data = Files.createTempDirectory("phonehome-migrate-check");
        String target = TestPostgres.get().createEmptyDatabase();
        try (Database h2 = Database.open(Database.h2FileUrl(data), "phonehome", "", 2);
                Database pg = Database.open(target, TestPostgres.USER, TestPostgres.PASSWORD, 2)) {
            h2.jdbc().execute("INSERT INTO sites (name, time_zone, phone_admin_password) VALUES ('Bern', 'Europe/Zurich', 'x'), ('Thun', 'Europe/Zurich', 'y')");
            StoreCopy copy = new StoreCopy(h2, pg, line -> { });
            copy.copy();
            assertThat(copy.verify()).allMatch(StoreCopy.TableReport::matches);

            pg.jdbc().execute("UPDATE sites SET time_zone = 'Europe/Berlin' WHERE name = 'Thun'");

            StoreCopy.TableReport sites = copy.verify().stream().filter(t -> t.table().equals("sites")).findFirst().orElseThrow();
            assertThat(sites.sourceRows()).isEqualTo(sites.targetRows());
            assertThat(sites.matches()).isFalse();
        } finally {
            Files.walk(data).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aTargetThatIsNotPostgresqlIsAUsageError() {
        Result r = run("migrate-store", "--from", "/nonexistent", "--to", "jdbc:h2:mem:x;password=secret");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("jdbc:postgresql").doesNotContain("secret");
    }

    /** table -> source rows, target rows, source checksum, target checksum, check. */
    static Map<String, String[]> reportRows(String out) {
        Map<String, String[]> rows = new java.util.LinkedHashMap<>();
        boolean inTable = false;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 0 && f[0].equals("table")) {
                inTable = true;
                continue;
            }
            if (inTable && f.length == 6) {
                rows.put(f[0], Arrays.copyOfRange(f, 1, 6));
            }
        }
        return rows;
    }
}
