package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClipTest {
    /** The share of a signal's energy at {@code hz}, by correlation with a sine and a cosine. */
    private static double shareAt(short[] pcm, int rate, int hz) {
        double s = 0;
        double c = 0;
        double energy = 0;
        for (int i = 0; i < pcm.length; i++) {
            s += pcm[i] * Math.sin(2 * Math.PI * hz * i / rate);
            c += pcm[i] * Math.cos(2 * Math.PI * hz * i / rate);
            energy += (double) pcm[i] * pcm[i];
        }
        return energy == 0 ? 0 : (s * s + c * c) * 2 / pcm.length / energy;
    }

    private static short[] sine(int hz, int rate, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (10000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    @Test
    void speechBandAudioSurvivesTheWayDownFrom44kHzToG711sRate() {
        Clip c = Clip.ofPcm(sine(1000, 44_100, 44_100), 44_100);
        short[] at8k = c.pcm8k();
        assertThat(at8k.length).isBetween(7990, 8010);
        assertThat(shareAt(at8k, 8000, 1000)).isGreaterThan(0.95);
    }

    @Test
    void trebleAbove4kHzDoesNotFoldBackIntoTheSpeechBandAtG711sRate() {
        // 7 kHz at 44.1 kHz would alias to 1 kHz at 8 kHz without the band limit
        Clip c = Clip.ofPcm(sine(7000, 44_100, 44_100), 44_100);
        short[] at8k = c.pcm8k();
        double rms = 0;
        for (short v : at8k) {
            rms += (double) v * v;
        }
        rms = Math.sqrt(rms / at8k.length);
        assertThat(rms).isLessThan(10000 / Math.sqrt(2) * 0.02);
    }

    @Test
    void eachCodecGetsWholeFramesOf160BytesEncodedOnce() {
        Clip c = Clip.tone(440, 130, 8000); // 6.5 frames: padded to 7
        assertThat(c.frames()).isEqualTo(7);
        for (AudioCodec codec : AudioCodec.values()) {
            byte[] e = c.encoded(codec);
            assertThat(e).hasSize(7 * 160);
            assertThat(c.encoded(codec)).isSameAs(e);
        }
    }

    @Test
    void aClipPlayedInG722KeepsItsFrequencyWhenDecoded() {
        Clip c = Clip.tone(1500, 400, 8000);
        short[] back = new G722.Decoder().decode(c.encoded(AudioCodec.G722));
        short[] middle = java.util.Arrays.copyOfRange(back, 800, 5600);
        assertThat(shareAt(middle, 16_000, 1500)).isGreaterThan(0.9);
    }
}
