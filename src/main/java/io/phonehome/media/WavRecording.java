package io.phonehome.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A voice message being recorded: 16-bit mono PCM at 8000 Hz (what G.711 decodes to) written
 * into a hidden temporary file beside its final name, and moved to that name only by
 * {@link #finish()}. A crash or a failed write mid-message therefore leaves no half message under
 * the final name, only a hidden {@code .part} file, which {@link #discard()} removes, or the mailboxes' clean-up at the
 * next start.
 *
 * <p>Bounded: at most {@code maxSamples} samples are kept; what comes after is dropped and
 * {@link #full()} turns true, so the caller can end the call at the length limit.
 */
public final class WavRecording implements AutoCloseable {
    public static final int SAMPLE_RATE = 8000;
    private static final int HEADER = 44;

    private final Path target;
    private final Path part;
    private final FileChannel out;
    private final long maxSamples;
    private long samples;
    private boolean done;

    private WavRecording(Path target, Path part, FileChannel out, long maxSamples) {
        this.target = target;
        this.part = part;
        this.out = out;
        this.maxSamples = maxSamples;
    }

    /** Starts a recording that {@link #finish()} will put at {@code target} (its directory is made). */
    public static WavRecording start(Path target, long maxSamples) throws IOException {
        if (maxSamples <= 0) {
            throw new IllegalArgumentException("a recording needs room for at least one sample");
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        out.write(ByteBuffer.allocate(HEADER)); // the sizes are known only at the end
        return new WavRecording(target, part, out, maxSamples);
    }

    /** Appends decoded audio; what would go past the length limit is dropped. */
    public synchronized void append(short[] pcm) throws IOException {
        if (done) {
            return;
        }
        int n = (int) Math.min(pcm.length, maxSamples - samples);
        if (n <= 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putShort(pcm[i]);
        }
        b.flip();
        while (b.hasRemaining()) {
            out.write(b);
        }
        samples += n;
    }

    public synchronized boolean full() {
        return samples >= maxSamples;
    }

    public synchronized long samples() {
        return samples;
    }

    public synchronized long durationMillis() {
        return samples * 1000 / SAMPLE_RATE;
    }

    /** Writes the header, forces the file to disk and moves it to its final name. */
    public synchronized Path finish() throws IOException {
        if (done) {
            throw new IllegalStateException("the recording is already finished or discarded");
        }
        done = true;
        try {
            out.write(header(samples * 2), 0);
            out.force(true);
            out.close();
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** Drops the recording: nothing is left on disk. */
    public synchronized void discard() {
        if (done) {
            return;
        }
        done = true;
        try {
            out.close();
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // nothing under the final name either way
        }
    }

    @Override
    public void close() {
        discard();
    }

    /** The canonical 44-byte RIFF/WAVE header of 16-bit mono PCM at {@link #SAMPLE_RATE}. */
    static ByteBuffer header(long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
        h.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1);
        h.putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
        h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        h.flip();
        return h;
    }
}
