package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class WavAudioTest {
    private static byte[] wav(int format, int channels, int rate, int bits, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }

    @Test
    void aStereo16BitFileAt48kHzIsMixedDownAndKeepsItsLength() {
        int n = 48_000;
        ByteBuffer d = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * 500 * i / 48_000.0));
            d.putShort(v).putShort(v);
        }
        Clip c = WavAudio.read(wav(1, 2, 48_000, 16, d.array())).value();
        assertThat(c.durationMillis()).isBetween(995L, 1005L);
    }

    @Test
    void aLawFilesAreTaken() {
        byte[] data = G711.encodeAlaw(new short[8000]);
        assertThat(WavAudio.read(wav(6, 1, 8000, 8, data)).isOk()).isTrue();
    }

    @Test
    void whatIsNotAudioWeTakeIsRefusedWithTheReason() {
        assertThat(WavAudio.read("hello".getBytes()).why()).contains("too short");
        assertThat(WavAudio.read("RIFF\0\0\0\0AVI LIST\0\0\0\0".getBytes()).why()).contains("no RIFF/WAVE");
        assertThat(WavAudio.read(wav(85, 1, 8000, 16, new byte[100])).why()).contains("format 85"); // MP3 in WAV
        assertThat(WavAudio.read(wav(1, 6, 8000, 16, new byte[120])).why()).contains("6 channels");
        assertThat(WavAudio.read(wav(1, 1, 96_000, 16, new byte[100])).why()).contains("96000");
        assertThat(WavAudio.read(wav(1, 1, 8000, 16, new byte[0])).why()).contains("no audio");
        byte[] truncated = java.util.Arrays.copyOf(wav(1, 1, 8000, 16, new byte[10]), 30);
        assertThat(WavAudio.read(truncated).isOk()).isFalse();
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        short[] pcm = new short[1600];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (i * 7);
        }
        Clip c = WavAudio.read(WavAudio.write(pcm, 16_000)).value();
        assertThat(c.pcm16k()).containsExactly(pcm);
    }
}
