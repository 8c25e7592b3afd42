package io.phonehome.media;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call's RTP socket: a non-blocking UDP channel on an even port from the configured range
 * (RTCP takes the odd one above, RFC 3550 section 11), whose received packets pass the
 * {@link LatchGuard} and whose sent packets go where the guard says. Reading and sending do no
 * allocation beyond the packet itself, so one I/O thread can serve many calls.
 */
public final class RtpEndpoint implements AutoCloseable {
    private final DatagramChannel channel;
    private final int port;
    private LatchGuard guard;
    private final ByteBuffer in = ByteBuffer.allocate(RtpPacket.MAX_PACKET + 1);

    private RtpEndpoint(DatagramChannel channel, int port) {
        this.channel = channel;
        this.port = port;
    }

    /** The even ports of {@code [min, max]}, handed out round-robin so a freed port is not reused at once. */
    public static final class PortRange {
        private final int min;
        private final int max;
        private final AtomicInteger next;

        public PortRange(int min, int max) {
            if (min < 1024 || max > 65_534 || min > max) {
                throw new IllegalArgumentException("RTP port range " + min + "-" + max + " is not within 1024-65534");
            }
            this.min = (min + 1) & ~1;
            this.max = max;
            this.next = new AtomicInteger();
            if (this.min > max) {
                throw new IllegalArgumentException("RTP port range " + min + "-" + max + " has no even port");
            }
        }

        int slots() {
            return (max - min) / 2 + 1;
        }

        int nextPort() {
            return min + 2 * Math.floorMod(next.getAndIncrement(), slots());
        }
    }

    /** Binds the first free even port of the range on {@code address}, or empty when all are taken. */
    public static Optional<RtpEndpoint> open(InetAddress address, PortRange range) throws IOException {
        for (int attempt = 0; attempt < range.slots(); attempt++) {
            int p = range.nextPort();
            DatagramChannel ch = DatagramChannel.open();
            try {
                ch.bind(new InetSocketAddress(address, p));
                ch.configureBlocking(false);
                return Optional.of(new RtpEndpoint(ch, p));
            } catch (BindException taken) {
                ch.close();
            }
        }
        return Optional.empty();
    }

    public int port() {
        return port;
    }

    public DatagramChannel channel() {
        return channel;
    }

    /** Starts guarding the stream once the answer is out: see {@link LatchGuard}. */
    public void expect(LatchGuard guard) {
        this.guard = guard;
    }

    /**
     * The next packet of the call, if one is waiting: well-formed RTP from a source the guard
     * admits. Other datagrams are read and dropped, so a flood cannot fill the socket buffer
     * ahead of the call's own packets.
     */
    public Optional<RtpPacket> receive(long nowMillis) throws IOException {
        while (true) {
            in.clear();
            SocketAddress from = channel.receive(in);
            if (from == null) {
                return Optional.empty();
            }
            if (guard == null || in.position() > RtpPacket.MAX_PACKET) {
                continue;
            }
            Outcome<RtpPacket> p = RtpPacket.parse(in.array(), 0, in.position());
            if (p.isOk() && guard.admit((InetSocketAddress) from, nowMillis)) {
                return Optional.of(p.value());
            }
        }
    }

    /** Sends a packet to the call's peer (the latched source, else the SDP address). */
    public void send(byte[] packet) throws IOException {
        if (guard != null) {
            channel.send(ByteBuffer.wrap(packet), guard.target());
        }
    }

    public LatchGuard guard() {
        return guard;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
