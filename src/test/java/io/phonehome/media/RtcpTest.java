package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A call's RTCP on real sockets: Phonehome reports on the port above its RTP port what it received
 * (loss, jitter, the peer's last sender report) and what it sent, as SRTCP when the call has
 * keys, and what arrives there from anyone but the peer, or malformed, changes nothing.
 */
@org.junit.jupiter.api.Tag("quiet") // a flood or a timing measure: run alone, see pom.xml
class RtcpTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Reports come every 2.5 to 7.5 s: a generous wait for a loaded machine. */
    private static final int REPORT_WAIT_MILLIS = 20_000;

    /** A phone: an RTP socket on an even port and its RTCP socket on the one above. */
    record Phone(DatagramSocket rtp, DatagramSocket rtcp) implements AutoCloseable {
        static Phone open(int from) throws Exception {
            for (int p = from; p < from + 400; p += 2) {
                try {
                    DatagramSocket a = new DatagramSocket(new InetSocketAddress(LOOPBACK, p));
                    try {
                        return new Phone(a, new DatagramSocket(new InetSocketAddress(LOOPBACK, p + 1)));
                    } catch (java.net.BindException e) {
                        a.close();
                    }
                } catch (java.net.BindException e) {
                    // taken: the next pair
                }
            }
            throw new IllegalStateException("no free port pair from " + from);
        }

        int port() {
            return rtp.getLocalPort();
        }

        @Override
        public void close() {
            rtp.close();
            rtcp.close();
        }
    }

    private static NegotiatedAudio pcmuTo(int port, Optional<SdesCrypto> send, Optional<SdesCrypto> receive) {
        return new NegotiatedAudio(Optional.of("127.0.0.1"), port, AudioCodec.PCMU, 0, OptionalInt.of(101), 20, MediaDirection.SENDRECV,
                send, receive);
    }

    private static void sendRtp(DatagramSocket from, int to, int seq, long ts, long ssrc, SrtpContext protect) throws Exception {
        byte[] p = RtpPacket.of(false, 0, seq & 0xFFFF, ts, ssrc, new byte[160]).toBytes();
        if (protect != null) {
            p = protect.protectRtp(p).value();
        }
        from.send(new DatagramPacket(p, p.length, new InetSocketAddress(LOOPBACK, to)));
    }

    /** The next RTCP report Phonehome sends the phone that satisfies {@code wanted}, within the wait. */
    private static RtcpPacket.Report awaitReport(Phone phone, SrtpContext unprotect, java.util.function.Predicate<RtcpPacket.Report> wanted)
            throws Exception {
        long until = System.currentTimeMillis() + REPORT_WAIT_MILLIS;
        byte[] buf = new byte[2000];
        phone.rtcp().setSoTimeout(1000);
        while (System.currentTimeMillis() < until) {
            DatagramPacket d = new DatagramPacket(buf, buf.length);
            try {
                phone.rtcp().receive(d);
            } catch (SocketTimeoutException e) {
                continue;
            }
            byte[] clear = buf;
            int length = d.getLength();
            if (unprotect != null) {
                Outcome<byte[]> u = unprotect.unprotectRtcp(buf, length);
                assertThat(u.isOk()).as("an SRTCP report the phone's key opens").isTrue();
                clear = u.value();
                length = clear.length;
            }
            Outcome<RtcpPacket.Compound> c = RtcpPacket.parse(clear, 0, length);
            assertThat(c.isOk()).as("a valid compound RTCP packet").isTrue();
            assertThat(c.value().cname()).isPresent();
            RtcpPacket.Report r = c.value().reports().get(0);
            if (wanted.test(r)) {
                return r;
            }
        }
        throw new AssertionError("no wanted RTCP report within " + REPORT_WAIT_MILLIS + " ms");
    }

    @Test
    void phonehomeReportsLossAndTheLastSenderReportOnThePortAboveAndSendsSenderReportsWhileItEchoes() throws Exception {
        try (MediaEngine engine = new MediaEngine(LOOPBACK, new RtpEndpoint.PortRange(35_000, 35_998), 4, 60_000);
             Phone phone = Phone.open(45_000)) {
            MediaStream stream = engine.open((s, why) -> { }).value();
            stream.start(pcmuTo(phone.port(), Optional.empty(), Optional.empty()), LOOPBACK);
            long ssrc = 0x1234_5678L;
            // 100 packets with 5 missing: sequence 1000..1104
            for (int i = 0; i < 105; i++) {
                if (i % 20 != 7) {
                    sendRtp(phone.rtp(), stream.port(), 1000 + i, 160L * i, ssrc, null);
                }
            }
            // the phone's own sender report, from its RTCP port to the port above Phonehome's RTP
            long ntp = RtcpSession.ntp(System.currentTimeMillis());
            byte[] sr = RtcpPacket.compound(new RtcpPacket.SenderReport(ssrc, ntp, 16_800, 100, 16_000, List.of()), "phone@test");
            phone.rtcp().send(new DatagramPacket(sr, sr.length, new InetSocketAddress(LOOPBACK, stream.port() + 1)));

            RtcpPacket.Report report = awaitReport(phone, null, r -> !r.blocks().isEmpty() && r.blocks().get(0).lastSr() != 0);
            RtcpPacket.ReportBlock b = report.blocks().get(0);
            assertThat(b.ssrc()).isEqualTo(ssrc);
            assertThat(b.cumulativeLost()).isEqualTo(5);
            assertThat(b.extendedHighestSequence()).isEqualTo(1104);
            assertThat(b.lastSr()).isEqualTo((ntp >>> 16) & 0xFFFF_FFFFL);
            assertThat(b.delaySinceLastSr()).isPositive();
            // Phonehome echoed the packets back: it is a sender, and says so
            assertThat(report).isInstanceOf(RtcpPacket.SenderReport.class);
            assertThat(((RtcpPacket.SenderReport) report).packetCount()).isPositive();
            assertThat(stream.lastPeerReport()).isInstanceOf(RtcpPacket.SenderReport.class);
            assertThat(stream.rtcpCounts()[1]).isEqualTo(1);
        }
    }

    @Test
    void withKeysTheReportsAreSrtcpAndThePeersSrtcpIsAuthenticatedFirst() throws Exception {
        SecureRandom random = new SecureRandom();
        SdesCrypto phonehomeSends = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, random);
        SdesCrypto phoneSends = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, random);
        try (MediaEngine engine = new MediaEngine(LOOPBACK, new RtpEndpoint.PortRange(36_000, 36_998), 4, 60_000);
             Phone phone = Phone.open(46_000)) {
            MediaStream stream = engine.open((s, why) -> { }).value();
            stream.start(pcmuTo(phone.port(), Optional.of(phonehomeSends), Optional.of(phoneSends)), LOOPBACK);
            SrtpContext phoneOut = phoneSends.context();
            long ssrc = 0x0BAD_CAFEL;
            for (int i = 0; i < 20; i++) {
                sendRtp(phone.rtp(), stream.port(), 7 + i, 160L * i, ssrc, phoneOut);
            }
            // plain RTCP where SRTCP is agreed is refused; the SRTCP one is taken
            byte[] sr = RtcpPacket.compound(new RtcpPacket.SenderReport(ssrc, RtcpSession.ntp(System.currentTimeMillis()), 3200, 20, 3200,
                    List.of()), "phone@test");
            phone.rtcp().send(new DatagramPacket(sr, sr.length, new InetSocketAddress(LOOPBACK, stream.port() + 1)));
            byte[] srtcp = phoneOut.protectRtcp(sr).value();
            phone.rtcp().send(new DatagramPacket(srtcp, srtcp.length, new InetSocketAddress(LOOPBACK, stream.port() + 1)));

            RtcpPacket.Report report = awaitReport(phone, phonehomeSends.context(),
                    r -> !r.blocks().isEmpty() && r.blocks().get(0).lastSr() != 0);
            assertThat(report.blocks().get(0).ssrc()).isEqualTo(ssrc);
            assertThat(report.blocks().get(0).cumulativeLost()).isZero();
            long[] counts = stream.rtcpCounts();
            assertThat(counts[1]).as("SRTCP reports taken").isEqualTo(1);
            assertThat(counts[2]).as("plain RTCP refused").isEqualTo(1);
        }
    }

    @Test
    void junkAndReportsFromElsewhereOnTheRtcpPortAreCountedAndDroppedAndTheCallGoesOn() throws Exception {
        try (MediaEngine engine = new MediaEngine(LOOPBACK, new RtpEndpoint.PortRange(37_000, 37_998), 4, 60_000);
             Phone phone = Phone.open(47_000);
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            MediaStream stream = engine.open((s, why) -> { }).value();
            stream.start(pcmuTo(phone.port(), Optional.empty(), Optional.empty()), LOOPBACK);
            sendRtp(phone.rtp(), stream.port(), 1, 0, 99, null);
            InetSocketAddress rtcpPort = new InetSocketAddress(LOOPBACK, stream.port() + 1);
            Random random = new Random(4235);
            int sent = 0;
            for (int i = 0; i < 300; i++) {
                byte[] junk = new byte[1 + random.nextInt(i % 10 == 0 ? 9000 : 200)];
                random.nextBytes(junk);
                if (i % 3 == 0 && junk.length >= 8) {
                    junk[0] = (byte) 0x80; // looks like RTCP: version 2
                    junk[1] = (byte) RtcpPacket.SR;
                }
                phone.rtcp().send(new DatagramPacket(junk, junk.length, rtcpPort));
                sent++;
                if (i % 10 == 9) {
                    // paced: 300 datagrams of up to 9 kB at once can overflow the socket's receive
                    // buffer, and what the kernel drops Phonehome never sees to count
                    Thread.sleep(5);
                }
            }
            // a well-formed report, but from an address that is not the call's peer
            byte[] sr = RtcpPacket.compound(new RtcpPacket.SenderReport(99, RtcpSession.ntp(System.currentTimeMillis()), 0, 1, 160, List.of()),
                    "stranger");
            stranger.send(new DatagramPacket(sr, sr.length, rtcpPort));
            sent++;
            long deadline = System.currentTimeMillis() + REPORT_WAIT_MILLIS;
            while (stream.rtcpCounts()[2] < sent && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(stream.rtcpCounts()[2]).as("every junk datagram refused").isEqualTo(sent);
            assertThat(stream.rtcpCounts()[1]).isZero();
            assertThat(stream.lastPeerReport()).isNull();
            assertThat(engine.failures()).isZero();
            // the call still answers: its RTP comes back (echo) and a report still goes out
            sendRtp(phone.rtp(), stream.port(), 2, 160, 99, null);
            phone.rtp().setSoTimeout(5000);
            byte[] buf = new byte[1500];
            DatagramPacket d = new DatagramPacket(buf, buf.length);
            phone.rtp().receive(d);
            assertThat(RtpPacket.parse(buf, 0, d.getLength()).isOk()).isTrue();
            assertThat(awaitReport(phone, null, r -> true)).isNotNull();
        }
    }
}
