package io.phonehome.media;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The running half of the media engine: the RTP sockets of every call Phonehome answers itself,
 * read by ONE I/O thread (a selector over all of them) and paced by ONE clock that ticks every
 * {@value #TICK_MILLIS} ms for all calls. A call costs a socket and a few kilobytes, never a
 * thread, so the number of calls is bounded by {@code maxStreams} and the port range, not by
 * threads. A stream that stops receiving for {@code silenceMillis} is ended and reported, so a
 * peer that vanished without a BYE frees its port.
 */
public final class MediaEngine implements AutoCloseable {
    public static final int TICK_MILLIS = 20;

    private final InetAddress bind;
    private final RtpEndpoint.PortRange ports;
    private final int maxStreams;
    private final long silenceMillis;
    private final LongSupplier clock;
    private final Selector selector;
    private final Thread io;
    private final ScheduledExecutorService pacing;
    private final Set<MediaStream> streams = ConcurrentHashMap.newKeySet();
    private final Queue<MediaStream> toRegister = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    /** Socket and tick failures, counted rather than logged: this package stays on the JDK alone. */
    private final AtomicLong failures = new AtomicLong();

    public MediaEngine(InetAddress bind, RtpEndpoint.PortRange ports, int maxStreams, long silenceMillis) throws IOException {
        this.bind = bind;
        this.ports = ports;
        this.maxStreams = maxStreams;
        this.silenceMillis = silenceMillis;
        this.clock = System::currentTimeMillis;
        this.selector = Selector.open();
        this.io = new Thread(this::readLoop, "media-io");
        io.setDaemon(true);
        io.start();
        this.pacing = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-clock");
            t.setDaemon(true);
            return t;
        });
        pacing.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Why a stream could not be opened: at the cap, or no free port in the range. */
    public enum Refusal { AT_CAPACITY, NO_PORT }

    /**
     * A socket for a new call, not yet receiving (see {@link MediaStream#start}); empty with the
     * reason when the engine is full.
     */
    public Outcome<MediaStream> open(MediaStream.Ended onEnd) {
        synchronized (streams) {
            if (streams.size() >= maxStreams) {
                return Outcome.refused(Refusal.AT_CAPACITY.name());
            }
            Optional<RtpEndpoint> endpoint;
            try {
                endpoint = RtpEndpoint.open(bind, ports);
            } catch (IOException e) {
                failures.incrementAndGet();
                endpoint = Optional.empty();
            }
            if (endpoint.isEmpty()) {
                return Outcome.refused(Refusal.NO_PORT.name());
            }
            MediaStream s = new MediaStream(this, endpoint.get(), onEnd, clock.getAsLong());
            streams.add(s);
            return Outcome.ok(s);
        }
    }

    /** Streams open now (answered calls and calls waiting for their ACK). */
    public int active() {
        return streams.size();
    }

    /** Packets waiting in every stream's echo queue now: bounded by {@link MediaStream#MAX_QUEUED} per stream, whatever arrives. */
    public int queuedPackets() {
        int n = 0;
        for (MediaStream s : streams) {
            n += s.queued();
        }
        return n;
    }

    /** Packets every open stream refused so far (from elsewhere than its peer). */
    public long refusedPackets() {
        long n = 0;
        for (MediaStream s : streams) {
            n += s.refused();
        }
        return n;
    }

    /** I/O and pacing failures so far (a socket that could not be opened or read). */
    public long failures() {
        return failures.get();
    }

    public long silenceMillis() {
        return silenceMillis;
    }

    long now() {
        return clock.getAsLong();
    }

    /** Runs a stream's callback on the clock thread, after the current tick. */
    void later(Runnable task) {
        pacing.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
            }
        });
    }

    void register(MediaStream s) {
        toRegister.add(s);
        selector.wakeup();
    }

    void closed(MediaStream s) {
        streams.remove(s);
    }

    private void readLoop() {
        while (running) {
            try {
                selector.select(250);
                MediaStream r;
                while ((r = toRegister.poll()) != null) {
                    if (!r.isClosed()) {
                        r.endpoint().channel().register(selector, SelectionKey.OP_READ, r);
                        r.endpoint().rtcpChannel().register(selector, SelectionKey.OP_READ, r);
                    }
                }
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey k = keys.next();
                    keys.remove();
                    if (k.isValid() && k.attachment() instanceof MediaStream s) {
                        if (k.channel() == s.endpoint().rtcpChannel()) {
                            s.rtcpReadable();
                        } else {
                            s.readable();
                        }
                    }
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // one call's bad socket must not stop every other call's media
                failures.incrementAndGet();
            }
        }
    }

    private void tick() {
        long now = clock.getAsLong();
        for (MediaStream s : streams) {
            try {
                s.tick(now);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                s.end("media failure");
            }
        }
    }

    @Override
    public void close() {
        running = false;
        pacing.shutdownNow();
        for (MediaStream s : streams) {
            s.close();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            io.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
