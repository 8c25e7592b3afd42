package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void ulawKnownCodesDecodeToTheRecommendationsValues() {
        assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x7F)).isEqualTo((short) 0); // negative zero
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32_124);
        assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32_124);
        assertThat(G711.ulawToLinear((byte) 0xFE)).isEqualTo((short) 8); // first step: 0..15, middle 8
        // 0xEF is the first step of segment 1, just above segment 0's last (0xF0 = 120): (0 * 8 + 132) * 2 - 132
        assertThat(G711.ulawToLinear((byte) 0xF0)).isEqualTo((short) 120);
        assertThat(G711.ulawToLinear((byte) 0xEF)).isEqualTo((short) 132);
    }

    @Test
    void ulawSilenceIs0xFFAndFullScaleSaturates() {
        assertThat(G711.linearToUlaw((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(G711.linearToUlaw(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(G711.linearToUlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
    }

    @Test
    void ulawCutsNegativeSamplesTo14BitsAsTwosComplementDoes() {
        // -31611 >> 2 is -7903 (rounded down), +31611 >> 2 is 7902: a decision threshold lies between
        assertThat(G711.linearToUlaw((short) -31_611)).isEqualTo((byte) 0x00);
        assertThat(G711.linearToUlaw((short) 31_611)).isEqualTo((byte) 0x81);
        assertThat(G711.linearToUlaw((short) -4)).isEqualTo((byte) 0x7E);
        assertThat(G711.linearToUlaw((short) 3)).isEqualTo((byte) 0xFF);
    }

    @Test
    void alawKnownCodesDecodeToTheRecommendationsValues() {
        assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32_256);
        assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32_256);
        assertThat(G711.alawToLinear((byte) 0x80)).isEqualTo((short) 5_504);
        assertThat(G711.alawToLinear((byte) 0x00)).isEqualTo((short) -5_504);
    }

    @Test
    void alawSilenceIs0xD5AndFullScaleSaturates() {
        assertThat(G711.linearToAlaw((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(G711.linearToAlaw((short) -1)).isEqualTo((byte) 0x55);
        assertThat(G711.linearToAlaw(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
        assertThat(G711.linearToAlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            if (c != 0x7F) { // µ-law negative zero decodes to 0, which encodes as positive zero
                assertThat(G711.linearToUlaw(G711.ulawToLinear(code))).as("µ-law %02X", c).isEqualTo(code);
            }
            assertThat(G711.linearToAlaw(G711.alawToLinear(code))).as("A-law %02X", c).isEqualTo(code);
        }
    }

    @Test
    void encodingIsMonotonicInTheSample() {
        int lastU = Integer.MIN_VALUE;
        int lastA = Integer.MIN_VALUE;
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            int u = G711.ulawToLinear(G711.linearToUlaw((short) s));
            int a = G711.alawToLinear(G711.linearToAlaw((short) s));
            assertThat(u).isGreaterThanOrEqualTo(lastU);
            assertThat(a).isGreaterThanOrEqualTo(lastA);
            lastU = u;
            lastA = a;
        }
    }

    @Test
    void quantisationErrorStaysWithinAStepOfItsSegment() {
        for (int s = -32_000; s <= 32_000; s++) {
            int u = G711.ulawToLinear(G711.linearToUlaw((short) s));
            int a = G711.alawToLinear(G711.linearToAlaw((short) s));
            // relative error of logarithmic companding: at most a step, i.e. 1/16 of the segment
            // above the smallest steps (µ-law step 8 at the bottom, A-law 16); µ-law's cut to
            // 14 bits adds up to 3 more
            assertThat(Math.abs(u - s)).as("µ-law %d", s).isLessThanOrEqualTo(Math.max(8, Math.abs(s) / 16) + 3);
            assertThat(Math.abs(a - s)).as("A-law %d", s).isLessThanOrEqualTo(Math.max(16, Math.abs(s) / 16));
        }
    }

    @Test
    void aSineKeepsItsSignalToNoiseRatioAbove35Db() {
        short[] pcm = new short[8000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(10_000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0 + 0.3));
        }
        assertThat(snrDb(pcm, G711.decodeUlaw(G711.encodeUlaw(pcm)))).isGreaterThan(35);
        assertThat(snrDb(pcm, G711.decodeAlaw(G711.encodeAlaw(pcm)))).isGreaterThan(35);
    }

    static double snrDb(short[] ref, short[] got) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < ref.length; i++) {
            signal += (double) ref[i] * ref[i];
            noise += Math.pow(ref[i] - got[i], 2);
        }
        return 10 * Math.log10(signal / noise);
    }
}
