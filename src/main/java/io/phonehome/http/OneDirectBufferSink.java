package io.phonehome.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Sits on top of a TLS connection's sink and hands BoringSSL (Conscrypt) one direct buffer per
 * write. Undertow writes a response as a gathering write of its header buffer and the body (a heap
 * buffer here), and Conscrypt copies anything but a single direct buffer into a 16 KiB direct
 * buffer it allocates once per engine, that is once per connection. A storm of short connections
 * then allocates and zeroes 16 KiB of native memory per phone, and because each engine is
 * finalizable those buffers outlive a young collection, reach the old generation and are freed
 * only by a full collection: 1,100 connections/s piled up ~580 MB of direct memory in 50 s, and
 * the JVM ran {@code System.gc()} every ~50 s when the direct memory limit was reached, while the
 * page faults of touching fresh memory took ~5 % of the server's CPU (bench/results/boot-storm.md).
 *
 * <p>Here the bytes are copied (Conscrypt would copy them too) into one direct buffer per thread,
 * reused for every connection that thread writes to. At most one TLS record's plaintext is
 * taken per write (Conscrypt wraps no more per call either); the caller sees an ordinary partial
 * write and writes the rest. A single direct buffer, the case Conscrypt reads in place, passes
 * through untouched.
 */
final class OneDirectBufferSink extends AbstractStreamSinkConduit<StreamSinkConduit> {
    /** The largest TLS plaintext record (RFC 8446 section 5.1: 2^14 bytes). */
    static final int RECORD_PLAINTEXT = 16 * 1024;

    /** One per thread: I/O threads and the workers that finish a request write here. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(RECORD_PLAINTEXT);
        /** Set while a write uses the buffer, so a write nested in it (none is known) cannot overwrite it. */
        boolean inUse;
    }

    OneDirectBufferSink(StreamSinkConduit next) {
        super(next);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (src.isDirect() || !src.hasRemaining()) {
            return next.write(src);
        }
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        if (readInPlace(srcs, offs, len)) {
            return next.write(srcs, offs, len);
        }
        Scratch scratch = SCRATCH.get();
        if (scratch.inUse) {
            return next.write(srcs, offs, len);
        }
        scratch.inUse = true;
        try {
            ByteBuffer one = scratch.buffer;
            one.clear();
            for (int i = offs; i < offs + len && one.hasRemaining(); i++) {
                ByteBuffer src = srcs[i].duplicate();
                if (src.remaining() > one.remaining()) {
                    src.limit(src.position() + one.remaining());
                }
                one.put(src);
            }
            one.flip();
            int written = next.write(one);
            consume(srcs, offs, len, written);
            return written;
        } finally {
            scratch.inUse = false;
        }
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        return Conduits.writeFinalBasic(this, src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        return Conduits.writeFinalBasic(this, srcs, offs, len);
    }

    /** Whether Conscrypt reads these in place: nothing to write, or exactly one non-empty buffer and it is direct. */
    static boolean readInPlace(ByteBuffer[] srcs, int offs, int len) {
        ByteBuffer only = null;
        for (int i = offs; i < offs + len; i++) {
            if (srcs[i].hasRemaining()) {
                if (only != null) {
                    return false;
                }
                only = srcs[i];
            }
        }
        return only == null || only.isDirect();
    }

    /** Advances the buffers past the first {@code n} bytes, as a gathering write that wrote n would. */
    static void consume(ByteBuffer[] srcs, int offs, int len, long n) {
        for (int i = offs; i < offs + len && n > 0; i++) {
            int take = (int) Math.min(n, srcs[i].remaining());
            srcs[i].position(srcs[i].position() + take);
            n -= take;
        }
    }
}
