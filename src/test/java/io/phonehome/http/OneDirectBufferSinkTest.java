package io.phonehome.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xnio.conduits.StreamSinkConduit;

class OneDirectBufferSinkTest {
    /** What the TLS sink under the tested one was handed: each write's buffers, and what it took of them. */
    static final class TlsSink {
        final List<List<ByteBuffer>> writes = new ArrayList<>();
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        int acceptPerWrite = Integer.MAX_VALUE;
        boolean terminated;

        StreamSinkConduit conduit() {
            return (StreamSinkConduit) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StreamSinkConduit.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "write" -> args[0] instanceof ByteBuffer b ? (Object) (int) take(new ByteBuffer[] {b}, 0, 1)
                                : (Object) take((ByteBuffer[]) args[0], (int) args[1], (int) args[2]);
                        case "terminateWrites" -> {
                            terminated = true;
                            yield null;
                        }
                        case "flush" -> true;
                        default -> throw new AssertionError("the sink under test must not call " + method.getName());
                    });
        }

        private long take(ByteBuffer[] srcs, int offs, int len) {
            writes.add(List.of(java.util.Arrays.copyOfRange(srcs, offs, offs + len)));
            long n = 0;
            for (int i = offs; i < offs + len && n < acceptPerWrite; i++) {
                while (srcs[i].hasRemaining() && n < acceptPerWrite) {
                    taken.write(srcs[i].get());
                    n++;
                }
            }
            return n;
        }
    }

    static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    static ByteBuffer heap(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aHeaderAndABodyReachTheTlsSinkAsOneDirectBufferInOrder() throws Exception {
        TlsSink tls = new TlsSink();
        OneDirectBufferSink sink = new OneDirectBufferSink(tls.conduit());
        ByteBuffer header = direct("HTTP/1.1 200 OK\r\n\r\n");
        ByteBuffer body = heap("#!version:1.0.0.1\n");

        long n = sink.write(new ByteBuffer[] {header, body}, 0, 2);

        assertThat(n).isEqualTo(19 + 18);
        assertThat(tls.writes).hasSize(1);
        assertThat(tls.writes.get(0)).singleElement().satisfies(b -> assertThat(b.isDirect()).isTrue());
        assertThat(tls.taken.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK\r\n\r\n#!version:1.0.0.1\n");
        assertThat(header.hasRemaining()).isFalse();
        assertThat(body.hasRemaining()).isFalse();
    }

    @Test
    void aSingleDirectBufferPassesThroughUntouched() throws Exception {
        TlsSink tls = new TlsSink();
        OneDirectBufferSink sink = new OneDirectBufferSink(tls.conduit());
        ByteBuffer only = direct("firmware chunk");
        ByteBuffer empty = heap("");

        sink.write(new ByteBuffer[] {empty, only}, 0, 2);

        assertThat(tls.writes).hasSize(1);
        assertThat(tls.writes.get(0)).containsExactly(empty, only);
    }

    @Test
    void aSingleHeapBufferIsCopiedToADirectOne() throws Exception {
        TlsSink tls = new TlsSink();
        OneDirectBufferSink sink = new OneDirectBufferSink(tls.conduit());

        int n = sink.write(heap("problem+json"));

        assertThat(n).isEqualTo(12);
        assertThat(tls.writes.get(0)).singleElement().satisfies(b -> assertThat(b.isDirect()).isTrue());
        assertThat(tls.taken.toString(StandardCharsets.US_ASCII)).isEqualTo("problem+json");
    }

    @Test
    void moreThanOneRecordIsWrittenARecordAtATimeAndArrivesWhole() throws Exception {
        TlsSink tls = new TlsSink();
        OneDirectBufferSink sink = new OneDirectBufferSink(tls.conduit());
        byte[] big = new byte[40_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        ByteBuffer[] srcs = {direct("HTTP/1.1 200 OK\r\n\r\n"), ByteBuffer.wrap(big)};

        List<Long> writes = new ArrayList<>();
        while (srcs[0].hasRemaining() || srcs[1].hasRemaining()) {
            writes.add(sink.write(srcs, 0, 2));
        }

        assertThat(writes).allSatisfy(n -> assertThat(n).isBetween(1L, (long) OneDirectBufferSink.RECORD_PLAINTEXT));
        assertThat(writes.get(0)).isEqualTo(OneDirectBufferSink.RECORD_PLAINTEXT);
        byte[] all = tls.taken.toByteArray();
        assertThat(all).hasSize(19 + big.length);
        assertThat(java.util.Arrays.copyOfRange(all, 19, all.length)).isEqualTo(big);
    }

    @Test
    void whatTheTlsSinkDidNotTakeStaysInTheCallersBuffers() throws Exception {
        TlsSink tls = new TlsSink();
        tls.acceptPerWrite = 5;
        OneDirectBufferSink sink = new OneDirectBufferSink(tls.conduit());
        ByteBuffer header = direct("abc");
        ByteBuffer body = heap("defgh");

        long n = sink.write(new ByteBuffer[] {header, body}, 0, 2);

        assertThat(n).isEqualTo(5);
        assertThat(header.hasRemaining()).isFalse();
        assertThat(body.position()).isEqualTo(2);
        tls.acceptPerWrite = 0;
        assertThat(sink.write(new ByteBuffer[] {header, body}, 0, 2)).isZero();
        assertThat(body.position()).isEqualTo(2);
        tls.acceptPerWrite = 100;
        sink.write(new ByteBuffer[] {header, body}, 0, 2);
        assertThat(tls.taken.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefgh");
    }

    @Test
    void aFinalWriteEndsTheStreamOnlyOnceEverythingIsWritten() throws Exception {
        TlsSink tls = new TlsSink();
        tls.acceptPerWrite = 3;
        OneDirectBufferSink sink = new OneDirectBufferSink(tls.conduit());
        ByteBuffer[] srcs = {direct("ab"), heap("cdef")};

        sink.writeFinal(srcs, 0, 2);
        assertThat(tls.terminated).isFalse();
        sink.writeFinal(srcs, 0, 2);

        assertThat(tls.terminated).isTrue();
        assertThat(tls.taken.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdef");
    }
}
