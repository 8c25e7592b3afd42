package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Site;
import io.phonehome.testing.Json;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestServer;
import io.phonehome.voicemail.VoiceMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real phone (Debian's baresip, headless) leaves a voice message: it dials its site's voicemail
 * number, a star and the mailbox's extension, and speaks a WAV file (aufile) for longer than the
 * message length limit. Phonehome ends the call at the limit, and the WAV it keeps under the data
 * directory holds the phone's audio (normalised cross-correlation, as in {@link EchoServiceIT}).
 */
@org.junit.jupiter.api.Tag("quiet") // three baresips at once, audio correlation and a lamp phone's subscription window: run alone, see pom.xml
class VoicemailIT {
    static final String VOICEMAIL = "700";
    static final int LIMIT_SECONDS = 8;
    static final int MAX_MESSAGES = 2;
    @TempDir
    static Path work;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        BaresipCallIT.requireBaresip();
        int rtp = ThreadLocalRandom.current().nextInt(300, 600) * 100;
        server = TestServer.withSip(Map.of(Setting.RTP_PORT_MIN, Integer.toString(rtp), Setting.RTP_PORT_MAX, Integer.toString(rtp + 98),
                Setting.VOICEMAIL_MAX_SECONDS, Integer.toString(LIMIT_SECONDS), Setting.VOICEMAIL_MAX_MESSAGES, Integer.toString(MAX_MESSAGES)));
        Site site = server.createTrustingSite("Zug", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,srtp
                80:5e:c0:00:09:01,T46U,V1,Zug,901,Caller,,off
                80:5e:c0:00:09:02,T46U,V2,Zug,902,Box,,off
                80:5e:c0:00:09:03,T46U,V3,Zug,903,Leaving,,off
                80:5e:c0:00:09:04,T46U,V4,Zug,904,Full,,off
                80:5e:c0:00:09:05,T46U,V5,Zug,905,Lamp,,off
                80:5e:c0:00:09:06,T46U,V6,Zug,906,Listener,,off
                """).errors()).isEmpty();
        assertThat(server.adminJson("PUT", "/api/v1/settings/site:" + site.id(), server.adminToken(),
                new ObjectMapper().writeValueAsString(Map.of("name", "voicemail.number", "value", VOICEMAIL))).statusCode()).isLessThan(300);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aMessageLeftByARealPhoneIsStoredAsItsAudioEndsAtTheLengthLimitLightsTheLampAndIsListedDownloadedAndDeletedThroughTheApi() throws Exception {
        Line box902 = server.lines("805ec0000902").get(0);
        try (SipWatcher lamp = new SipWatcher(server, box902)) {
            SipTestClient c = lamp.client;
            assertThat(c.registerWithDigest(box902.extension(), box902.authUser(), box902.password(), UUID.randomUUID().toString(), 1,
                    c.contact(box902.extension()), 60, "test-phone", null).status()).isEqualTo(200);
            leaveAMessage();
            SipMessage n = lamp.notify(5_000);
            assertThat(n).as("the message lamp of 902's registered phone").isNotNull();
            assertThat(n.header("event")).isEqualTo("message-summary");
            assertThat(n.body()).startsWith("Messages-Waiting: yes\r\n").contains("Voice-Message: 1/0");

            String tech = token("tech", "technician");
            JsonNode listed = Json.parse(server.adminGet("/api/v1/lines/902/voicemail", tech).body());
            assertThat(listed.get("new_messages").asLong()).isEqualTo(1);
            JsonNode m = listed.get("messages").get(0);
            assertThat(m.get("caller").asText()).isEqualTo("901");
            assertThat(m.get("duration_ms").asLong()).isEqualTo(LIMIT_SECONDS * 1000L);
            long id = m.get("id").asLong();
            JsonNode seen = Json.parse(server.adminGet("/api/v1/lines/902/voicemail", token("crm", "viewer")).body());
            assertThat(seen.get("new_messages").asLong()).as("a viewer sees the counts").isEqualTo(1);
            assertThat(seen.get("messages").isNull()).as("but not who called").isTrue();
            assertThat(server.adminGet("/api/v1/lines/902/voicemail/" + id, token("crm2", "viewer")).statusCode()).isEqualTo(403);

            Path file = server.dataDir().resolve("voicemail").resolve("902").resolve(server.server().mailboxes().list(server.server().mailboxes().defaultBox("902")).get(0).fileName());
            HttpResponse<String> audio = server.adminGet("/api/v1/lines/902/voicemail/" + id, tech);
            assertThat(audio.statusCode()).isEqualTo(200);
            assertThat(audio.headers().firstValue("content-type")).hasValue("audio/wav");
            assertThat(audio.headers().firstValueAsLong("content-length").orElse(-1)).isEqualTo(Files.size(file));
            assertThat(audio.body()).startsWith("RIFF");
            assertThat(server.adminGet("/api/v1/lines/902/voicemail/" + (id + 1000), tech).statusCode()).isEqualTo(404);
            assertThat(server.adminGet("/api/v1/lines/999/voicemail", tech).statusCode()).isEqualTo(404);

            assertThat(server.adminJson("DELETE", "/api/v1/lines/902/voicemail/" + id, tech, "").statusCode()).isEqualTo(204);
            assertThat(Files.exists(file)).as("the audio is gone with the message").isFalse();
            assertThat(server.server().mailboxes().list(server.server().mailboxes().defaultBox("902"))).isEmpty();
            // a resent copy of the first NOTIFY may still come first: wait for the one with the new counts
            SipMessage cleared = lamp.notify(5_000);
            while (cleared != null && cleared.body().contains("Voice-Message: 1/0")) {
                cleared = lamp.notify(5_000);
            }
            assertThat(cleared).as("the lamp goes out").isNotNull();
            assertThat(cleared.body()).startsWith("Messages-Waiting: no\r\n").contains("Voice-Message: 0/0");
        }
    }

    @Test
    void theMailboxOwnersOwnRealPhoneSubscribedForMessagesSeesItsLampLightWhenAnotherRealPhoneLeavesAMessage() throws Exception {
        Line box905 = server.lines("805ec0000905").get(0);
        Path lampDir = Files.createTempDirectory(work, "lamp");
        IvrMenuBaresipIT.Phone lamp = controlledPhone(box905, lampDir);
        try {
            Path log = lampDir.resolve("phone.log");
            // baresip's mwi module subscribes once registered; the subscription's first NOTIFY says "no"
            String before = awaitLog(log, "Messages-Waiting: no", 30);
            assertThat(before).as(before).contains("----- MWI for sip:905@127.0.0.1 -----");

            double[] speech = EchoServiceIT.tones(2.0);
            double[] said = afterTheBeep("905", speech);
            String caller = call("805ec0000901", VOICEMAIL + "*905", said, (int) Math.ceil(said.length / (double) EchoServiceIT.RATE) + 1);
            assertThat(caller).as(caller).contains("Call established");
            assertThat(server.server().mailboxes().list(server.server().mailboxes().defaultBox("905"))).as("the message is in 905's box").hasSize(1);

            String after = awaitLog(log, "Voice-Message: 1/0", 20);
            assertThat(after.substring(after.lastIndexOf("----- MWI for sip:905@127.0.0.1 -----")))
                    .as("the lamp phone's last MWI report: " + after).contains("Messages-Waiting: yes").contains("Voice-Message: 1/0");
        } finally {
            lamp.stop();
        }
    }

    @Test
    void theOwnerOnARealPhoneEntersThePinByRfc4733SavesTheFirstMessageDeletesTheSecondAndItsOwnLampFollows() throws Exception {
        Line owner = server.lines("805ec0000906").get(0);
        assertThat(server.adminJson("PUT", "/api/v1/lines/906/voicemail/pin", server.adminToken(), "{\"pin\": \"4711\"}").statusCode())
                .isEqualTo(204);
        Path first = store("906");
        Path second = store("906");
        io.phonehome.voicemail.Mailboxes boxes = server.server().mailboxes();
        long firstId = boxes.list(boxes.defaultBox("906")).stream().filter(m -> first.endsWith(m.fileName())).findFirst().orElseThrow().id();
        Path dir = Files.createTempDirectory(work, "listener");
        IvrMenuBaresipIT.Phone phone = controlledPhone(owner, dir);
        try {
            String subscribed = awaitLog(dir.resolve("phone.log"), "Voice-Message: 2/0", 30);
            assertThat(subscribed).as("the lamp before listening: two new").contains("Messages-Waiting: yes");
            phone.command("dial", "sip:" + VOICEMAIL + "@127.0.0.1");
            phone.awaitLog("Call established", 20);
            Thread.sleep(500);
            for (char k : "4711#".toCharArray()) {
                phone.command("sndcode", Character.toString(k));
            }
            Thread.sleep(1500); // the PIN's check; keys that come sooner are typed into the PIN step
            phone.command("sndcode", "1"); // new messages: the first plays
            Thread.sleep(1000);
            phone.command("sndcode", "9"); // save it
            assertThat(waitFor(() -> boxes.list(boxes.defaultBox("906")).stream().anyMatch(m -> m.id() == firstId && m.state().equals("saved"))))
                    .as("the first message is saved").isTrue();
            Thread.sleep(1000); // "saved", then the second message starts
            phone.command("sndcode", "7"); // delete it
            assertThat(waitFor(() -> boxes.list(boxes.defaultBox("906")).size() == 1)).as("the second message is deleted").isTrue();
            assertThat(boxes.list(boxes.defaultBox("906")).get(0).id()).isEqualTo(firstId);
            assertThat(waitFor(() -> !Files.exists(second))).as("with its audio").isTrue();
            String lamp = awaitLog(dir.resolve("phone.log"), "Voice-Message: 0/1", 20);
            assertThat(lamp.substring(lamp.lastIndexOf("----- MWI for sip:906@127.0.0.1 -----"))).as(lamp)
                    .contains("Messages-Waiting: no").contains("Voice-Message: 0/1");
        } finally {
            phone.stop();
        }
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    /**
     * A headless baresip registered as {@code line}, subscribed to its own messages ({@code mwi=yes}),
     * driven through ctrl_tcp (dial, keys as RFC 4733 events with {@code sndcode}).
     */
    static IvrMenuBaresipIT.Phone controlledPhone(Line line, Path dir) throws Exception {
        Files.write(dir.resolve("source.wav"), EchoServiceIT.wav(new double[EchoServiceIT.RATE * 40]));
        int sipPort = BaresipCallIT.freePortPair();
        int control = BaresipCallIT.freeTcpPort();
        int rtp = ThreadLocalRandom.current().nextInt(200, 290) * 100;
        Files.writeString(dir.resolve("config"), """
                poll_method		epoll
                sip_listen		127.0.0.1:%d
                net_interface		127.0.0.1
                dns_server		127.0.0.1:53
                rtp_ports		%d-%d
                module_path		/usr/lib/baresip/modules
                module			g711.so
                module			aufile.so
                module_app		account.so
                module_app		menu.so
                module_app		mwi.so
                module_app		ctrl_tcp.so
                ctrl_tcp_listen		127.0.0.1:%d
                audio_player		none
                audio_source		aufile,%s
                audio_alert		none
                """.formatted(sipPort, rtp, rtp + 20, control, dir.resolve("source.wav")), StandardCharsets.UTF_8);
        // The account is added once baresip runs (uanew), not read from the accounts file at start:
        // baresip 1.0's mwi module, when its 1 ms start timer fires, subscribes again for every
        // subscription in its list and appends each to the list it walks: a registration answered
        // before that timer ran left the phone subscribing in an endless loop (seen in a full run)
        String account = "<sip:" + line.extension() + "@127.0.0.1>;auth_user=" + line.authUser() + ";auth_pass=" + line.password()
                + ";outbound=\"sip:127.0.0.1:" + server.server().sipPort() + "\";regint=600;mwi=yes;audio_codecs=PCMU";
        Files.writeString(dir.resolve("accounts"), "", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("contacts"), "");
        Process p = new ProcessBuilder("timeout", "-k", "3", "90", "baresip", "-f", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("phone.log").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), control)) {
                break;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        IvrMenuBaresipIT.Phone phone = new IvrMenuBaresipIT.Phone(dir, p, control);
        phone.command("uanew", account.replace("\"", "\\\""));
        return phone;
    }

    /** The phone's log once it holds {@code text}, waiting up to {@code seconds}; fails with the log otherwise. */
    static String awaitLog(Path log, String text, int seconds) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String now = "";
        while (System.nanoTime() < until) {
            now = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            if (now.contains(text)) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no \"" + text + "\" in the phone's log within " + seconds + " s:\n" + now);
    }

    static String token(String name, String role) {
        HttpResponse<String> r = server.adminJson("POST", "/api/v1/tokens", server.adminToken(), "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).get("token").asText();
    }

    private void leaveAMessage() throws Exception {
        // the greeting and the beep come first: the phone is silent through them, then speaks
        double[] sent = EchoServiceIT.tones(LIMIT_SECONDS);
        String log = call("805ec0000901", VOICEMAIL + "*902", afterTheBeep("902", sent), 30);
        assertThat(log).as(log).contains("Call established");
        List<VoiceMessage> box = server.server().mailboxes().list(server.server().mailboxes().defaultBox("902"));
        assertThat(box).as("one message in 902's box").hasSize(1);
        VoiceMessage m = box.get(0);
        assertThat(m.caller()).isEqualTo("901");
        assertThat(m.state()).isEqualTo("new");
        assertThat(m.durationMillis()).as("cut at the limit").isBetween(LIMIT_SECONDS * 1000L - 500, LIMIT_SECONDS * 1000L);
        assertThat(log).as("Phonehome hung up (BYE) at the limit, long before the phone's own 30 s")
                .contains("session closed: Connection reset by peer").doesNotContain("terminated (duration: 30 secs)");
        Path dir = server.dataDir().resolve("voicemail").resolve("902");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("the message, and no temporary file").containsExactly(m.fileName());
        }
        double[] stored = EchoServiceIT.readWav(Files.readAllBytes(dir.resolve(m.fileName())));
        double corr = EchoServiceIT.bestCorrelation(sent, stored);
        double other = EchoServiceIT.bestCorrelation(EchoServiceIT.reversed(sent), stored);
        System.out.printf("voicemail correlation %.4f, against other audio %.4f%n", corr, other);
        assertThat(corr).as("the stored message is the phone's audio").isGreaterThan(0.9);
        assertThat(other).isLessThan(0.5);
        assertThat(server.server().sip().serviceCalls()).as("the call is over").isZero();
    }

    @Test
    void aMailboxThatIsNoLineIsNotFoundAndRecordsNothing() throws Exception {
        String log = call("805ec0000901", VOICEMAIL + "*999", EchoServiceIT.tones(1.0), 5);
        assertThat(log).as(log).doesNotContain("Call established").contains("404");
        assertThat(Files.exists(server.dataDir().resolve("voicemail").resolve("999"))).isFalse();
    }

    @Test
    void aFullMailboxTellsTheCallerSoAndHangsUpBeforeAnythingIsRecorded() throws Exception {
        for (int i = 0; i < MAX_MESSAGES; i++) {
            store("904");
        }
        String log = call("805ec0000901", VOICEMAIL + "*904", EchoServiceIT.tones(20.0), 20);
        assertThat(log).as(log).contains("Call established").contains("session closed: Connection reset by peer")
                .doesNotContain("terminated (duration: 20 secs)");
        assertThat(server.server().mailboxes().list(server.server().mailboxes().defaultBox("904"))).hasSize(MAX_MESSAGES);
        try (Stream<Path> files = Files.list(server.dataDir().resolve("voicemail").resolve("904"))) {
            assertThat(files.count()).as("no file for the refused call").isEqualTo(MAX_MESSAGES);
        }
    }

    /** How long the standard greeting of {@code extension}'s box and the beep last, as {@code LeaveMessage} plays them (en). */
    static double introSeconds(String extension) {
        io.phonehome.prompts.Prompts p = io.phonehome.prompts.Prompts.shipped();
        long ms = p.say("en", "vm_unavailable").durationMillis() + 200 + 300 + p.say("en", "vm_leave_message").durationMillis() + 200 + 400;
        for (io.phonehome.media.Clip c : p.digits("en", extension)) {
            ms += c.durationMillis();
        }
        return ms / 1000.0;
    }

    /**
     * What a caller says into {@code extension}'s box: silence through the greeting and the beep
     * (and a second more), then {@code speech}; the recording, which begins at the beep, holds it.
     */
    static double[] afterTheBeep(String extension, double[] speech) {
        int lead = (int) ((introSeconds(extension) + 1.0) * EchoServiceIT.RATE);
        double[] out = new double[lead + speech.length];
        System.arraycopy(speech, 0, out, lead, speech.length);
        return out;
    }

    /** A short message stored straight into a box, as a finished call leaves it. */
    static Path store(String extension) throws Exception {
        io.phonehome.voicemail.Mailboxes boxes = server.server().mailboxes();
        Path file = boxes.newMessageFile(boxes.defaultBox(extension));
        try (io.phonehome.media.WavRecording r = io.phonehome.media.WavRecording.start(file, 8000)) {
            r.append(new short[800]);
            boxes.stored(boxes.defaultBox(extension), "901", java.time.Instant.now(), r.durationMillis(), r.finish());
        }
        return file;
    }

    @Test
    void deletingALineDeletesItsMessagesAndTheirAudio() throws Exception {
        io.phonehome.voicemail.Mailboxes boxes = server.server().mailboxes();
        Path file = store("903");
        assertThat(boxes.list(boxes.defaultBox("903"))).hasSize(1);
        assertThat(boxes.uploadGreeting(boxes.defaultBox("903"), EchoServiceIT.wav(EchoServiceIT.tones(1.0)))).isEmpty();
        boxes.setPin(boxes.defaultBox("903"), "5150");
        Path greeting = boxes.greeting(boxes.defaultBox("903"));
        assertThat(greeting).exists();
        assertThat(server.adminJson("DELETE", "/api/v1/devices/805ec0000903", server.adminToken(), "").statusCode()).isLessThan(300);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // the sweep runs in the background after the write: wait for it to have finished both
        while ((!boxes.list(boxes.defaultBox("903")).isEmpty() || Files.exists(file)) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(boxes.list(boxes.defaultBox("903"))).as("the messages went with the line").isEmpty();
        assertThat(Files.exists(file)).as("and their audio").isFalse();
        while (Files.exists(greeting) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(greeting).as("the greeting went too").doesNotExist();
        assertThat(boxes.options(boxes.defaultBox("903")).pinSet()).as("and the PIN").isFalse();
    }

    /** One baresip call from the line of {@code mac} to {@code dialled}, speaking {@code source}; the phone's log. */
    static String call(String mac, String dialled, double[] source, int seconds) throws Exception {
        Path dir = Files.createTempDirectory(work, "phone");
        Process p = baresip(server, dir, server.lines(mac).get(0), dialled, source, seconds);
        if (!p.waitFor(seconds + 30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return Files.readString(dir.resolve("phone.log"), StandardCharsets.ISO_8859_1);
    }

    /**
     * Starts a headless baresip for {@code line} in {@code dir} that dials {@code dialled}, speaks
     * {@code source} (aufile) and quits after {@code seconds}; its log goes to {@code dir/phone.log}.
     */
    static Process baresip(TestServer server, Path dir, Line line, String dialled, double[] source, int seconds) throws Exception {
        Files.write(dir.resolve("source.wav"), EchoServiceIT.wav(source));
        int sipPort = BaresipCallIT.freePortPair();
        int rtp = ThreadLocalRandom.current().nextInt(200, 290) * 100;
        Files.writeString(dir.resolve("config"), """
                poll_method		epoll
                sip_listen		127.0.0.1:%d
                net_interface		127.0.0.1
                dns_server		127.0.0.1:53
                rtp_ports		%d-%d
                module_path		/usr/lib/baresip/modules
                module			g711.so
                module			aufile.so
                module_app		account.so
                module_app		menu.so
                audio_player		none
                audio_source		aufile,%s
                audio_alert		none
                """.formatted(sipPort, rtp, rtp + 20, dir.resolve("source.wav")), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("accounts"), "<sip:" + line.extension() + "@127.0.0.1>;auth_user=" + line.authUser() + ";auth_pass="
                + line.password() + ";outbound=\"sip:127.0.0.1:" + server.server().sipPort() + "\";regint=0;audio_codecs=PCMU\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("contacts"), "");
        return new ProcessBuilder("timeout", "-k", "3", Integer.toString(seconds + 20), "baresip", "-f", dir.toString(), "-t",
                Integer.toString(seconds), "-e", "/dial sip:" + dialled + "@127.0.0.1").redirectErrorStream(true)
                .redirectOutput(dir.resolve("phone.log").toFile()).start();
    }
}
