package io.phonehome.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One call's media, as Phonehome answers it itself. It does one of three things with what the
 * caller sends, and may play audio back:
 * <ul>
 *   <li><b>echo</b> (the echo test, the default): what the caller sends comes back to it, through
 *       the engine's pacing clock, as Phonehome's own RTP stream (its own SSRC and sequence numbers,
 *       the caller's timestamps moved by a fixed random offset so audio and RFC 4733 events keep
 *       their timing). The payload is not decoded: echo answers in the codec it was spoken in.</li>
 *   <li><b>record</b>: the caller's G.711 audio is decoded into a {@link WavRecording}.</li>
 *   <li><b>play</b> ({@link #play}): {@link Clip}s go out 20 ms per clock tick in the agreed codec,
 *       each clip encoded once for all the calls that play it; echo is off from then on.</li>
 * </ul>
 * Keys the caller presses arrive as RFC 4733 events on the agreed payload type and are given to
 * the {@link DigitListener} once each ({@link TelephoneEventReceiver}). With SDES keys the packets
 * are unprotected on the way in and protected on the way out, each direction with its own key.
 *
 * <p>At most {@value #MAX_QUEUED} packets wait (a tenth of a second or so of audio): a burst beyond it is
 * dropped from the oldest, so the echo's delay stays bounded and a flood costs no memory.
 */
public final class MediaStream implements AutoCloseable {
    static final int MAX_QUEUED = 8;
    /** Packets from the signalling address that may still take the latch, and for how long. */
    static final int LATCH_PACKETS = 10;
    static final long LATCH_MILLIS = 2000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Told once when the stream ends by itself (silence, failure), not when the SIP side closes it. */
    @FunctionalInterface
    public interface Ended {
        void ended(MediaStream stream, String why);
    }

    /** Told each key the caller pressed, on the engine's I/O or clock thread: hand it on quickly. */
    @FunctionalInterface
    public interface DigitListener {
        void digit(char key);
    }

    /** What is left to play: the clips, the frame reached in the first, and what to run at the end. */
    private static final class Playing {
        final ArrayDeque<Clip> clips;
        final Runnable finished;
        int frame;

        Playing(List<Clip> clips, Runnable finished) {
            this.clips = new ArrayDeque<>(clips);
            this.finished = finished;
        }
    }

    private final MediaEngine engine;
    private final RtpEndpoint endpoint;
    private final Ended onEnd;
    private final ArrayDeque<RtpPacket> queue = new ArrayDeque<>();
    private final long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private final long timestampOffset = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private int sequence = RANDOM.nextInt(1 << 16);
    private NegotiatedAudio audio;
    private SrtpContext inbound;
    private SrtpContext outbound;
    private long lastHeard;
    private long echoed;
    private long received;
    private boolean closed;
    private WavRecording recording;
    /** With a script: the length limit of a recording is the script's to handle, not the end of the call. */
    private Runnable recordingFull;
    private boolean echo = true;
    private Playing playing;
    private boolean talkspurt;
    private long playTimestamp = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private long played;
    private DigitListener digits;
    private TelephoneEventReceiver events;
    /** The call's RTCP on the port above, from the first start on. */
    private RtcpSession rtcp;

    MediaStream(MediaEngine engine, RtpEndpoint endpoint, Ended onEnd, long now) {
        this.engine = engine;
        this.endpoint = endpoint;
        this.onEnd = onEnd;
        this.lastHeard = now;
    }

    public int port() {
        return endpoint.port();
    }

    RtpEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Starts the media once offer/answer agreed: the latch is guarded by the address the call's
     * signalling came from, and the silence timer starts now.
     */
    public synchronized void start(NegotiatedAudio agreed, InetAddress signallingSource) {
        if (closed) {
            return;
        }
        boolean first = audio == null;
        this.audio = agreed;
        this.inbound = agreed.receiveKey().map(SdesCrypto::context).orElse(null);
        this.outbound = agreed.sendKey().map(SdesCrypto::context).orElse(null);
        this.events = agreed.telephoneEventPayloadType().isPresent()
                ? new TelephoneEventReceiver(agreed.telephoneEventPayloadType().getAsInt()) : null;
        queue.clear();
        lastHeard = engine.now();
        if (first) {
            InetSocketAddress advertised = advertised(agreed.remoteAddress(), agreed.remotePort(), signallingSource);
            endpoint.expect(new LatchGuard(advertised, signallingSource, LATCH_PACKETS, LATCH_MILLIS, lastHeard));
            rtcp = new RtcpSession(endpoint.rtcpChannel(), ssrc, lastHeard);
            engine.register(this);
        }
    }

    /**
     * Where the SDP says to send: its address when it is an IP literal, else (a host name, or the
     * 0.0.0.0 hold address) the address the signalling came from. A name in a peer's SDP is never
     * looked up: that would let any caller make Phonehome query DNS, and block the SIP thread on it.
     */
    static InetSocketAddress advertised(Optional<String> sdpAddress, int port, InetAddress signallingSource) {
        String a = sdpAddress.orElse("");
        boolean literal = a.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || a.matches("[0-9A-Fa-f:.]{2,45}") && a.contains(":");
        if (literal) {
            try {
                return new InetSocketAddress(InetAddress.getByName(a), port); // a literal: parsed, not resolved
            } catch (java.net.UnknownHostException e) {
                // not a valid literal after all (e.g. 999.1.1.1): fall through to the signalling source
            }
        }
        return new InetSocketAddress(signallingSource, port);
    }

    /**
     * Makes this a recording stream (a voice message): the caller's G.711 audio is decoded into
     * {@code into} instead of being sent back, and the stream ends by itself at the recording's
     * length limit. Set before {@link #start}.
     */
    public synchronized void recordInto(WavRecording into) {
        this.recording = into;
    }

    /**
     * Records what the caller says into {@code into} from now on; at its length limit the recording
     * stops and {@code full} runs (on the engine's thread), the call goes on.
     */
    public synchronized void record(WavRecording into, Runnable full) {
        this.recording = into;
        this.recordingFull = full;
    }

    /** Stops recording and hands back what was being recorded, or null. */
    public synchronized WavRecording stopRecording() {
        WavRecording r = recording;
        recording = null;
        recordingFull = null;
        return r;
    }

    /** Turns the echo off (a scripted call) or back on. */
    public synchronized void echo(boolean on) {
        this.echo = on;
        if (!on) {
            queue.clear();
        }
    }

    /** Where the keys the caller presses go (RFC 4733); null for nowhere. */
    public synchronized void listen(DigitListener listener) {
        this.digits = listener;
    }

    /**
     * Plays the clips in order from the next clock tick, replacing what was playing and turning
     * the echo off; {@code finished} runs on the clock thread once the last frame is sent.
     */
    public synchronized void play(List<Clip> clips, Runnable finished) {
        echo = false;
        queue.clear();
        playing = clips.isEmpty() ? null : new Playing(clips, finished);
        if (playing == null && finished != null) {
            engine.later(finished);
        }
    }

    /** Stops what plays, without running its {@code finished}. */
    public synchronized void stopPlaying() {
        playing = null;
    }

    /** Whether a play is under way. */
    public synchronized boolean isPlaying() {
        return playing != null;
    }

    /** The I/O thread: the socket has datagrams. */
    void readable() throws IOException {
        String why = null;
        List<Character> pressed = null;
        DigitListener tell;
        Runnable full = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = engine.now();
            Optional<RtpPacket> p;
            while ((p = endpoint.receive(now)).isPresent()) {
                RtpPacket packet = p.get();
                if (inbound != null) {
                    Outcome<byte[]> clear = inbound.unprotectRtp(packet.toBytes(), packet.headerLength() + packet.payloadLength());
                    if (!clear.isOk()) {
                        continue; // forged, replayed or keyed otherwise: not the caller's
                    }
                    Outcome<RtpPacket> parsed = RtpPacket.parse(clear.value());
                    if (!parsed.isOk()) {
                        continue;
                    }
                    packet = parsed.value();
                }
                lastHeard = now;
                received++;
                rtcp.received(packet, System.nanoTime());
                if (events != null && packet.payloadType() == audio.telephoneEventPayloadType().getAsInt()) {
                    for (TelephoneEventReceiver.Key k : events.receive(packet, now)) {
                        pressed = pressed == null ? new ArrayList<>(2) : pressed;
                        pressed.add(k.key());
                    }
                    if (!echo) {
                        continue;
                    }
                }
                if (recording != null) {
                    String stopped = record(packet);
                    if (stopped != null && recordingFull != null) {
                        full = recordingFull; // a scripted recording: the script decides what follows
                        recording = null;
                        recordingFull = null;
                    } else if (stopped != null) {
                        why = stopped;
                        break;
                    }
                } else if (echo && audio != null && audio.direction().sends()) {
                    if (queue.size() == MAX_QUEUED) {
                        queue.poll();
                    }
                    queue.add(packet);
                }
            }
            tell = digits;
        }
        if (full != null) {
            full.run();
        }
        if (pressed != null && tell != null) {
            for (char k : pressed) {
                tell.digit(k);
            }
        }
        if (why != null) {
            end(why);
        }
    }

    /** Appends one packet's audio to the recording: null, or why the stream ends now. */
    private String record(RtpPacket packet) {
        if (audio == null || packet.payloadType() != audio.payloadType()) {
            return null; // RFC 4733 events and comfort noise are not speech
        }
        short[] pcm = switch (audio.codec()) {
            case PCMU -> G711.decodeUlaw(packet.payload());
            case PCMA -> G711.decodeAlaw(packet.payload());
            case G722 -> null;
        };
        if (pcm == null) {
            return "a message is recorded from G.711 only";
        }
        try {
            recording.append(pcm);
        } catch (IOException e) {
            return "cannot write the message: " + e.getMessage();
        }
        return recording.full() ? "message length limit" : null;
    }

    /** The pacing clock: one packet back per tick, and the end of a stream that went silent. */
    void tick(long now) {
        String why = null;
        Runnable finished = null;
        List<TelephoneEventReceiver.Key> late = List.of();
        DigitListener tell;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (now - lastHeard > engine.silenceMillis()) {
                why = "no RTP for " + (now - lastHeard) / 1000 + " s";
            } else if (playing != null) {
                finished = playFrame();
            } else {
                talkspurt = false;
                RtpPacket in = queue.poll();
                if (in != null) {
                    send(in);
                }
            }
            if (events != null) {
                late = events.poll(now); // a key whose end packets were all lost
            }
            report(now);
            tell = digits;
        }
        if (finished != null) {
            finished.run();
        }
        if (tell != null) {
            for (TelephoneEventReceiver.Key k : late) {
                tell.digit(k.key());
            }
        }
        if (why != null) {
            end(why);
        }
    }

    /** An RTCP report when one is due, to the port above the peer's RTP (RFC 3550 section 11). */
    private void report(long now) {
        if (rtcp == null || endpoint.guard() == null) {
            return;
        }
        InetSocketAddress rtp = endpoint.guard().target();
        try {
            rtcp.tick(now, System.nanoTime(), new InetSocketAddress(rtp.getAddress(), (rtp.getPort() + 1) & 0xFFFF), outbound);
        } catch (IOException e) {
            // the peer's RTCP port is gone (ICMP): the next report tries again
        }
    }

    /** The I/O thread: the RTCP socket has datagrams. */
    synchronized void rtcpReadable() throws IOException {
        if (closed || rtcp == null) {
            return;
        }
        rtcp.readable(endpoint.guard() == null ? null : endpoint.guard().target(), inbound, System.nanoTime());
    }

    /** RTCP reports sent, received from the peer, and datagrams on the RTCP port refused. */
    public synchronized long[] rtcpCounts() {
        return rtcp == null ? new long[3] : new long[] {rtcp.reportsSent(), rtcp.reportsReceived(), rtcp.refused()};
    }

    /** The peer's last RTCP report, or null. */
    public synchronized RtcpPacket.Report lastPeerReport() {
        return rtcp == null ? null : rtcp.lastPeerReport();
    }

    /** Sends the next 20 ms of what plays; returns the play's {@code finished} when that was its last frame. */
    private Runnable playFrame() {
        Playing p = playing;
        if (audio == null || !audio.direction().sends()) {
            return null; // on hold, or not agreed yet: the play waits
        }
        Clip clip = p.clips.peek();
        byte[] coded = clip.encoded(audio.codec());
        byte[] frame = new byte[Clip.FRAME_BYTES];
        System.arraycopy(coded, p.frame * Clip.FRAME_BYTES, frame, 0, Clip.FRAME_BYTES);
        byte[] out = RtpPacket.of(!talkspurt, audio.payloadType(), sequence, playTimestamp, ssrc, frame).toBytes();
        long sentTimestamp = playTimestamp;
        talkspurt = true;
        sequence = (sequence + 1) & 0xFFFF;
        playTimestamp = (playTimestamp + Clip.FRAME_BYTES) & 0xFFFF_FFFFL; // 160 per 20 ms: the clock is 8000 for G.722 too
        transmit(out, frame.length, sentTimestamp);
        played++;
        if (++p.frame >= clip.frames()) {
            p.clips.poll();
            p.frame = 0;
            if (p.clips.isEmpty()) {
                playing = null;
                return p.finished;
            }
        }
        return null;
    }

    private void send(RtpPacket in) {
        long timestamp = (in.timestamp() + timestampOffset) & 0xFFFF_FFFFL;
        byte[] out = RtpPacket.of(in.marker(), in.payloadType(), sequence, timestamp, ssrc, in.payload()).toBytes();
        sequence = (sequence + 1) & 0xFFFF;
        if (transmit(out, in.payloadLength(), timestamp)) {
            echoed++;
        }
    }

    private boolean transmit(byte[] out, int payloadBytes, long timestamp) {
        if (outbound != null) {
            Outcome<byte[]> p = outbound.protectRtp(out);
            if (!p.isOk()) {
                return false;
            }
            out = p.value();
        }
        try {
            endpoint.send(out);
            if (rtcp != null) {
                rtcp.sent(payloadBytes, timestamp);
            }
            return true;
        } catch (IOException e) {
            // the peer's port is gone (ICMP): the silence timer ends the call
            return false;
        }
    }

    /** Ends the stream by itself and tells the SIP side, once. */
    void end(String why) {
        boolean tell;
        synchronized (this) {
            tell = !closed;
        }
        close();
        if (tell) {
            onEnd.ended(this, why);
        }
    }

    /** Packets waiting to be echoed. */
    public synchronized int queued() {
        return queue.size();
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long echoed() {
        return echoed;
    }

    /** Packets of played clips sent. */
    public synchronized long played() {
        return played;
    }

    /** Packets refused by the latch guard (from elsewhere than the call's peer). */
    public synchronized long refused() {
        return endpoint.guard() == null ? 0 : endpoint.guard().refused();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Frees the port; quiet (the SIP side closes on BYE, CANCEL or a failed answer). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            playing = null;
        }
        try {
            endpoint.close();
        } catch (IOException e) {
            // the port is released with the channel either way
        }
        engine.closed(this);
    }
}
