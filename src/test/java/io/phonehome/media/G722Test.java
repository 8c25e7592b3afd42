package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class G722Test {
    /**
     * Codes that libspandsp's G.722 (Debian's libspandsp2, called through ctypes once to make
     * this vector) gives for {@link #crossCheckInput()}: a second implementation of the
     * recommendation, so a wrong table entry or rounding here shows as a different byte.
     */
    private static final String SPANDSP_CODES = "779024882184B2B1ACAAA9AAAAABACACACADADAEAFB0AEBC05171A1C5C5C5C5C1C5C5C1D5E5F7D387C708A909BDEFEFEFFFFFDFBBAF8F5F4B3F4EF7F083F3CF7787474763776763676757532F92D8999FAFFFCFAF9DF9FFCFBFFBB7BBCFAF75305385A7E5B7F5F1D5F7F3FFF3CF93B79FC2C889CFB5DFCFBFAFDBAF8F5F6F5B375B2F11F096BD9797A7B7A1E777C7837FB793974FD2C86B8FA5DFEDEFB9A7FBEDE7CFFBE5EBDF818066FD7F95F7C3D5F7B5F797C793AFC36FF308BB6F87B3DB87AFEBC76F876FAF9";
    /** CRC-32 of libspandsp's decoding of those codes, its 14-bit samples shifted to 16 bits. */
    private static final long SPANDSP_DECODED_CRC = 2_618_773_686L;

    /** Full-scale 14-bit noise over a slow triangle, in 16-bit samples: exercises both bands and the limits. */
    static short[] crossCheckInput() {
        short[] s = new short[400];
        for (int i = 0; i < s.length; i++) {
            int noise = (((i * 1_103_515_245 + 12_345) & 0x7FFF_FFFF) >> 17) - 8192;
            int triangle = Math.abs((i * 64) % 8192 - 4096) - 2048;
            s[i] = (short) (Math.max(-8192, Math.min(8191, (noise >> 1) + triangle)) << 2);
        }
        return s;
    }

    @Test
    void encodesBitForBitLikeAnIndependentImplementation() {
        assertThat(Hex.of(new G722.Encoder().encode(crossCheckInput()))).isEqualTo(SPANDSP_CODES);
    }

    @Test
    void decodesBitForBitLikeAnIndependentImplementation() {
        short[] pcm = new G722.Decoder().decode(Hex.bytes(SPANDSP_CODES));
        ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : pcm) {
            b.putShort(v);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array());
        assertThat(pcm).hasSize(400);
        assertThat(crc.getValue()).isEqualTo(SPANDSP_DECODED_CRC);
    }

    @Test
    void theStateCarriesAcrossFramesSoSplittingTheInputChangesNothing() {
        short[] in = crossCheckInput();
        G722.Encoder e = new G722.Encoder();
        byte[] a = e.encode(java.util.Arrays.copyOfRange(in, 0, 160));
        byte[] b = e.encode(java.util.Arrays.copyOfRange(in, 160, 400));
        assertThat(Hex.of(a) + Hex.of(b)).isEqualTo(SPANDSP_CODES);
    }

    private static short[] sine(double hz, double amplitude, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 16_000));
        }
        return s;
    }

    /** Power of {@code hz} in {@code s} (Goertzel), over the samples after the codec's start-up. */
    private static double power(short[] s, double hz, int from) {
        double k = 2 * Math.cos(2 * Math.PI * hz / 16_000);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < s.length; i++) {
            double s0 = s[i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - k * s1 * s2;
    }

    private static double energy(short[] s, int from) {
        double e = 0;
        for (int i = from; i < s.length; i++) {
            e += (double) s[i] * s[i];
        }
        return e;
    }

    @Test
    void aLowAndAHighBandSineKeepTheirFrequencyAndEnergy() {
        for (double hz : new double[] {440, 1000, 3000, 5500}) {
            short[] in = sine(hz, 10_000, 16_000);
            short[] out = new G722.Decoder().decode(new G722.Encoder().encode(in));
            int from = 1600; // after 100 ms both ADPCM bands have adapted
            double ratio = energy(out, from) / energy(in, from);
            assertThat(ratio).as("energy ratio at %s Hz", hz).isBetween(0.8, 1.2);
            // most of the output's energy is still at the input's frequency, not spread elsewhere
            double atTone = power(out, hz, from);
            double nearby = power(out, hz * 0.8, from) + power(out, hz * 1.25, from);
            assertThat(atTone).as("tone vs neighbours at %s Hz", hz).isGreaterThan(100 * nearby);
        }
    }

    @Test
    void silenceStaysNearSilence() {
        short[] out = new G722.Decoder().decode(new G722.Encoder().encode(new short[3200]));
        for (short v : out) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(64);
        }
    }
}
