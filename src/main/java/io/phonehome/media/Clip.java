package io.phonehome.media;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of audio Phonehome plays into a call (a prompt, an announcement, a recorded message, a
 * beep), held once as 16 kHz 16-bit mono PCM and encoded once per codec on first use, so an
 * announcement played into a hundred calls is converted once and then only copied, 20 ms at a
 * time, by the pacing clock. Immutable and thread-safe; the encodings are padded with silence to
 * whole 20 ms frames.
 */
public final class Clip {
    public static final int RATE = 16_000;
    /** Samples per 20 ms frame at 16 kHz; 160 at 8 kHz, and 160 bytes per frame in each codec here. */
    static final int FRAME_16K = RATE / 50;
    static final int FRAME_BYTES = 160;

    private final short[] pcm16k;
    private final Map<AudioCodec, byte[]> encoded = new EnumMap<>(AudioCodec.class);

    private Clip(short[] pcm16k) {
        this.pcm16k = pcm16k;
    }

    /** Audio at 16 kHz as it is (the array is copied). */
    public static Clip ofPcm16k(short[] samples) {
        return new Clip(samples.clone());
    }

    /** Audio at 8 kHz (what G.711 carries), raised to 16 kHz for G.722. */
    public static Clip ofPcm8k(short[] samples) {
        return new Clip(Resampler.resample(samples, 8000, RATE));
    }

    /** Audio at any rate (a WAV file's), converted to 16 kHz with a band limit. */
    public static Clip ofPcm(short[] samples, int rate) {
        return new Clip(rate == RATE ? samples.clone() : Resampler.resample(samples, rate, RATE));
    }

    public static Clip silence(int millis) {
        return new Clip(new short[RATE / 1000 * Math.max(0, millis)]);
    }

    /** A sine tone, faded in and out over 5 ms so it does not click: the beep before a recording. */
    public static Clip tone(int hz, int millis, int amplitude) {
        int n = RATE / 1000 * millis;
        int fade = RATE / 200;
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            double gain = Math.min(1.0, Math.min(i, n - 1 - i) / (double) fade);
            s[i] = (short) Math.round(amplitude * gain * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return new Clip(s);
    }

    /** Several clips played one after the other, as one clip. */
    public static Clip concat(List<Clip> parts) {
        int n = 0;
        for (Clip c : parts) {
            n += c.pcm16k.length;
        }
        short[] s = new short[n];
        int at = 0;
        for (Clip c : parts) {
            System.arraycopy(c.pcm16k, 0, s, at, c.pcm16k.length);
            at += c.pcm16k.length;
        }
        return new Clip(s);
    }

    public long durationMillis() {
        return pcm16k.length * 1000L / RATE;
    }

    /** The audio at 8 kHz (for a recording or a download in G.711's rate). */
    public short[] pcm8k() {
        return Resampler.resample(pcm16k, RATE, 8000);
    }

    public short[] pcm16k() {
        return pcm16k.clone();
    }

    /** Whole 20 ms frames in this codec: {@code frames() * 160} bytes. */
    int frames() {
        return (pcm16k.length + FRAME_16K - 1) / FRAME_16K;
    }

    /** The clip in {@code codec}, encoded on first use and kept. */
    byte[] encoded(AudioCodec codec) {
        synchronized (encoded) {
            return encoded.computeIfAbsent(codec, this::encode);
        }
    }

    private byte[] encode(AudioCodec codec) {
        short[] padded16k = new short[frames() * FRAME_16K];
        System.arraycopy(pcm16k, 0, padded16k, 0, pcm16k.length);
        return switch (codec) {
            case G722 -> new G722.Encoder().encode(padded16k);
            case PCMU -> G711.encodeUlaw(Resampler.resample(padded16k, RATE, 8000, padded16k.length / 2));
            case PCMA -> G711.encodeAlaw(Resampler.resample(padded16k, RATE, 8000, padded16k.length / 2));
        };
    }
}
