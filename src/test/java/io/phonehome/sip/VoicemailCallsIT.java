package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Site;
import io.phonehome.media.G711;
import io.phonehome.media.WavRecording;
import io.phonehome.testing.Json;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import io.phonehome.voicemail.Mailboxes;
import io.phonehome.voicemail.VoiceMessage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mailbox calls with real peers: a baresip phone whose call finds the callee busy (486) or
 * unanswered is answered by the callee's mailbox and leaves a message there, which the callee's
 * registered phone learns from its message-summary NOTIFY; and a phone (the test's own SIP/RTP
 * user agent, sending its keys as RFC 4733 telephone events) that listens to its box: PIN, play,
 * save, delete, the lamp following; wrong PINs locking the box; a greeting recorded by phone and
 * heard by the next caller.
 */
class VoicemailCallsIT {
    static final String VOICEMAIL = "700";
    static final int LIMIT_SECONDS = 6;
    @TempDir
    static Path work;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        BaresipCallIT.requireBaresip();
        int rtp = ThreadLocalRandom.current().nextInt(300, 600) * 100;
        server = TestServer.withSip(Map.of(Setting.RTP_PORT_MIN, Integer.toString(rtp), Setting.RTP_PORT_MAX, Integer.toString(rtp + 98),
                Setting.VOICEMAIL_MAX_SECONDS, Integer.toString(LIMIT_SECONDS), Setting.VOICEMAIL_MAX_WRONG_PINS, "2"));
        Site site = server.createTrustingSite("Zug", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,srtp
                80:5e:c0:00:0a:01,T46U,W1,Zug,1001,Caller,,off
                80:5e:c0:00:0a:02,T46U,W2,Zug,1002,Busy,,off
                80:5e:c0:00:0a:03,T46U,W3,Zug,1003,Away,,off
                80:5e:c0:00:0a:05,T46U,W5,Zug,1005,Listener,,off
                80:5e:c0:00:0a:06,T46U,W6,Zug,1006,Locked,,off
                80:5e:c0:00:0a:07,T46U,W7,Zug,1007,Greeter,,off
                80:5e:c0:00:0a:08,T46U,W8,Zug,1008,Nowhere,,off
                """).errors()).isEmpty();
        setting(site, "voicemail.number", VOICEMAIL);
        setting(site, "voicemail.on_busy", "on");
    }

    static void setting(Site site, String name, String value) throws Exception {
        assertThat(server.adminJson("PUT", "/api/v1/settings/site:" + site.id(), server.adminToken(),
                new ObjectMapper().writeValueAsString(Map.of("name", name, "value", value))).statusCode()).isLessThan(300);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------ forwarding

    @Test
    void aCallerWhoFindsTheLineBusyLeavesAMessageInItsBoxAndTheLinesPhoneGetsTheLamp() throws Exception {
        Line callee = server.lines("805ec0000a02").get(0);
        try (SipWatcher phone = new SipWatcher(server, callee)) {
            assertThat(phone.client.registerWithDigest(callee.extension(), callee.authUser(), callee.password(), UUID.randomUUID().toString(), 1,
                    phone.client.contact(callee.extension()), 60, "test-phone", null).status()).isEqualTo(200);
            double[] speech = EchoServiceIT.tones(LIMIT_SECONDS);
            Path dir = Files.createTempDirectory(work, "busy");
            Process caller = VoicemailIT.baresip(server, dir, server.lines("805ec0000a01").get(0), callee.extension(),
                    VoicemailIT.afterTheBeep(callee.extension(), speech), 30);
            SipMessage invite = nextInvite(phone.client, 15_000);
            assertThat(invite).as("the call reached the callee's phone first").isNotNull();
            phone.client.send(response(invite, 486, "Busy Here"));
            caller.waitFor(60, TimeUnit.SECONDS);
            String log = Files.readString(dir.resolve("phone.log"), StandardCharsets.ISO_8859_1);
            assertThat(log).as(log).contains("Call established").contains("session closed: Connection reset by peer");
            List<VoiceMessage> box = server.server().mailboxes().list(server.server().mailboxes().defaultBox(callee.extension()));
            assertThat(box).as("a message in the busy line's box").hasSize(1);
            assertThat(box.get(0).caller()).isEqualTo("1001");
            assertThat(correlation(speech, box.get(0))).as("the stored message is the caller's audio").isGreaterThan(0.9);
            assertThat(lampShows(phone, "Voice-Message: 1/0")).as("the busy line's registered phone has its lamp lit").isTrue();
        }
    }

    @Test
    void aCallNobodyAnswersGoesToTheBoxAfterTheLinesOwnNoAnswerTime() throws Exception {
        Line callee = server.lines("805ec0000a03").get(0);
        String tech = VoicemailIT_token("fwd-tech", "technician");
        JsonNode set = Json.parse(server.adminJson("PATCH", "/api/v1/lines/1003/voicemail", tech, "{\"no_answer_seconds\": 3}").body());
        assertThat(set.get("no_answer_seconds").asInt()).isEqualTo(3);
        assertThat(server.adminJson("PATCH", "/api/v1/lines/1003/voicemail", tech, "{\"no_answer_seconds\": 301}").statusCode()).isEqualTo(422);
        try (SipWatcher phone = new SipWatcher(server, callee)) {
            assertThat(phone.client.registerWithDigest(callee.extension(), callee.authUser(), callee.password(), UUID.randomUUID().toString(), 1,
                    phone.client.contact(callee.extension()), 60, "test-phone", null).status()).isEqualTo(200);
            double[] speech = EchoServiceIT.tones(LIMIT_SECONDS);
            Path dir = Files.createTempDirectory(work, "noanswer");
            long began = System.nanoTime();
            Process caller = VoicemailIT.baresip(server, dir, server.lines("805ec0000a01").get(0), callee.extension(),
                    VoicemailIT.afterTheBeep(callee.extension(), speech), 35);
            assertThat(nextInvite(phone.client, 15_000)).as("the phone was rung (and does not answer)").isNotNull();
            caller.waitFor(60, TimeUnit.SECONDS);
            String log = Files.readString(dir.resolve("phone.log"), StandardCharsets.ISO_8859_1);
            assertThat(log).as(log).contains("Call established");
            List<VoiceMessage> box = server.server().mailboxes().list(server.server().mailboxes().defaultBox(callee.extension()));
            assertThat(box).as("a message in the unanswered line's box").hasSize(1);
            assertThat(correlation(speech, box.get(0))).isGreaterThan(0.9);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began)).as("the mailbox answered long before the ring timeout").isLessThan(60);
        }
    }

    @Test
    void aLineWithNoRegisteredPhoneGoesToItsBoxAtOnceWhenItForwardsOnNoAnswerAndIs480Otherwise() throws Exception {
        Line caller = server.lines("805ec0000a01").get(0);
        try (KeyPhone phone = new KeyPhone(caller, "1008")) {
            assertThat(phone.invite().status()).as("no forwarding on no answer: nobody to ring").isEqualTo(480);
        }
        assertThat(server.adminJson("PATCH", "/api/v1/lines/1008/voicemail", server.adminToken(), "{\"no_answer_seconds\": 20}").statusCode())
                .isEqualTo(200);
        try (KeyPhone phone = new KeyPhone(caller, "1008")) {
            phone.call();
            Thread.sleep(3000);
            phone.hangUp();
            assertThat(phone.heardSamples()).as("the mailbox's greeting was played").isGreaterThan(8000);
        }
    }

    // ------------------------------------------------------------------ listening

    @Test
    void theOwnerListensWithThePinSavesTheFirstMessageDeletesTheSecondAndTheLampFollows() throws Exception {
        Line owner = server.lines("805ec0000a05").get(0);
        assertThat(server.adminJson("PUT", "/api/v1/lines/1005/voicemail/pin", server.adminToken(), "{\"pin\": \"2468\"}").statusCode())
                .isEqualTo(204);
        assertThat(server.adminJson("PUT", "/api/v1/lines/1005/voicemail/pin", server.adminToken(), "{\"pin\": \"24\"}").statusCode())
                .isEqualTo(422);
        double[] first = EchoServiceIT.tones(3.0);
        long m1 = store("1005", "1001", first);
        long m2 = store("1005", "1003", EchoServiceIT.reversed(EchoServiceIT.tones(3.0)));
        Mailboxes boxes = server.server().mailboxes();
        Path secondFile = boxes.audio(boxes.message(boxes.defaultBox("1005"), m2).orElseThrow());
        try (SipWatcher lamp = new SipWatcher(server, owner); KeyPhone phone = new KeyPhone(owner, VOICEMAIL)) {
            assertThat(lamp.client.registerWithDigest(owner.extension(), owner.authUser(), owner.password(), UUID.randomUUID().toString(), 1,
                    lamp.client.contact(owner.extension()), 60, "test-phone", null).status()).isEqualTo(200);
            phone.call();
            Thread.sleep(1000);
            phone.keys("2468#");
            Thread.sleep(2000);
            int before = phone.heardSamples();
            phone.keys("1"); // new messages: the first one is announced and played
            assertThat(phone.awaitHeard(first, before, 30_000)).as("the first message's audio was played").isGreaterThan(0.8);
            phone.keys("9"); // save it
            Thread.sleep(1500);
            phone.keys("7"); // the second is playing now: delete it
            Thread.sleep(1500);
            phone.hangUp();
            assertThat(waitFor(() -> boxes.list(boxes.defaultBox("1005")).size() == 1)).isTrue();
            JsonNode listed = Json.parse(server.adminGet("/api/v1/lines/1005/voicemail", server.adminToken()).body());
            assertThat(listed.at("/messages/0/id").asLong()).isEqualTo(m1);
            assertThat(listed.at("/messages/0/state").asText()).isEqualTo("saved");
            assertThat(listed.get("new_messages").asLong()).isZero();
            assertThat(listed.get("pin_set").asBoolean()).isTrue();
            assertThat(listed.toString()).doesNotContain("2468");
            assertThat(Files.exists(secondFile)).as("the deleted message's audio is gone").isFalse();
            assertThat(lampShows(lamp, "Voice-Message: 0/1")).as("the lamp: no new, one saved").isTrue();
        }
    }

    @Test
    void wrongPinsLockTheBoxEvenForTheRightPinAndAreEvents() throws Exception {
        Line owner = server.lines("805ec0000a06").get(0);
        assertThat(server.adminJson("PUT", "/api/v1/lines/1006/voicemail/pin", server.adminToken(), "{\"pin\": \"1357\"}").statusCode())
                .isEqualTo(204);
        try (KeyPhone phone = new KeyPhone(owner, VOICEMAIL)) {
            phone.call();
            Thread.sleep(1000);
            phone.keys("0000#");
            Thread.sleep(2500);
            phone.keys("1111#"); // the second wrong PIN locks the box (voicemail_max_wrong_pins = 2)
            assertThat(phone.awaitBye(15_000)).as("Phonehome says the box is locked and hangs up").isTrue();
        }
        try (KeyPhone phone = new KeyPhone(owner, VOICEMAIL)) {
            phone.call();
            Thread.sleep(1000);
            int before = phone.heardSamples();
            phone.keys("1357#");
            assertThat(phone.awaitBye(15_000)).as("locked: even the right PIN ends the call").isTrue();
            assertThat(phone.heardSamples() - before).as("the goodbye, not the menu").isLessThan(8000 * 8);
        }
        JsonNode events = Json.parse(server.adminGet("/api/v1/events?type=voicemail", server.adminToken()).body()).get("items");
        assertThat(events.toString()).contains("\"lockout\"").contains("\"locked\"").contains("mailbox 1006").doesNotContain("1357")
                .doesNotContain("0000").doesNotContain("1111");
    }

    @Test
    void aGreetingRecordedByPhoneIsWhatTheNextCallerHears() throws Exception {
        Line owner = server.lines("805ec0000a07").get(0);
        assertThat(server.adminJson("PUT", "/api/v1/lines/1007/voicemail/pin", server.adminToken(), "{\"pin\": \"8642\"}").statusCode())
                .isEqualTo(204);
        double[] spoken = EchoServiceIT.tones(3.0);
        try (KeyPhone phone = new KeyPhone(owner, VOICEMAIL)) {
            phone.call();
            Thread.sleep(1000);
            phone.keys("8642#");
            Thread.sleep(1500);
            int before = phone.heardSamples();
            phone.keys("3"); // record the greeting: prompt, beep, then speech
            assertThat(phone.awaitBeep(before, 30_000)).as("the beep before the recording").isPositive();
            phone.speak(spoken);
            phone.keys("#");
            Thread.sleep(2000);
            phone.hangUp();
        }
        Path greeting = server.server().mailboxes().greeting(server.server().mailboxes().defaultBox("1007"));
        assertThat(waitFor(() -> Files.exists(greeting))).as("the greeting is kept").isTrue();
        try (KeyPhone caller = new KeyPhone(server.lines("805ec0000a01").get(0), VOICEMAIL + "*1007")) {
            caller.call();
            double corr = caller.awaitHeard(spoken, 0, 30_000);
            caller.hangUp();
            System.out.printf("greeting correlation %.4f%n", corr);
            assertThat(corr).as("the next caller hears the recorded greeting").isGreaterThan(0.8);
        }
        HttpResponse_ok(server.adminGet("/api/v1/lines/1007/voicemail/greeting", server.adminToken()).statusCode());
        assertThat(server.adminJson("DELETE", "/api/v1/lines/1007/voicemail/greeting", server.adminToken(), "").statusCode()).isEqualTo(204);
        assertThat(Files.exists(greeting)).isFalse();
    }

    @Test
    void anUploadedGreetingThatIsNoWavIsRefusedWith422AsProblemJson() {
        java.net.http.HttpResponse<String> r = server.admin("PUT", "/api/v1/lines/1007/voicemail/greeting", server.adminToken(), "audio/wav",
                "this is not a wav file".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("not a WAV file");
    }

    // ------------------------------------------------------------------ helpers

    static void HttpResponse_ok(int status) {
        assertThat(status).isEqualTo(200);
    }

    static String VoicemailIT_token(String name, String role) {
        java.net.http.HttpResponse<String> r = server.adminJson("POST", "/api/v1/tokens", server.adminToken(),
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).get("token").asText();
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Whether a message-summary NOTIFY with {@code counts} reaches the phone (older ones may come first). */
    static boolean lampShows(SipWatcher phone, String counts) {
        long until = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < until) {
            SipMessage n = phone.notify(until - System.currentTimeMillis());
            if (n != null && "message-summary".equals(n.header("event")) && n.body().contains(counts)) {
                return true;
            }
        }
        return false;
    }

    static double correlation(double[] speech, VoiceMessage m) throws Exception {
        Path file = server.server().mailboxes().audio(m);
        return EchoServiceIT.bestCorrelation(speech, EchoServiceIT.readWav(Files.readAllBytes(file)));
    }

    /** A message stored straight into a box (as a finished call leaves it) holding {@code audio}; its id. */
    static long store(String extension, String caller, double[] audio) throws Exception {
        Mailboxes boxes = server.server().mailboxes();
        short[] pcm = new short[audio.length];
        for (int i = 0; i < audio.length; i++) {
            pcm[i] = (short) Math.round(audio[i] * 32767);
        }
        try (WavRecording r = WavRecording.start(boxes.newMessageFile(boxes.defaultBox(extension)), pcm.length)) {
            r.append(pcm);
            return boxes.stored(boxes.defaultBox(extension), caller, Instant.now(), r.durationMillis(), r.finish());
        }
    }

    static SipMessage nextInvite(SipTestClient client, long millis) {
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until) {
            SipMessage m = client.receive(until - System.currentTimeMillis());
            if (m != null && !m.isResponse() && m.method().equals("INVITE")) {
                return m;
            }
        }
        return null;
    }

    static String response(SipMessage request, int status, String reason) {
        StringBuilder sb = new StringBuilder("SIP/2.0 " + status + " " + reason + "\r\n");
        for (String via : request.all("via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(request.header("from")).append("\r\n");
        String to = request.header("to");
        sb.append("To: ").append(to).append(to.contains("tag=") ? "" : ";tag=callee1").append("\r\n");
        sb.append("Call-ID: ").append(request.header("call-id")).append("\r\n");
        sb.append("CSeq: ").append(request.header("cseq")).append("\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    /**
     * A phone calling a mailbox number: SIP over UDP with the line's digest, G.711 µ-law RTP, keys
     * as RFC 4733 telephone events (payload type 101), and everything Phonehome plays decoded and kept.
     */
    static final class KeyPhone implements AutoCloseable {
        final SipTestClient sip = SipTestClient.udp(server.server().sipPort());
        final DatagramSocket rtp;
        final Line line;
        final String dialled;
        final String callId = UUID.randomUUID().toString();
        final String fromTag = "k" + Long.toHexString(System.nanoTime());
        final java.io.ByteArrayOutputStream heard = new java.io.ByteArrayOutputStream();
        final Thread receiver;
        volatile boolean closed;
        String toTag;
        int cseq = 1;
        int remotePort;
        int seq = 1;
        long timestamp = 1000;

        KeyPhone(Line line, String dialled) throws Exception {
            this.line = line;
            this.dialled = dialled;
            rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            rtp.setSoTimeout(200);
            receiver = new Thread(this::receive, "keyphone-rtp");
            receiver.setDaemon(true);
            receiver.start();
        }

        private void receive() {
            byte[] buf = new byte[2048];
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    rtp.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (java.io.IOException e) {
                    return;
                }
                if (p.getLength() > 12 && (buf[1] & 0x7F) == 0) {
                    short[] pcm = G711.decodeUlaw(java.util.Arrays.copyOfRange(buf, 12, p.getLength()));
                    synchronized (heard) {
                        for (short s : pcm) {
                            heard.write(s & 0xFF);
                            heard.write((s >> 8) & 0xFF);
                        }
                    }
                }
            }
        }

        int heardSamples() {
            synchronized (heard) {
                return heard.size() / 2;
            }
        }

        /**
         * Waits until what the phone heard after {@code sample} matches {@code expected}
         * (correlation above 0.8, checked every 2 s: the check costs a second of CPU) or the
         * time is up; returns the best correlation seen. Playback runs in real time, but a
         * loaded machine may start it late, so a fixed wait was a guess.
         */
        double awaitHeard(double[] expected, int sample, long millis) throws InterruptedException {
            long until = System.nanoTime() + millis * 1_000_000L;
            double best = 0;
            while (true) {
                Thread.sleep(2000);
                best = Math.max(best, EchoServiceIT.bestCorrelation(expected, heardSince(sample)));
                if (best > 0.8 || System.nanoTime() > until) {
                    return best;
                }
            }
        }

        /**
         * Waits until the phone has heard the whole beep (1 kHz for 400 ms, LeaveMessage.BEEP)
         * after {@code sample}; returns the sample where it ended, or -1 when it never came.
         */
        int awaitBeep(int sample, long millis) throws InterruptedException {
            long until = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < until) {
                int end = beepEnd(heardSince(sample));
                if (end >= 0) {
                    return sample + end;
                }
                Thread.sleep(50);
            }
            return -1;
        }

        /**
         * Where a run of at least 200 ms of 1 kHz tone ends in 8 kHz audio (20 ms windows, each
         * a tone when Goertzel's power at 1 kHz is most of the window's energy), or -1.
         */
        static int beepEnd(double[] audio) {
            int window = 160;
            double coeff = 2 * Math.cos(2 * Math.PI * 1000 / 8000.0);
            int run = 0;
            for (int at = 0; at + window <= audio.length; at += window) {
                double s1 = 0;
                double s2 = 0;
                double energy = 0;
                for (int i = 0; i < window; i++) {
                    double x = audio[at + i];
                    double s0 = x + coeff * s1 - s2;
                    s2 = s1;
                    s1 = s0;
                    energy += x * x;
                }
                double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
                boolean tone = energy > window * 1e-4 && power / (energy * window / 2) > 0.6;
                if (tone) {
                    run++;
                } else if (run >= 10) {
                    return at;
                } else {
                    run = 0;
                }
            }
            // the recording may send nothing after the beep: a whole beep at the end counts too
            return run >= 18 ? audio.length : -1;
        }

        double[] heardSince(int sample) {
            byte[] b;
            synchronized (heard) {
                b = heard.toByteArray();
            }
            int n = Math.max(0, b.length / 2 - sample);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                int at = 2 * (sample + i);
                out[i] = (short) ((b[at] & 0xFF) | (b[at + 1] << 8)) / 32768.0;
            }
            return out;
        }

        String request(String method, String body, String... extra) {
            String uri = "sip:" + dialled + "@127.0.0.1:" + server.server().sipPort();
            StringBuilder sb = new StringBuilder(method + " " + uri + " SIP/2.0\r\n");
            sb.append("Via: SIP/2.0/UDP 127.0.0.1:").append(sip.localPort()).append(";branch=").append(SipTestClient.branch()).append(";rport\r\n");
            sb.append("Max-Forwards: 70\r\n");
            sb.append("From: <sip:").append(line.extension()).append("@127.0.0.1>;tag=").append(fromTag).append("\r\n");
            sb.append("To: <sip:").append(dialled).append("@127.0.0.1>").append(toTag != null ? ";tag=" + toTag : "").append("\r\n");
            sb.append("Call-ID: ").append(callId).append("\r\n");
            sb.append("CSeq: ").append(method.equals("ACK") ? cseq : ++cseq).append(' ').append(method).append("\r\n");
            sb.append("Contact: <").append(sip.contact(line.extension())).append(">\r\n");
            for (String e : extra) {
                sb.append(e).append("\r\n");
            }
            if (body != null) {
                sb.append("Content-Type: application/sdp\r\n");
            }
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            sb.append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body == null ? "" : body);
            return sb.toString();
        }

        /** INVITE with the line's credentials, ACK of the 200, and a first packet so the media latches. */
        void call() throws Exception {
            SipMessage ok = invite();
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            toTag = SipMessage.param(ok.header("to"), "tag");
            Matcher m = Pattern.compile("m=audio ([0-9]+) ").matcher(ok.body());
            assertThat(m.find()).isTrue();
            remotePort = Integer.parseInt(m.group(1));
            sip.send(request("ACK", null));
            speak(new double[160]);
        }

        /** The INVITE with the line's credentials; its final response (a 200 is not acknowledged yet). */
        SipMessage invite() {
            String offer = "v=0\r\no=uac 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + rtp.getLocalPort()
                    + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n";
            SipMessage challenge = sip.exchange(request("INVITE", offer));
            assertThat(challenge).isNotNull();
            assertThat(challenge.status()).isEqualTo(407);
            sip.send(request("ACK", null));
            String auth = TestDigest.sipAuthorization(challenge.header("proxy-authenticate"), "INVITE",
                    "sip:" + dialled + "@127.0.0.1:" + server.server().sipPort(), line.authUser(), line.password(), 1);
            SipMessage ok = sip.exchange(request("INVITE", offer, "Proxy-Authorization: " + auth));
            while (ok != null && ok.isResponse() && ok.status() < 200) {
                ok = sip.receive(5_000);
            }
            assertThat(ok).isNotNull();
            if (ok.status() >= 300) {
                sip.send(request("ACK", null));
            }
            return ok;
        }

        /** Sends audio as 20 ms µ-law packets, paced in real time. */
        void speak(double[] samples) throws Exception {
            long next = System.nanoTime();
            for (int at = 0; at + 160 <= samples.length; at += 160) {
                short[] frame = new short[160];
                for (int i = 0; i < 160; i++) {
                    frame[i] = (short) Math.round(samples[at + i] * 32767);
                }
                byte[] payload = G711.encodeUlaw(frame);
                send(0, false, timestamp, payload);
                timestamp += 160;
                next += 20_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
            }
        }

        /** Each key as one RFC 4733 event: a start packet, one update, three end packets, all with the event's timestamp. */
        void keys(String keys) throws Exception {
            for (char k : keys.toCharArray()) {
                int event = k == '*' ? 10 : k == '#' ? 11 : k - '0';
                long ts = timestamp;
                for (int i = 0; i < 5; i++) {
                    boolean end = i >= 2;
                    int duration = 160 * Math.min(i + 1, 3);
                    send(101, i == 0, ts, new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration});
                    Thread.sleep(20);
                }
                timestamp += 800;
                Thread.sleep(100);
            }
        }

        private void send(int payloadType, boolean marker, long ts, byte[] payload) throws Exception {
            byte[] b = new byte[12 + payload.length];
            b[0] = (byte) 0x80;
            b[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
            b[2] = (byte) (seq >> 8);
            b[3] = (byte) seq;
            seq++;
            b[4] = (byte) (ts >> 24);
            b[5] = (byte) (ts >> 16);
            b[6] = (byte) (ts >> 8);
            b[7] = (byte) ts;
            b[11] = 0x77;
            System.arraycopy(payload, 0, b, 12, payload.length);
            rtp.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), remotePort)));
        }

        /** Whether Phonehome sends BYE within {@code millis} (answered 200). */
        boolean awaitBye(long millis) {
            long until = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < until) {
                SipMessage m = sip.receive(until - System.currentTimeMillis());
                if (m != null && !m.isResponse() && m.method().equals("BYE")) {
                    sip.send(response(m, 200, "OK"));
                    return true;
                }
            }
            return false;
        }

        void hangUp() {
            sip.exchange(request("BYE", null));
        }

        @Override
        public void close() {
            closed = true;
            sip.close();
            rtp.close();
        }
    }
}
