package io.phonehome.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.conscrypt.AllocatedBuffer;
import org.junit.jupiter.api.Test;

class ThreadDirectBuffersTest {
    final ThreadDirectBuffers buffers = new ThreadDirectBuffers();

    @Test
    void aThreadGetsItsOneBufferBackAfterEachReleaseClearedAndDirect() {
        AllocatedBuffer first = buffers.allocateDirectBuffer(16_709);
        ByteBuffer b = first.nioBuffer();
        b.put((byte) 1).put((byte) 2);
        first.release();

        AllocatedBuffer again = buffers.allocateDirectBuffer(100);

        assertThat(again.nioBuffer()).isSameAs(b);
        assertThat(b.isDirect()).isTrue();
        assertThat(b.position()).isZero();
        assertThat(b.remaining()).isEqualTo(ThreadDirectBuffers.CAPACITY);
        again.release();
    }

    @Test
    void aSecondTakeBeforeTheReleaseGetsAnotherBuffer() {
        AllocatedBuffer first = buffers.allocateDirectBuffer(16_709);
        AllocatedBuffer second = buffers.allocateDirectBuffer(16_709);

        assertThat(second.nioBuffer()).isNotSameAs(first.nioBuffer());
        assertThat(second.nioBuffer().isDirect()).isTrue();
        second.release();
        first.release();
        AllocatedBuffer third = buffers.allocateDirectBuffer(1);
        assertThat(third.nioBuffer()).isSameAs(first.nioBuffer());
        third.release();
    }

    @Test
    void threadsDoNotShareABuffer() throws Exception {
        AllocatedBuffer here = buffers.allocateDirectBuffer(10);
        ByteBuffer there = CompletableFuture.supplyAsync(() -> buffers.allocateDirectBuffer(10).release().nioBuffer()).get();

        assertThat(there).isNotSameAs(here.nioBuffer());
        here.release();
    }
}
