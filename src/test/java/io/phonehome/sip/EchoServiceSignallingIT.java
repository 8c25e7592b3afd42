package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The echo service's signalling and media edges, driven by hand over UDP on loopback: what a
 * phone with odd or hostile input gets (400, 488 with its Warning, never a 500), the late offer,
 * a re-INVITE, the cap on service calls, the end of a call whose RTP stops, and RTP from
 * elsewhere than the caller, which must neither be echoed nor take the stream over.
 */
class EchoServiceSignallingIT {
    static final String ECHO = "600";
    static TestServer server;
    static Line line;
    static Line secureLine;

    @BeforeAll
    static void start() {
        int rtp = ThreadLocalRandom.current().nextInt(300, 600) * 100;
        server = TestServer.withSip(Map.of(Setting.SIP_ECHO_NUMBER, ECHO, Setting.RTP_PORT_MIN, Integer.toString(rtp),
                Setting.RTP_PORT_MAX, Integer.toString(rtp + 98), Setting.MEDIA_CALLS_MAX, "2", Setting.MEDIA_SILENCE_SECONDS, "2"));
        server.createTrustingSite("Zug", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,srtp
                80:5e:c0:00:09:01,T46U,S1,Zug,901,Tester,,off
                80:5e:c0:00:09:02,T46U,S2,Zug,902,Secure,,mandatory
                """).errors()).isEmpty();
        line = server.lines("805ec0000901").get(0);
        secureLine = server.lines("805ec0000902").get(0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One call from the test's UAC: its SIP client, its RTP socket and what the INVITE got. */
    static final class Uac implements AutoCloseable {
        final SipTestClient sip = SipTestClient.udp(server.server().sipPort());
        final DatagramSocket rtp;
        final String callId = UUID.randomUUID().toString();
        final String fromTag = Integer.toHexString(callId.hashCode());
        final Line line;
        String dialled = ECHO;
        String toTag;
        int cseq = 1;

        Uac() throws Exception {
            this(EchoServiceSignallingIT.line);
        }

        Uac(Line line) throws Exception {
            this.line = line;
            rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            rtp.setSoTimeout(300);
        }

        String offer(String formats, String extra) {
            return "v=0\r\no=uac 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + rtp.getLocalPort() + " RTP/AVP "
                    + formats + "\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n" + extra;
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
            byte[] b = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            sb.append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body == null ? "" : body);
            return sb.toString();
        }

        /** The last authenticated INVITE sent, as sent: a retransmission repeats it byte for byte. */
        String lastInvite;

        /** INVITE, answer the 407 with the line's digest credentials, return the final answer (the 200 is ACKed by the caller). */
        SipMessage invite(String body) {
            SipMessage challenge = sip.exchange(request("INVITE", body));
            assertThat(challenge).isNotNull();
            assertThat(challenge.status()).isEqualTo(407);
            sip.send(request("ACK", null)); // the 407's ACK (same transaction, sent as a fresh one here: harmless)
            String auth = TestDigest.sipAuthorization(challenge.header("proxy-authenticate"), "INVITE",
                    "sip:" + dialled + "@127.0.0.1:" + server.server().sipPort(), line.authUser(), line.password(), 1);
            lastInvite = request("INVITE", body, "Proxy-Authorization: " + auth);
            SipMessage r = sip.exchange(lastInvite);
            if (r != null && r.status() == 200) {
                toTag = SipMessage.param(r.header("to"), "tag");
            }
            return r;
        }

        void ack(String body) {
            sip.send(request("ACK", body));
        }

        SipMessage bye() {
            return sip.exchange(request("BYE", null));
        }

        void sendRtp(int port, int seq, byte fill) throws Exception {
            rtp.send(packet(port, seq, fill));
        }

        /** The next RTP packet's payload, or null. */
        byte[] receiveRtp() throws Exception {
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                rtp.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOfRange(buf, 12, p.getLength());
        }

        @Override
        public void close() {
            sip.close();
            rtp.close();
        }
    }

    static DatagramPacket packet(int port, int seq, byte fill) {
        byte[] b = new byte[12 + 160];
        b[0] = (byte) 0x80;
        b[1] = 0; // PCMU
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[7] = (byte) (seq * 160);
        b[11] = 0x42;
        Arrays.fill(b, 12, b.length, fill);
        return new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    static int rtpPort(SipMessage answer) {
        Matcher m = Pattern.compile("m=audio ([0-9]+) ").matcher(answer.body());
        assertThat(m.find()).as(answer.toText()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void answersAnOfferAndEchoesTheCallersPacketsAsItsOwnStream() throws Exception {
        try (Uac uac = new Uac()) {
            SipMessage ok = uac.invite(uac.offer("0 101", ""));
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            assertThat(ok.body()).contains("a=rtpmap:0 PCMU/8000").contains("telephone-event");
            uac.ack(null);
            int port = rtpPort(ok);
            uac.sendRtp(port, 1, (byte) 0x11);
            byte[] back = uac.receiveRtp();
            assertThat(back).as("the payload came back").isNotNull().containsOnly((byte) 0x11);
            assertThat(uac.bye().status()).isEqualTo(200);
            assertThat(server.server().sip().serviceCalls()).isZero();
        }
    }

    @Test
    void aSiteChoosesItsOwnEchoNumberThroughTheAdminApi() throws Exception {
        server.createTrustingSite("Bern", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:09:03,T46U,S3,Bern,903,Bern,
                """).errors()).isEmpty();
        Line bern = server.lines("805ec0000903").get(0);
        var put = server.adminJson("PUT", "/api/v1/settings/site:Bern", server.adminToken(),
                "{\"name\":\"services.echo_number\",\"value\":\"610\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        try (Uac uac = new Uac(bern)) {
            uac.dialled = "610";
            SipMessage ok = uac.invite(uac.offer("0", ""));
            assertThat(ok.status()).as("Bern's echo number").isEqualTo(200);
            uac.ack(null);
            assertThat(uac.bye().status()).isEqualTo(200);
        }
        try (Uac uac = new Uac(bern)) {
            SipMessage routed = uac.invite(uac.offer("0", ""));
            assertThat(routed.status()).as("the fleet's number is not Bern's: routed as an extension").isEqualTo(404);
        }
        try (Uac uac = new Uac(line)) {
            uac.dialled = "610";
            SipMessage routed = uac.invite(uac.offer("0", ""));
            assertThat(routed.status()).as("Bern's number is no service for a Zug line").isEqualTo(404);
        }
    }

    @Test
    void sdesKeysOverUdpAreRefusedAndAMandatoryLineGetsNoLateOfferOutsideTls() throws Exception {
        String key = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + java.util.Base64.getEncoder().encodeToString(new byte[30]) + "\r\n";
        try (Uac uac = new Uac(secureLine)) {
            SipMessage r = uac.invite(uac.offer("0", key).replace("RTP/AVP", "RTP/SAVP"));
            assertThat(r.status()).as(r.toText()).isEqualTo(488);
            assertThat(r.header("warning")).startsWith("302 ").contains("only over SIP over TLS");
        }
        try (Uac uac = new Uac(secureLine)) {
            SipMessage r = uac.invite(null);
            assertThat(r.status()).as(r.toText()).isEqualTo(488);
            assertThat(r.header("warning")).startsWith("302 ").contains("requires SRTP");
        }
        assertThat(server.server().sip().serviceCalls()).isZero();
    }

    @Test
    void aRetransmittedInviteGetsTheSame200NotANewChallenge() throws Exception {
        try (Uac uac = new Uac()) {
            SipMessage ok = uac.invite(uac.offer("0", ""));
            assertThat(ok.status()).isEqualTo(200);
            // the 200 was lost on its way (UDP): the phone sends its INVITE again, nonce count and all
            uac.sip.send(uac.lastInvite);
            List<SipMessage> answers = new ArrayList<>();
            long until = System.currentTimeMillis() + 1500;
            SipMessage m;
            while ((m = uac.sip.receive(Math.max(1, until - System.currentTimeMillis()))) != null) {
                answers.add(m);
            }
            assertThat(answers).as("the same 200 again (and resent until the ACK), never a new challenge").isNotEmpty()
                    .allSatisfy(again -> {
                        assertThat(again.status()).as(again.toText()).isEqualTo(200);
                        assertThat(SipMessage.param(again.header("to"), "tag")).isEqualTo(uac.toTag);
                        assertThat(again.body()).isEqualTo(ok.body());
                    });
            uac.ack(null);
            assertThat(uac.bye().status()).isEqualTo(200);
        }
    }

    @Test
    void telephoneEventsComeBackAsSentWithOneTimestampPerEvent() throws Exception {
        try (Uac uac = new Uac()) {
            SipMessage ok = uac.invite(uac.offer("0 101", "a=fmtp:101 0-16\r\n"));
            assertThat(ok.status()).isEqualTo(200);
            uac.ack(null);
            int port = rtpPort(ok);
            long eventTimestamp = 0x1000;
            for (int i = 0; i < 3; i++) {
                byte[] b = new byte[16];
                b[0] = (byte) 0x80;
                b[1] = (byte) ((i == 0 ? 0x80 : 0) | 101);
                b[3] = (byte) (10 + i);
                b[6] = 0x10; // one timestamp for every packet of the event (RFC 4733 section 2.5.1.2)
                b[11] = 0x42;
                b[12] = 5; // the digit 5
                b[13] = (byte) (i == 2 ? 0x8A : 0x0A); // E on the last, volume 10
                b[15] = (byte) (160 * (i + 1)); // the growing duration
                uac.rtp.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            }
            byte[] buf = new byte[2048];
            long[] timestamps = new long[3];
            for (int i = 0; i < 3; i++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                uac.rtp.receive(p);
                assertThat(p.getLength()).isEqualTo(16);
                assertThat(buf[1] & 0x7F).as("payload type").isEqualTo(101);
                assertThat((buf[1] & 0x80) != 0).as("marker only on the event's first packet").isEqualTo(i == 0);
                assertThat(Arrays.copyOfRange(buf, 12, 16)).containsExactly(5, i == 2 ? (byte) 0x8A : 0x0A, 0, (byte) (160 * (i + 1)));
                long ssrc = ((buf[8] & 0xFFL) << 24) | ((buf[9] & 0xFFL) << 16) | ((buf[10] & 0xFFL) << 8) | (buf[11] & 0xFFL);
                assertThat(ssrc).as("Phonehome's own SSRC, not the caller's").isNotEqualTo(0x42L);
                timestamps[i] = ((buf[4] & 0xFFL) << 24) | ((buf[5] & 0xFFL) << 16) | ((buf[6] & 0xFFL) << 8) | (buf[7] & 0xFFL);
            }
            assertThat(timestamps[1]).isEqualTo(timestamps[0]);
            assertThat(timestamps[2]).isEqualTo(timestamps[0]);
            assertThat(uac.bye().status()).isEqualTo(200);
        }
    }

    @Test
    void rtpFromAnotherAddressOrPortIsNotEchoedAndDoesNotTakeTheStreamOver() throws Exception {
        try (Uac uac = new Uac();
             DatagramSocket elsewhere = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
             DatagramSocket samePcOtherPort = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            elsewhere.setSoTimeout(300);
            samePcOtherPort.setSoTimeout(300);
            SipMessage ok = uac.invite(uac.offer("0", ""));
            assertThat(ok.status()).isEqualTo(200);
            uac.ack(null);
            int port = rtpPort(ok);
            // the attacker speaks first, early in the call: the moment a naive latch would be taken
            for (int i = 0; i < 5; i++) {
                elsewhere.send(packet(port, 100 + i, (byte) 0x66));
            }
            uac.sendRtp(port, 1, (byte) 0x22);
            for (int i = 0; i < 5; i++) {
                samePcOtherPort.send(packet(port, 200 + i, (byte) 0x77));
                uac.sendRtp(port, 2 + i, (byte) 0x22);
            }
            int mine = 0;
            byte[] back;
            while ((back = uac.receiveRtp()) != null) {
                assertThat(back).as("only the caller's own audio is echoed").containsOnly((byte) 0x22);
                mine++;
            }
            assertThat(mine).isEqualTo(6);
            byte[] buf = new byte[2048];
            for (DatagramSocket s : new DatagramSocket[] {elsewhere, samePcOtherPort}) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                boolean got;
                try {
                    s.receive(p);
                    got = true;
                } catch (SocketTimeoutException e) {
                    got = false;
                }
                assertThat(got).as("the hijacker at " + s.getLocalSocketAddress() + " hears nothing").isFalse();
            }
            assertThat(uac.bye().status()).isEqualTo(200);
        }
    }

    @Test
    void malformedSdpGets400AndNoCommonCodec488WithAWarning() throws Exception {
        try (Uac uac = new Uac()) {
            SipMessage bad = uac.invite("v=0\r\nthis is not SDP\r\n");
            assertThat(bad.status()).as(bad.toText()).isEqualTo(400);
            assertThat(bad.header("warning")).startsWith("399 ");
        }
        try (Uac uac = new Uac()) {
            SipMessage none = uac.invite(uac.offer("18", "a=rtpmap:18 G729/8000\r\n"));
            assertThat(none.status()).as(none.toText()).isEqualTo(488);
            assertThat(none.header("warning")).startsWith("305 ").contains("no common codec");
        }
        assertThat(server.server().sip().serviceCalls()).isZero();
    }

    @Test
    void lateOfferIsMadeInThe200AndAnsweredInTheAck() throws Exception {
        try (Uac uac = new Uac()) {
            SipMessage ok = uac.invite(null);
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            assertThat(ok.body()).contains("m=audio ").contains("RTP/AVP");
            int port = rtpPort(ok);
            uac.ack(uac.offer("0", "a=sendrecv\r\n"));
            Thread.sleep(100);
            uac.sendRtp(port, 1, (byte) 0x33);
            assertThat(uac.receiveRtp()).as("media runs once the ACK answered").isNotNull().containsOnly((byte) 0x33);
            assertThat(uac.bye().status()).isEqualTo(200);
        }
    }

    @Test
    void reInviteIsAnsweredOnTheSamePortAndAnUnacceptableOneRefusedWithoutEndingTheCall() throws Exception {
        try (Uac uac = new Uac()) {
            SipMessage ok = uac.invite(uac.offer("0", ""));
            uac.ack(null);
            int port = rtpPort(ok);
            SipMessage again = uac.sip.exchange(uac.request("INVITE", uac.offer("0", "a=sendrecv\r\n")));
            assertThat(again.status()).as(again.toText()).isEqualTo(200);
            assertThat(rtpPort(again)).isEqualTo(port);
            assertThat(again.body()).contains("o=phonehome ").containsPattern("o=phonehome [0-9]+ 2 ");
            uac.ack(null);
            SipMessage refused = uac.sip.exchange(uac.request("INVITE", uac.offer("18", "a=rtpmap:18 G729/8000\r\n")));
            assertThat(refused.status()).isEqualTo(488);
            uac.sendRtp(port, 1, (byte) 0x44);
            assertThat(uac.receiveRtp()).as("the call goes on as agreed before").isNotNull().containsOnly((byte) 0x44);
            assertThat(uac.bye().status()).isEqualTo(200);
        }
    }

    @Test
    void callsBeyondTheCapGetBusyAndASilentCallIsEndedWithBye() throws Exception {
        try (Uac a = new Uac(); Uac b = new Uac(); Uac c = new Uac()) {
            assertThat(a.invite(a.offer("0", "")).status()).isEqualTo(200);
            a.ack(null);
            assertThat(b.invite(b.offer("0", "")).status()).isEqualTo(200);
            b.ack(null);
            SipMessage busy = c.invite(c.offer("0", ""));
            assertThat(busy.status()).as(busy.toText()).isEqualTo(486);
            // neither a nor b sends RTP: after media_silence_seconds (2) Phonehome hangs up on both
            SipMessage bye = a.sip.receive(6_000);
            assertThat(bye).isNotNull();
            assertThat(bye.method()).isEqualTo("BYE");
            assertThat(bye.header("call-id")).isEqualTo(a.callId);
            long deadline = System.currentTimeMillis() + 3000;
            while (server.server().sip().serviceCalls() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.server().sip().serviceCalls()).as("the silent calls' ports are free again").isZero();
            SipMessage now = c.invite(c.offer("0", ""));
            assertThat(now.status()).isEqualTo(200);
            c.ack(null);
            c.bye();
        }
    }
}
