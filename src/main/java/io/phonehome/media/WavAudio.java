package io.phonehome.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the WAV files people upload as announcements and greetings, and writes clips back as WAV.
 * Accepted: RIFF/WAVE with PCM of 8 or 16 bits, or G.711 A-law / µ-law (format tags 1, 6, 7, or
 * WAVE_FORMAT_EXTENSIBLE carrying one of them), mono or stereo (mixed down), at 8 to 48 kHz, at
 * most {@link #MAX_SECONDS} seconds. Anything else is refused with the reason, never guessed at:
 * the file comes from outside.
 */
public final class WavAudio {
    public static final int MAX_SECONDS = 600;
    private static final int PCM = 1;
    private static final int ALAW = 6;
    private static final int ULAW = 7;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavAudio() {
    }

    public static Outcome<Clip> read(byte[] file) {
        if (file.length < 12) {
            return Outcome.refused("not a WAV file: too short");
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
            return Outcome.refused("not a WAV file: no RIFF/WAVE header");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int dataAt = -1;
        int dataLength = 0;
        int at = 12;
        while (at + 8 <= file.length) {
            int id = b.getInt(at);
            long size = b.getInt(at + 4) & 0xFFFF_FFFFL;
            int body = at + 8;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || body + 16 > file.length) {
                    return Outcome.refused("the WAV format chunk is truncated");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
                if (format == EXTENSIBLE) {
                    if (size < 40 || body + 26 > file.length) {
                        return Outcome.refused("the WAV extensible format chunk is truncated");
                    }
                    format = b.getShort(body + 24) & 0xFFFF; // the sub-format GUID begins with the tag
                }
            } else if (id == 0x61746164) { // "data"
                dataAt = body;
                dataLength = (int) Math.min(size, file.length - body); // a streamed file may say 0xFFFFFFFF
                break;
            }
            at = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        if (format < 0) {
            return Outcome.refused("the WAV file has no format chunk");
        }
        if (dataAt < 0) {
            return Outcome.refused("the WAV file has no data chunk");
        }
        if (channels < 1 || channels > 2) {
            return Outcome.refused("only mono or stereo WAV is taken, not " + channels + " channels");
        }
        if (rate < 8000 || rate > 48000) {
            return Outcome.refused("the sample rate must be 8000 to 48000 Hz, not " + rate);
        }
        int bytesPerSample;
        if (format == PCM && (bits == 16 || bits == 8)) {
            bytesPerSample = bits / 8;
        } else if ((format == ALAW || format == ULAW) && bits == 8) {
            bytesPerSample = 1;
        } else {
            return Outcome.refused("only 8/16-bit PCM or G.711 WAV is taken (format " + format + ", " + bits + " bits)");
        }
        int frames = dataLength / (bytesPerSample * channels);
        if (frames == 0) {
            return Outcome.refused("the WAV file holds no audio");
        }
        if ((long) frames > (long) MAX_SECONDS * rate) {
            return Outcome.refused("the audio is longer than " + MAX_SECONDS + " s");
        }
        short[] pcm = new short[frames];
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int p = dataAt + (i * channels + c) * bytesPerSample;
                sum += sample(file, b, p, format, bits);
            }
            pcm[i] = (short) (sum / channels);
        }
        return Outcome.ok(Clip.ofPcm(pcm, rate));
    }

    private static int sample(byte[] file, ByteBuffer b, int p, int format, int bits) {
        if (format == ALAW) {
            return G711.alawToLinear(file[p]);
        }
        if (format == ULAW) {
            return G711.ulawToLinear(file[p]);
        }
        if (bits == 8) {
            return ((file[p] & 0xFF) - 128) << 8; // 8-bit WAV is unsigned
        }
        return b.getShort(p);
    }

    /** A 16-bit mono PCM WAV file of {@code pcm} at {@code rate}. */
    public static byte[] write(short[] pcm, int rate) {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + pcm.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) PCM).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(pcm.length * 2);
        for (short s : pcm) {
            b.putShort(s);
        }
        return b.array();
    }
}
