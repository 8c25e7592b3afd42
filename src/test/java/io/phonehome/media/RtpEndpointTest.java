package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The endpoint on real loopback sockets: a NAT-style latch works, a hijack from another port or address does not. */
class RtpEndpointTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static byte[] rtp(int seq) {
        return RtpPacket.of(false, 0, seq, seq * 160L, 0xAB, new byte[160]).toBytes();
    }

    private static Optional<RtpPacket> receive(RtpEndpoint e) throws Exception {
        for (int i = 0; i < 200; i++) {
            Optional<RtpPacket> p = e.receive(System.currentTimeMillis());
            if (p.isPresent()) {
                return p;
            }
            Thread.sleep(5);
        }
        return Optional.empty();
    }

    private static void send(DatagramSocket from, byte[] b, int port) throws IOException {
        from.send(new DatagramPacket(b, b.length, LOOPBACK, port));
    }

    private static boolean gets(DatagramSocket s) throws IOException {
        s.setSoTimeout(300);
        try {
            s.receive(new DatagramPacket(new byte[2000], 2000));
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void aHijackFromAnotherPortAfterTheLatchGetsNothingAndTakesNothing() throws Exception {
        try (RtpEndpoint endpoint = RtpEndpoint.open(LOOPBACK, new RtpEndpoint.PortRange(30_000, 30_998)).orElseThrow();
                DatagramSocket phone = new DatagramSocket(0, LOOPBACK);
                DatagramSocket attacker = new DatagramSocket(0, LOOPBACK)) {
            // the SDP names a port nobody uses, as a phone behind NAT does; SIP came from loopback
            endpoint.expect(new LatchGuard(new InetSocketAddress(LOOPBACK, 9), LOOPBACK, 50, 5_000, System.currentTimeMillis()));
            send(phone, rtp(1), endpoint.port());
            assertThat(receive(endpoint)).map(RtpPacket::sequenceNumber).contains(1);
            assertThat(endpoint.guard().target().getPort()).isEqualTo(phone.getLocalPort());

            send(attacker, rtp(2), endpoint.port());
            send(phone, rtp(3), endpoint.port());
            assertThat(receive(endpoint)).map(RtpPacket::sequenceNumber).contains(3); // the attacker's 2 was dropped
            assertThat(endpoint.guard().refused()).isEqualTo(1);

            endpoint.send(rtp(100));
            assertThat(gets(phone)).isTrue();
            assertThat(gets(attacker)).isFalse();
        }
    }

    @Test
    void anotherAddressCannotLatchEvenBeforeThePhone() throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        try (RtpEndpoint endpoint = RtpEndpoint.open(LOOPBACK, new RtpEndpoint.PortRange(31_000, 31_998)).orElseThrow();
                DatagramSocket phone = new DatagramSocket(0, LOOPBACK);
                DatagramSocket attacker = new DatagramSocket(0, other)) {
            endpoint.expect(new LatchGuard(new InetSocketAddress(LOOPBACK, 9), LOOPBACK, 50, 5_000, System.currentTimeMillis()));
            attacker.send(new DatagramPacket(rtp(1), 172, LOOPBACK, endpoint.port()));
            Thread.sleep(50);
            assertThat(endpoint.receive(System.currentTimeMillis())).isEmpty();
            assertThat(endpoint.guard().isLatched()).isFalse();
            send(phone, rtp(2), endpoint.port());
            assertThat(receive(endpoint)).map(RtpPacket::sequenceNumber).contains(2);
            assertThat(endpoint.guard().target().getPort()).isEqualTo(phone.getLocalPort());
        }
    }

    @Test
    void garbageIsDroppedAndDoesNotLatch() throws Exception {
        try (RtpEndpoint endpoint = RtpEndpoint.open(LOOPBACK, new RtpEndpoint.PortRange(32_000, 32_998)).orElseThrow();
                DatagramSocket junk = new DatagramSocket(0, LOOPBACK)) {
            endpoint.expect(new LatchGuard(new InetSocketAddress(LOOPBACK, 9), LOOPBACK, 50, 5_000, System.currentTimeMillis()));
            send(junk, new byte[] {1, 2, 3}, endpoint.port());
            Thread.sleep(50);
            assertThat(endpoint.receive(System.currentTimeMillis())).isEmpty();
            assertThat(endpoint.guard().isLatched()).isFalse();
        }
    }

    @Test
    void portsAreEvenFromTheRangeAndATakenOneIsSkipped() throws Exception {
        RtpEndpoint.PortRange range = new RtpEndpoint.PortRange(33_001, 33_006); // even ports 33002, 33004, 33006
        try (DatagramSocket squatter = new DatagramSocket(33_002, LOOPBACK);
                RtpEndpoint a = RtpEndpoint.open(LOOPBACK, range).orElseThrow();
                RtpEndpoint b = RtpEndpoint.open(LOOPBACK, range).orElseThrow()) {
            assertThat(a.port()).isEqualTo(33_004);
            assertThat(b.port()).isEqualTo(33_006);
            assertThat(RtpEndpoint.open(LOOPBACK, range)).isEmpty(); // all three taken
        }
    }
}
