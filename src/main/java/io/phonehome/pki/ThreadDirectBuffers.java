package io.phonehome.pki;

import java.nio.ByteBuffer;
import org.conscrypt.AllocatedBuffer;
import org.conscrypt.BufferAllocator;

/**
 * The direct buffers Conscrypt copies through when it is handed a heap buffer (a plaintext read
 * into one, an encrypted record read from or written to one): one per thread, reused. Without an
 * allocator Conscrypt allocates a 16 KiB direct buffer per engine, that is per TLS connection, and
 * since each engine is finalizable those buffers outlive a young collection and pile up until a
 * full one (measured: one per connection of a client that closes with a TLS alert, such as curl).
 *
 * <p>Each use is short: Conscrypt takes a buffer, copies into or out of it and releases it within
 * one call on one thread, and reads no more than the buffer holds (it is as large as the one
 * Conscrypt would allocate). A second take on the same thread before the release (none is known)
 * gets a fresh buffer rather than the one in use.
 */
final class ThreadDirectBuffers extends BufferAllocator {
    /** What Conscrypt's own per-engine buffer holds: the larger of a TLS record's plaintext and a whole record. */
    static final int CAPACITY = 16_709;

    private static final ThreadLocal<Lease> LEASE = ThreadLocal.withInitial(Lease::new);

    /** One thread's buffer; {@link #nioBuffer()} is cleared at each take. */
    private static final class Lease extends AllocatedBuffer {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(CAPACITY);
        private boolean taken;

        @Override
        public ByteBuffer nioBuffer() {
            return buffer;
        }

        @Override
        public AllocatedBuffer release() {
            taken = false;
            return this;
        }
    }

    @Override
    public AllocatedBuffer allocateDirectBuffer(int capacity) {
        Lease lease = LEASE.get();
        if (lease.taken) {
            return AllocatedBuffer.wrap(ByteBuffer.allocateDirect(Math.min(capacity, CAPACITY)));
        }
        lease.taken = true;
        lease.buffer.clear();
        return lease;
    }

    /** Not used by the engines (they copy through direct buffers only); a plain heap buffer. */
    @Override
    public AllocatedBuffer allocateHeapBuffer(int capacity) {
        return AllocatedBuffer.wrap(ByteBuffer.allocate(capacity));
    }
}
