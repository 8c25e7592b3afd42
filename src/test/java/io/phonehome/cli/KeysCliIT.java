package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code phonehome keys ...} against a real server: a profile built from the command line, assigned, shown, and a refusal. */
class KeysCliIT {
    static TestServer server;


    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite("Bern", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,transport,srtp,line
                805ec0ee0001,T46U,,Bern,201,Anna,,,1
                805ec0ee0002,T46U,,Bern,202,Reception,,,1
                """).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result run(String... args) {
        return CliIT.runAgainst(server, args);
    }

    @Test
    void aProfileSetFromTheCommandLineIsWhatTheDeviceShows() {
        CliIT.Result set = run("keys", "profile-set", "reception", "--key", "1=blf:201:Anna: Sales", "--key", "1.2=speed_dial:0445551234:Taxi");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(run("keys", "assign", "80:5e:c0:ee:00:02", "reception").code()).isZero();
        CliIT.Result show = run("keys", "show", "805ec0ee0002");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("profile reception").contains("blf").contains("Anna: Sales").contains("profile:reception");
        CliIT.Result json = run("keys", "show", "805ec0ee0002", "--json");
        assertThat(json.out()).contains("\"module\" : 1").contains("\"type\" : \"speed_dial\"");
    }

    @Test
    void aKeyBeyondTheModelIsRefusedWithTheLimit() {
        CliIT.Result r = run("keys", "set", "805ec0ee0001", "--key", "30=blf:202");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("line_keys=");
    }

    @Test
    void aKeyCsvIsImportedFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path csv = tmp.resolve("keys.csv");
        java.nio.file.Files.writeString(csv, "profile;position;type;value;label\nhall;1;blf;201;Anna\nhall;2;blf;202;Reception\n");
        CliIT.Result dry = run("keys", "import", csv.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run, nothing written: 2 key(s)");
        assertThat(run("keys", "profile", "hall").code()).isNotZero();
        CliIT.Result done = run("keys", "import", csv.toString());
        assertThat(done.out()).contains("Imported 2 key(s)");
        assertThat(run("keys", "profile", "hall").out()).contains("Reception");
    }
}
