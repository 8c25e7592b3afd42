package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.media.MediaEngine;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The echo service against hostile media input, driven by hand over UDP on loopback: offers that
 * are huge, have thousands of media lines or attributes, binary junk or broken connection lines
 * are answered with a 4xx (never a 5xx, never silence for what fits a datagram), and a flood of
 * junk and of valid-looking RTP at a call's port, from the caller's address and from elsewhere,
 * leaves the engine holding no more than its per-call bound. After each, a normal echo call
 * works.
 */
@org.junit.jupiter.api.Tag("quiet") // a flood or a timing measure: run alone, see pom.xml
class HostileMediaIT {
    static final String ECHO = "600";
    static TestServer server;
    static Line line;

    @BeforeAll
    static void start() {
        server = TestServer.withSip(Map.of(Setting.SIP_ECHO_NUMBER, ECHO, Setting.MEDIA_SILENCE_SECONDS, "30"));
        server.createTrustingSite("Zug", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,srtp
                80:5e:c0:00:0a:01,T46U,H1,Zug,951,Hostile,,off
                """).errors()).isEmpty();
        line = server.lines("805ec0000a01").get(0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One call from the test: its SIP client over UDP and its RTP socket. */
    static final class Uac implements AutoCloseable {
        final SipTestClient sip = SipTestClient.udp(server.server().sipPort());
        final DatagramSocket rtp;
        final String callId = UUID.randomUUID().toString();
        final String fromTag = Integer.toHexString(callId.hashCode());
        String toTag;
        int cseq = 1;

        Uac() throws Exception {
            rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            rtp.setSoTimeout(500);
        }

        String offer() {
            return "v=0\r\no=uac 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + rtp.getLocalPort()
                    + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        }

        byte[] request(String method, byte[] body, String... extra) {
            String uri = "sip:" + ECHO + "@127.0.0.1:" + server.server().sipPort();
            StringBuilder sb = new StringBuilder(method + " " + uri + " SIP/2.0\r\n");
            sb.append("Via: SIP/2.0/UDP 127.0.0.1:").append(sip.localPort()).append(";branch=").append(SipTestClient.branch()).append(";rport\r\n");
            sb.append("Max-Forwards: 70\r\n");
            sb.append("From: <sip:").append(line.extension()).append("@127.0.0.1>;tag=").append(fromTag).append("\r\n");
            sb.append("To: <sip:").append(ECHO).append("@127.0.0.1>").append(toTag != null ? ";tag=" + toTag : "").append("\r\n");
            sb.append("Call-ID: ").append(callId).append("\r\n");
            sb.append("CSeq: ").append(method.equals("ACK") ? cseq : ++cseq).append(' ').append(method).append("\r\n");
            sb.append("Contact: <").append(sip.contact(line.extension())).append(">\r\n");
            for (String e : extra) {
                sb.append(e).append("\r\n");
            }
            if (body != null) {
                sb.append("Content-Type: application/sdp\r\n");
            }
            sb.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
            byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
            byte[] all = Arrays.copyOf(head, head.length + (body == null ? 0 : body.length));
            if (body != null) {
                System.arraycopy(body, 0, all, head.length, body.length);
            }
            return all;
        }

        /** INVITE with the line's digest; the final answer, or null when nothing came. */
        SipMessage invite(byte[] body) {
            sip.sendBytes(request("INVITE", body));
            SipMessage challenge = sip.receiveFinal(10_000);
            if (challenge == null || challenge.status() != 407) {
                return challenge; // refused before authentication (a message the edge cannot read)
            }
            sip.sendBytes(request("ACK", null));
            String auth = TestDigest.sipAuthorization(challenge.header("proxy-authenticate"), "INVITE",
                    "sip:" + ECHO + "@127.0.0.1:" + server.server().sipPort(), line.authUser(), line.password(), 1);
            sip.sendBytes(request("INVITE", body, "Proxy-Authorization: " + auth));
            SipMessage r = sip.receiveFinal(10_000);
            if (r != null && r.status() == 200) {
                toTag = SipMessage.param(r.header("to"), "tag");
            }
            return r;
        }

        void ack() {
            sip.sendBytes(request("ACK", null));
        }

        SipMessage bye() {
            sip.sendBytes(request("BYE", null));
            return sip.receiveFinal(10_000);
        }

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

    static byte[] rtp(int seq, long ssrc, int pt, byte fill, int payload) {
        byte[] b = new byte[12 + payload];
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[6] = (byte) (seq >> 2);
        b[7] = (byte) (seq * 160);
        b[8] = (byte) (ssrc >> 24);
        b[9] = (byte) (ssrc >> 16);
        b[10] = (byte) (ssrc >> 8);
        b[11] = (byte) ssrc;
        Arrays.fill(b, 12, b.length, fill);
        return b;
    }

    static int rtpPort(SipMessage answer) {
        Matcher m = Pattern.compile("m=audio ([0-9]+) ").matcher(answer.body());
        assertThat(m.find()).as(answer.toText()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** A normal echo call: answered, the caller's audio comes back, BYE ends it. */
    static void anEchoCallWorks() throws Exception {
        try (Uac uac = new Uac()) {
            SipMessage ok = uac.invite(uac.offer().getBytes(StandardCharsets.US_ASCII));
            assertThat(ok).isNotNull();
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            uac.ack();
            int port = rtpPort(ok);
            byte[] back = null;
            for (int i = 0; i < 10 && back == null; i++) {
                uac.rtp.send(new DatagramPacket(rtp(1 + i, 0x42, 0, (byte) 0x5a, 160), 172, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                back = uac.receiveRtp();
            }
            assertThat(back).as("the echo call's audio came back").isNotNull().containsOnly((byte) 0x5a);
            assertThat(uac.bye().status()).isEqualTo(200);
        }
    }

    static String repeat(String line, int times) {
        return line.repeat(times);
    }

    @Test
    void hugeManyLinedBinaryAndBrokenOffersGetA4xxAndTheNextEchoCallWorks() throws Exception {
        String head = "v=0\r\no=uac 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
        Map<String, byte[]> offers = new LinkedHashMap<>();
        offers.put("two thousand m-lines", (head + repeat("m=audio 4000 RTP/AVP 0\r\n", 2000)).getBytes(StandardCharsets.US_ASCII));
        offers.put("three thousand attributes", (head + "m=audio 4000 RTP/AVP 0\r\n" + repeat("a=rtpmap:0 PCMU/8000\r\n", 2500))
                .getBytes(StandardCharsets.US_ASCII));
        offers.put("one 50 kB line", (head + "m=audio 4000 RTP/AVP 0\r\na=x:" + "y".repeat(50_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] junk = new byte[8000];
        new Random(4566).nextBytes(junk);
        offers.put("binary junk", junk);
        offers.put("junk after v=0", ("v=0\r\n" + new String(junk, 0, 2000, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
        offers.put("c= with no address", (head.replace("c=IN IP4 127.0.0.1", "c=IN IP4") + "m=audio 4000 RTP/AVP 0\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        offers.put("c= with a long name", (head.replace("c=IN IP4 127.0.0.1", "c=IN IP4 " + "a".repeat(3000)) + "m=audio 4000 RTP/AVP 0\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        offers.put("c= of an unknown family", (head.replace("IN IP4 127.0.0.1\r\nt", "IN XX9 127.0.0.1\r\nt") + "m=audio 4000 RTP/AVP 0\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        offers.put("c= bad IPv6", (head.replace("c=IN IP4 127.0.0.1", "c=IN IP6 ::zz::") + "m=audio 4000 RTP/AVP 0\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        offers.put("port beyond 65535", (head + "m=audio 99999999999 RTP/AVP 0\r\n").getBytes(StandardCharsets.US_ASCII));
        offers.put("no payload types", (head + "m=audio 4000 RTP/AVP\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> o : offers.entrySet()) {
            try (Uac uac = new Uac()) {
                SipMessage r = uac.invite(o.getValue());
                assertThat(r).as(o.getKey() + ": answered").isNotNull();
                assertThat(r.status()).as(o.getKey() + ": " + r.toText().lines().findFirst().orElse("")).isBetween(400, 499);
            }
        }
        assertThat(server.server().sip().serviceCalls()).isZero();
        assertThat(server.server().sip().media().active()).isZero();
        anEchoCallWorks();
    }

    @Test
    void anRtpFloodFromTheCallersAddressAndFromElsewhereLeavesTheEngineWithinItsBoundAndTheCallAnswering() throws Exception {
        MediaEngine engine = server.server().sip().media();
        try (Uac uac = new Uac();
             DatagramSocket elsewhere = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
             DatagramSocket otherPort = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            SipMessage ok = uac.invite(uac.offer().getBytes(StandardCharsets.US_ASCII));
            assertThat(ok.status()).as(ok.toText()).isEqualTo(200);
            uac.ack();
            int port = rtpPort(ok);
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            InetSocketAddress toRtcp = new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1);
            // the caller's first packet takes the latch
            uac.rtp.send(new DatagramPacket(rtp(1, 0x42, 0, (byte) 0x11, 160), 172, to));
            assertThat(uac.receiveRtp()).isNotNull();
            Random random = new Random(3550);
            long wrong = 0;
            for (int i = 0; i < 20_000; i++) {
                byte[] p = switch (i % 4) {
                    case 0 -> rtp(random.nextInt(65536), random.nextInt(), random.nextInt(128), (byte) 0x66, random.nextInt(1400));
                    case 1 -> {
                        byte[] j = new byte[1 + random.nextInt(i % 40 == 1 ? 9000 : 300)];
                        random.nextBytes(j);
                        yield j;
                    }
                    case 2 -> rtp(2 + i, 0x42, 0, (byte) 0x77, 160);
                    default -> rtp(random.nextInt(65536), 0x42, 0, (byte) 0x88, 160);
                };
                DatagramSocket from = switch (i % 3) {
                    case 0 -> elsewhere;
                    case 1 -> otherPort;
                    default -> uac.rtp;
                };
                from.send(new DatagramPacket(p, p.length, i % 50 == 0 ? toRtcp : to));
                if (from != uac.rtp && i % 50 != 0 && p.length <= 1500 && (p[0] & 0xC0) == 0x80 && p.length >= 12) {
                    wrong++;
                }
            }
            // Whatever came and whatever the caller's socket held, the engine keeps at most its echo queue per call.
            assertThat(engine.queuedPackets()).isLessThanOrEqualTo(8);
            assertThat(engine.failures()).isZero();
            assertThat(engine.active()).isEqualTo(1);
            // drain what the flood echoed back to the caller, then the call still echoes the caller's audio
            while (uac.receiveRtp() != null) {
                // the caller's own packets of the flood come back, bounded by the queue
            }
            byte[] back = null;
            for (int i = 0; i < 10 && back == null; i++) {
                uac.rtp.send(new DatagramPacket(rtp(30_000 + i, 0x42, 0, (byte) 0x5a, 160), 172, to));
                back = uac.receiveRtp();
            }
            assertThat(back).as("the caller is still heard and echoed").isNotNull().containsOnly((byte) 0x5a);
            // packets from the other address and port were refused, not taken as the call's
            assertThat(engine.refusedPackets()).as("well-formed RTP from elsewhere refused (of %d sent)", wrong).isPositive()
                    .isLessThanOrEqualTo(wrong);
            assertThat(uac.bye().status()).isEqualTo(200);
        }
        assertThat(engine.active()).isZero();
        anEchoCallWorks();
    }
}
