package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Line;
import io.phonehome.media.WavRecording;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The lamps' counts live in memory: after a restart the mailboxes tell them again; a message that
 * was being recorded when the server stopped left only a .part file, removed at the start.
 */
class VoicemailRestartIT {
    @Test
    void afterARestartAPhoneThatRegistersSeesTheLampOfItsBoxWithAMessageAndNoHalfMessageIsLeft() throws Exception {
        TestServer first = TestServer.withSip(Map.of());
        first.createSite("Baden", "Europe/Zurich");
        assertThat(first.importCsv("mac,model,serial,site,extension,display_name,handset\n80:5e:c0:dd:01:02,T46U,M2,Baden,4402,Box,\n")
                .errors()).isEmpty();
        Path file = first.server().mailboxes().newMessageFile(first.server().mailboxes().defaultBox("4402"));
        try (WavRecording r = WavRecording.start(file, 8000)) {
            r.append(new short[800]);
            first.server().mailboxes().stored(first.server().mailboxes().defaultBox("4402"), "2301", Instant.now(), r.durationMillis(), r.finish());
        }
        Path data = first.dataDir();
        Path unfinished = file.resolveSibling(".1-cut.wav.part");
        first.stopKeepingData();
        java.nio.file.Files.write(unfinished, new byte[100]); // as a crash mid-message leaves it
        TestServer second = TestServer.reopenWithSip(data, Map.of());
        try {
            Line line = second.lines("805ec0dd0102").get(0);
            try (SipWatcher phone = new SipWatcher(second, line)) {
                SipTestClient c = phone.client;
                assertThat(c.registerWithDigest(line.extension(), line.authUser(), line.password(), UUID.randomUUID().toString(), 1,
                        c.contact(line.extension()), 60, "test-phone", null).status()).isEqualTo(200);
                SipMessage n = phone.notify(5_000);
                assertThat(n).as("the lamp of a box that had a message before the restart").isNotNull();
                assertThat(n.body()).startsWith("Messages-Waiting: yes\r\n").contains("Voice-Message: 1/0");
                assertThat(java.nio.file.Files.exists(unfinished)).as("the half message of the last run is gone").isFalse();
                assertThat(java.nio.file.Files.exists(file)).as("the finished one stays").isTrue();
            }
        } finally {
            second.close();
        }
    }
}
