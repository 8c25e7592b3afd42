package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.media.WavAudio;
import io.phonehome.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phonehome announcements} and {@code phonehome ivr} against a running server, as the README's example uses them. */
class IvrCliIT {
    static TestServer server;
    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of());
        server.createSite("Zofingen", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:dd:0e:01,T46U,N1,Zofingen,5101,Office,
                """).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anInstallerUploadsAnAnnouncementSetsAMenuFromAFileShowsListsAndDeletesThem() throws Exception {
        Path wav = work.resolve("welcome.wav");
        Files.write(wav, WavAudio.write(new short[8000], 8000));
        CliIT.Result up = CliIT.runAgainst(server, "announcements", "upload", "welcome", wav.toString(), "--site", "Zofingen");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.out()).contains("announcement welcome stored: 1000 ms");
        assertThat(CliIT.runAgainst(server, "announcements", "list").out()).contains("welcome").contains("1.0");

        Path menu = work.resolve("menu.json");
        Files.writeString(menu, """
                {"greeting_announcement": "welcome", "options": {"1": {"extension": "5101"}, "0": {"hangup": true}}}
                """);
        CliIT.Result set = CliIT.runAgainst(server, "ivr", "set", "Zofingen", "5000", "--file", menu.toString());
        assertThat(set.code()).as(set.err()).isZero();
        CliIT.Result show = CliIT.runAgainst(server, "ivr", "show", "Zofingen", "5000");
        assertThat(show.out()).contains("\"extension\" : \"5101\"").contains("\"greeting_announcement\" : \"welcome\"");
        assertThat(CliIT.runAgainst(server, "ivr", "list").out()).contains("5000");

        Files.writeString(menu, "{\"greeting_announcement\": \"welcome\", \"options\": {\"1\": {\"submenu\": \"nowhere\"}}}");
        CliIT.Result bad = CliIT.runAgainst(server, "ivr", "set", "Zofingen", "5000", "--file", menu.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.err()).contains("options.1.submenu");

        CliIT.Result inUse = CliIT.runAgainst(server, "announcements", "delete", "welcome", "--site", "Zofingen");
        assertThat(inUse.code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(inUse.err()).contains("menu 5000 of site Zofingen");
        assertThat(CliIT.runAgainst(server, "ivr", "delete", "Zofingen", "5000").code()).isZero();
        assertThat(CliIT.runAgainst(server, "announcements", "delete", "welcome", "--site", "Zofingen").code()).isZero();
        assertThat(CliIT.runAgainst(server, "ivr", "show", "Zofingen", "5000").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
