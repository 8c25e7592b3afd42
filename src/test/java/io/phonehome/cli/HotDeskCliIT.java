package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HotDeskCliIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite("Aarau", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:dd:00:01,T46U,H1,Aarau,3301,Desk,
                80:5e:c0:dd:00:02,T46U,H2,Aarau,2301,Anna,
                """).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result withStdin(String stdin, String... args) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliIT.runAgainst(server, args);
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void aTechnicianMarksADeskAndSetsAPinFromStandardInputNeverFromTheCommandLine() {
        CliIT.Result enabled = CliIT.runAgainst(server, "hotdesk", "enable", "80:5e:c0:dd:00:01");
        assertThat(enabled.code()).as(enabled.err()).isZero();
        assertThat(enabled.out()).contains("hot desk").contains("nobody logged in");

        CliIT.Result pin = withStdin("8642\n", "hotdesk", "pin", "2301");
        assertThat(pin.code()).as(pin.err()).isZero();
        assertThat(pin.out()).doesNotContain("8642");
        assertThat(server.server().hotDesks().hasPin("2301")).isTrue();

        CliIT.Result tooShort = withStdin("12\n", "hotdesk", "pin", "2301");
        assertThat(tooShort.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        CliIT.Result noPin = withStdin("", "hotdesk", "pin", "2301");
        assertThat(noPin.code()).isEqualTo(ExitCodes.USAGE);

        CliIT.Result show = CliIT.runAgainst(server, "hotdesk", "show", "805ec0dd0001");
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("80:5e:c0:dd:00:01, hot desk");
        assertThat(CliIT.runAgainst(server, "hotdesk", "logout", "805ec0dd0001").code()).isZero();
        assertThat(CliIT.runAgainst(server, "hotdesk", "pin-remove", "2301").code()).isZero();
        assertThat(CliIT.runAgainst(server, "hotdesk", "pin-remove", "2301").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(CliIT.runAgainst(server, "hotdesk", "disable", "805ec0dd0001").out()).contains("not a hot desk");
    }
}
