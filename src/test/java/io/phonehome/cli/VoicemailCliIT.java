package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.media.WavRecording;
import io.phonehome.testing.TestServer;
import io.phonehome.voicemail.Mailboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VoicemailCliIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withSip(Map.of());
        server.createSite("Aarau", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:dd:01:01,T46U,M1,Aarau,4401,Box,
                """).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTechnicianListsAMailboxAndDeletesAMessageWithItsAudio() throws Exception {
        Mailboxes boxes = server.server().mailboxes();
        Path file = boxes.newMessageFile(boxes.defaultBox("4401"));
        long id;
        try (WavRecording r = WavRecording.start(file, 80_000)) {
            r.append(new short[24_000]);
            id = boxes.stored(boxes.defaultBox("4401"), "2301", Instant.parse("2026-12-04T08:00:00Z"), r.durationMillis(), r.finish());
        }
        CliIT.Result list = CliIT.runAgainst(server, "voicemail", "list", "4401");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("mailbox 4401: 1 new, 0 saved").contains("2301").contains("2026-12-04T08:00:00Z").contains(" 3 ");

        CliIT.Result deleted = CliIT.runAgainst(server, "voicemail", "delete", "4401", Long.toString(id));
        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(Files.exists(file)).isFalse();
        assertThat(CliIT.runAgainst(server, "voicemail", "list", "4401").out()).contains("0 new, 0 saved");
        assertThat(CliIT.runAgainst(server, "voicemail", "delete", "4401", Long.toString(id)).code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(CliIT.runAgainst(server, "voicemail", "list", "9999").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aMailboxPinIsSetFromAFileKeptOnlyAsAHashRefusedWhenNotFourToEightDigitsAndRemoved() throws Exception {
        Path pinFile = Files.createTempFile(server.dataDir(), "pin", ".txt");
        Files.writeString(pinFile, "480516\n");
        CliIT.Result set = CliIT.runAgainst(server, "voicemail", "pin", "4401", "--pin-file", pinFile.toString());
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out() + set.err()).doesNotContain("480516");
        Mailboxes boxes = server.server().mailboxes();
        assertThat(boxes.pinMatches(boxes.defaultBox("4401"), "480516")).isTrue();
        assertThat(boxes.pinMatches(boxes.defaultBox("4401"), "480517")).isFalse();
        assertThat(CliIT.runAgainst(server, "voicemail", "list", "4401", "--json").out()).contains("\"pin_set\" : true").doesNotContain("480516");

        Files.writeString(pinFile, "12a4\n");
        CliIT.Result refused = CliIT.runAgainst(server, "voicemail", "pin", "4401", "--pin-file", pinFile.toString());
        assertThat(refused.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(refused.err()).contains("4 to 8 digits").doesNotContain("12a4");
        assertThat(boxes.pinMatches(boxes.defaultBox("4401"), "480516")).as("the old PIN stays").isTrue();

        assertThat(CliIT.runAgainst(server, "voicemail", "pin-remove", "4401").code()).isZero();
        assertThat(boxes.pinMatches(boxes.defaultBox("4401"), "480516")).isFalse();
        assertThat(CliIT.runAgainst(server, "voicemail", "pin-remove", "4401").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
