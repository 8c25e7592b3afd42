package io.phonehome.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Site;
import io.phonehome.media.Clip;
import io.phonehome.media.G711;
import io.phonehome.prompts.Prompts;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls to the read-back number and an IVR menu from a phone the test plays itself (SIP over UDP,
 * G.711 µ-law RTP on a socket of its own): what the phone hears is measured, packets and decoded
 * audio, against the shipped prompts it should be made of.
 */
class IvrCallsIT {
    static final String READBACK = "500";
    static final String MENU = "400";
    static final String BOXES = "401";
    @TempDir
    static Path work;
    static TestServer server;
    static Site site;
    static Line caller;

    @BeforeAll
    static void start() {
        int rtp = ThreadLocalRandom.current().nextInt(300, 600) * 100;
        server = TestServer.withSip(Map.of(Setting.RTP_PORT_MIN, Integer.toString(rtp), Setting.RTP_PORT_MAX, Integer.toString(rtp + 98)));
        site = server.createTrustingSite("Cham", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,srtp
                80:5e:c0:00:0b:01,T46U,R1,Cham,381,Installer,,off
                80:5e:c0:00:0b:02,T46U,R2,Cham,382,Desk,,off
                """).errors()).isEmpty();
        caller = server.lines("805ec0000b01").get(0);
        assertThat(server.adminJson("PUT", "/api/v1/settings/site:Cham", server.adminToken(),
                "{\"name\": \"services.readback_number\", \"value\": \"" + READBACK + "\"}").statusCode()).isLessThan(300);
        var r = server.adminJson("PUT", "/api/v1/sites/" + site.id() + "/ivr-menus/" + MENU, server.adminToken(), """
                {"greeting_prompt": "transferring", "timeout_seconds": 1, "repeats": 0, "options": {"1": {"extension": "382"}}}
                """);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(server.adminJson("PUT", "/api/v1/settings/site:Cham", server.adminToken(),
                "{\"name\": \"voicemail.number\", \"value\": \"700\"}").statusCode()).isLessThan(300);
        r = server.adminJson("PUT", "/api/v1/sites/" + site.id() + "/ivr-menus/" + BOXES, server.adminToken(), """
                {"greeting_prompt": "transferring", "options": {"1": {"extension": "382"}, "2": {"submenu": "boxes"}},
                 "submenus": {"boxes": {"greeting_prompt": "invalid", "options": {"9": {"voicemail": "382"}}}}}
                """);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void keysSentAsSipInfoLeadToAMailboxThatTheMenuHandsTheCallerOverToByRefer() {
        Sipp.requireInstalled();
        Path calls = Sipp.injection(work, List.of(caller.extension() + ";" + BOXES + ";[authentication username=" + caller.authUser()
                + " password=" + caller.password() + "]"));
        Sipp.Run run = Sipp.start(work, "uac-ivr-info.xml", "127.0.0.1:" + server.server().sipPort(), Sipp.freeUdpPort(), "u1", calls, 1, 40,
                Map.of("domain", "127.0.0.1", "key1", "2", "key2", "9"));
        assertThat(run.await(50)).as(run.output()).isZero();
        List<String> refer = run.receivedRequestHeaders("REFER");
        assertThat(refer).as("INFO 2 went to the submenu, INFO 9 there to 382's mailbox")
                .anyMatch(h -> h.startsWith("Refer-To:") && h.contains("sip:700*382@"));
        assertThat(server.server().sip().serviceCalls()).as("the NOTIFY's 200 ended the menu's call").isZero();
    }

    @Test
    void aCustomersMenuHandsItsCallerOverInsideTheCustomersOwnDomain() {
        Sipp.requireInstalled();
        Site bergSite = server.createTrustingSite(server.createCustomer("Berg AG", "berg", "berg.example"), "Berg", "Europe/Zurich");
        // the same extensions as the default customer's Cham: only the domain tells them apart
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,srtp
                80:5e:c0:00:0b:11,T46U,R11,Berg,381,Installer Berg,,off
                80:5e:c0:00:0b:12,T46U,R12,Berg,382,Desk Berg,,off
                """).errors()).isEmpty();
        var r = server.adminJson("PUT", "/api/v1/sites/" + bergSite.id() + "/ivr-menus/" + BOXES, server.adminToken(), """
                {"greeting_prompt": "transferring", "options": {"2": {"submenu": "desk"}},
                 "submenus": {"desk": {"greeting_prompt": "invalid", "options": {"9": {"extension": "382"}}}}}
                """);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Line bergCaller = server.lines("805ec0000b11").get(0);
        Path calls = Sipp.injection(work, List.of(bergCaller.extension() + ";" + BOXES + ";[authentication username=" + bergCaller.authUser()
                + " password=" + bergCaller.password() + "]"));
        Sipp.Run run = Sipp.start(work, "uac-ivr-info.xml", "127.0.0.1:" + server.server().sipPort(), Sipp.freeUdpPort(), "u1", calls, 1, 40,
                Map.of("domain", "berg.example", "key1", "2", "key2", "9"));
        assertThat(run.await(50)).as(run.output()).isZero();
        assertThat(run.receivedRequestHeaders("REFER")).as("Berg's 382, not the default customer's")
                .anyMatch(h -> h.startsWith("Refer-To:") && h.contains("sip:382@berg.example"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theReadBackNumberSaysTheCallersExtensionTwiceAndHangsUp() throws Exception {
        try (Uac uac = new Uac(READBACK)) {
            Heard heard = uac.callUntilBye(null);
            List<Clip> expected = ReadBackScript.sentence(site.language(), caller.extension());
            long frames = expected.stream().mapToLong(c -> (c.pcm16k().length + 319) / 320).sum();
            System.out.printf("read-back: %d packets heard, %d expected%n", heard.packets, frames);
            assertThat((long) heard.packets).as("one 20 ms packet per frame of the sentence").isBetween(frames * 95 / 100, frames * 105 / 100 + 3);
            for (char d : caller.extension().toCharArray()) {
                double c = correlation(Prompts.shipped().number(site.language(), d - '0').get(0), heard.audio);
                System.out.printf("digit %c correlation %.3f%n", d, c);
                assertThat(c).as("the digit " + d + " is said").isGreaterThan(0.9);
            }
            assertThat(correlation(Prompts.shipped().say(site.language(), "your_extension_is"), heard.audio)).isGreaterThan(0.9);
            double other = correlation(Prompts.shipped().say(site.language(), "vm_mailbox_full"), heard.audio);
            System.out.printf("a prompt not in the sentence: %.3f%n", other);
            assertThat(other).as("the measure tells prompts apart").isLessThan(0.6);
        }
    }

    @Test
    void aKeyByInfoThatTheMenuDoesNotHaveSaysInvalidAndTheMenuAgainThenGoodbye() throws Exception {
        try (Uac uac = new Uac(MENU)) {
            Heard heard = uac.callUntilBye(() -> uac.info('7'));
            String lang = site.language();
            double invalid = correlation(Prompts.shipped().say(lang, "invalid"), heard.audio);
            double goodbye = correlation(Prompts.shipped().say(lang, "goodbye"), heard.audio);
            double unrelated = correlation(Prompts.shipped().say(lang, "vm_mailbox_full"), heard.audio);
            System.out.printf("invalid %.3f goodbye %.3f unrelated %.3f%n", invalid, goodbye, unrelated);
            assertThat(invalid).as("the invalid prompt was played").isGreaterThan(0.9);
            assertThat(goodbye).as("silence after the menu ends the call with goodbye").isGreaterThan(0.9);
            assertThat(unrelated).isLessThan(0.6);
        }
    }

    /** A rising (or falling) chirp at 8 kHz: unlike itself reversed, so the correlation tells the two uploads apart. */
    static short[] chirp(double seconds, boolean rising) {
        short[] s = new short[(int) (seconds * 8000)];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            double t = (double) (rising ? i : s.length - 1 - i) / s.length;
            phase += 2 * Math.PI * (300 + 2500 * t) / 8000;
            s[i] = (short) (12000 * Math.sin(phase));
        }
        return s;
    }

    @Test
    void aMenuPlaysItsAnnouncementAsUploadedAndTheNewAudioOnceItIsUploadedAgain() throws Exception {
        String number = "402";
        Clip first = Clip.ofPcm8k(chirp(1.5, true));
        Clip second = Clip.ofPcm8k(chirp(1.5, false));
        var up = server.admin("PUT", "/api/v1/announcements/notice?site=" + site.id(), server.adminToken(), "audio/wav",
                io.phonehome.media.WavAudio.write(chirp(1.5, true), 8000));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        var r = server.adminJson("PUT", "/api/v1/sites/" + site.id() + "/ivr-menus/" + number, server.adminToken(), """
                {"greeting_announcement": "notice", "timeout_seconds": 1, "repeats": 0, "options": {"0": {"hangup": true}}}
                """);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Heard before;
        try (Uac uac = new Uac(number)) {
            before = uac.callUntilBye(null);
        }
        assertThat(server.admin("PUT", "/api/v1/announcements/notice?site=" + site.id(), server.adminToken(), "audio/wav",
                io.phonehome.media.WavAudio.write(chirp(1.5, false), 8000)).statusCode()).isEqualTo(200);
        Heard after;
        try (Uac uac = new Uac(number)) {
            after = uac.callUntilBye(null);
        }
        double[] c = {correlation(first, before.audio), correlation(second, before.audio), correlation(first, after.audio),
                correlation(second, after.audio)};
        System.out.printf("before: first %.3f second %.3f; after: first %.3f second %.3f%n", c[0], c[1], c[2], c[3]);
        assertThat(c[0]).as("the upload is what the menu plays").isGreaterThan(0.9);
        assertThat(c[1]).isLessThan(0.5);
        assertThat(c[3]).as("the new upload replaced the clip the calls play").isGreaterThan(0.9);
        assertThat(c[2]).isLessThan(0.5);
    }

    /** What the phone heard: packets and their decoded audio at 8 kHz. */
    record Heard(int packets, double[] audio) {
    }

    /** The best normalised cross-correlation of {@code clip} (as G.711 carries it) against any stretch of {@code heard}. */
    static double correlation(Clip clip, double[] heard) {
        short[] c = clip.pcm8k();
        double sx = 0;
        for (short s : c) {
            sx += (double) s * s;
        }
        double best = 0;
        for (int lag = 0; lag + c.length <= heard.length; lag += 1) {
            double dot = 0;
            double sy = 0;
            for (int i = 0; i < c.length; i++) {
                double y = heard[lag + i];
                dot += c[i] * y;
                sy += y * y;
            }
            if (sy > 0) {
                best = Math.max(best, dot / Math.sqrt(sx * sy));
            }
        }
        return best;
    }

    /** The test's phone: SIP over UDP from the caller's line, PCMU RTP on its own socket. */
    static final class Uac implements AutoCloseable {
        final SipTestClient sip = SipTestClient.udp(server.server().sipPort());
        final DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final String callId = UUID.randomUUID().toString();
        final String dialled;
        String toTag;
        int cseq = 1;

        Uac(String dialled) throws Exception {
            this.dialled = dialled;
            rtp.setSoTimeout(200);
        }

        String request(String method, String contentType, String body, String... extra) {
            String uri = "sip:" + dialled + "@127.0.0.1:" + server.server().sipPort();
            StringBuilder sb = new StringBuilder(method + " " + uri + " SIP/2.0\r\n");
            sb.append("Via: SIP/2.0/UDP 127.0.0.1:").append(sip.localPort()).append(";branch=").append(SipTestClient.branch()).append(";rport\r\n");
            sb.append("Max-Forwards: 70\r\n");
            sb.append("From: <sip:").append(caller.extension()).append("@127.0.0.1>;tag=uac").append(Math.abs(callId.hashCode())).append("\r\n");
            sb.append("To: <sip:").append(dialled).append("@127.0.0.1>").append(toTag != null ? ";tag=" + toTag : "").append("\r\n");
            sb.append("Call-ID: ").append(callId).append("\r\n");
            sb.append("CSeq: ").append(method.equals("ACK") ? cseq : ++cseq).append(' ').append(method).append("\r\n");
            sb.append("Contact: <").append(sip.contact(caller.extension())).append(">\r\n");
            for (String e : extra) {
                sb.append(e).append("\r\n");
            }
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                sb.append("Content-Type: ").append(contentType).append("\r\n");
            }
            sb.append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body == null ? "" : body);
            return sb.toString();
        }

        void info(char key) {
            sip.send(request("INFO", "application/dtmf-relay", "Signal=" + key + "\r\nDuration=160\r\n"));
        }

        /**
         * INVITE (answering the challenge), ACK, then RTP both ways until Phonehome's BYE;
         * {@code afterAnswer} runs once the first packet arrived.
         */
        Heard callUntilBye(Runnable afterAnswer) throws Exception {
            String sdp = "v=0\r\no=uac 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + rtp.getLocalPort()
                    + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
            SipMessage challenge = sip.exchange(request("INVITE", "application/sdp", sdp));
            assertThat(challenge.status()).as(challenge.toText()).isEqualTo(407);
            sip.send(request("ACK", null, null));
            String auth = TestDigest.sipAuthorization(challenge.header("proxy-authenticate"), "INVITE",
                    "sip:" + dialled + "@127.0.0.1:" + server.server().sipPort(), caller.authUser(), caller.password(), 1);
            SipMessage ok = sip.exchange(request("INVITE", "application/sdp", sdp, "Proxy-Authorization: " + auth));
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            toTag = SipMessage.param(ok.header("to"), "tag");
            Matcher m = Pattern.compile("m=audio ([0-9]+) ").matcher(ok.body());
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));
            sip.send(request("ACK", null, null));
            AtomicInteger packets = new AtomicInteger();
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            Thread media = new Thread(() -> {
                byte[] buf = new byte[2048];
                int seq = 0;
                boolean told = false;
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        rtp.receive(p);
                        if ((buf[1] & 0x7F) == 0) {
                            packets.incrementAndGet();
                            synchronized (audio) {
                                audio.write(buf, 12, p.getLength() - 12);
                            }
                            if (!told && afterAnswer != null) {
                                told = true;
                                afterAnswer.run();
                            }
                        }
                        byte[] silence = new byte[12 + 160];
                        silence[0] = (byte) 0x80;
                        silence[2] = (byte) (seq >> 8);
                        silence[3] = (byte) seq;
                        silence[7] = (byte) (seq * 160);
                        silence[11] = 0x17;
                        java.util.Arrays.fill(silence, 12, silence.length, (byte) 0xFF);
                        seq++;
                        rtp.send(new DatagramPacket(silence, silence.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                    } catch (SocketTimeoutException e) {
                        // nothing this moment
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "uac-rtp");
            media.start();
            SipMessage bye = null;
            long until = System.nanoTime() + 40_000_000_000L;
            while (bye == null && System.nanoTime() < until) {
                SipMessage msg = sip.receive(1000);
                if (msg != null && !msg.isResponse() && msg.method().equals("BYE")) {
                    bye = msg;
                }
            }
            media.interrupt();
            media.join(2000);
            assertThat(bye).as("Phonehome ended the call").isNotNull();
            sip.send(okTo(bye));
            byte[] ulaw;
            synchronized (audio) {
                ulaw = audio.toByteArray();
            }
            short[] pcm = G711.decodeUlaw(ulaw);
            double[] heard = new double[pcm.length];
            for (int i = 0; i < pcm.length; i++) {
                heard[i] = pcm[i];
            }
            return new Heard(packets.get(), heard);
        }

        static String okTo(SipMessage req) {
            StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
            for (String v : req.all("via")) {
                sb.append("Via: ").append(v).append("\r\n");
            }
            sb.append("From: ").append(req.header("from")).append("\r\nTo: ").append(req.header("to")).append("\r\nCall-ID: ")
                    .append(req.header("call-id")).append("\r\nCSeq: ").append(req.header("cseq")).append("\r\nContent-Length: 0\r\n\r\n");
            return sb.toString();
        }

        @Override
        public void close() {
            sip.close();
            rtp.close();
        }
    }
}
