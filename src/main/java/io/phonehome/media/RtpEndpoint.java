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
 * One call's RTP socket: a non-blocking UDP channel on an even port from the configured range,
 * and its RTCP socket on the odd one above (RFC 3550 section 11: a port pair is taken only when
 * both are free), whose received packets pass the
 * {@link LatchGuard} and whose sent packets go where the guard says. Reading and sending do no
 * allocation beyond the packet itself, so one I/O thread can serve many calls.
 */
public final class RtpEndpoint implements AutoCloseable {
    private final DatagramChannel channel;
    private final DatagramChannel rtcp;
    private final int port;
    private LatchGuard guard;
    private final ByteBuffer in = ByteBuffer.allocate(RtpPacket.MAX_PACKET + 1);

    private RtpEndpoint(DatagramChannel channel, DatagramChannel rtcp, int port) {
        this.channel = channel;
        this.rtcp = rtcp;
        this.port = port;
    }

    /** The even ports of {@code [min, max]}, handed out round-robin so a freed port is not reused at once. */
    public static final class PortRange {
        private final int min;
        private final int max;
        private final AtomicInteger next;

        /** @param max the highest RTP port handed out (its RTCP port is the one above, so at most 65534) */
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

    /**
     * Binds the first free even port of the range and the odd one above it on {@code address}, or
     * empty when no pair is free.
     */
    public static Optional<RtpEndpoint> open(InetAddress address, PortRange range) throws IOException {
        for (int attempt = 0; attempt < range.slots(); attempt++) {
            int p = range.nextPort();
            DatagramChannel ch = DatagramChannel.open();
            DatagramChannel control = null;
            try {
                ch.bind(new InetSocketAddress(address, p));
                ch.configureBlocking(false);
                control = DatagramChannel.open();
                control.bind(new InetSocketAddress(address, p + 1));
                control.configureBlocking(false);
                return Optional.of(new RtpEndpoint(ch, control, p));
            } catch (BindException taken) {
                ch.close();
                if (control != null) {
                    control.close();
                }
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

    /** The RTCP socket, on {@link #port()} + 1. */
    public DatagramChannel rtcpChannel() {
        return rtcp;
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
        try {
            channel.close();
        } finally {
            rtcp.close();
        }
    }
}
