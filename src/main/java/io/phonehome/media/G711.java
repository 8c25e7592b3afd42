package io.phonehome.media;

/**
 * G.711 companding (ITU-T G.711), µ-law (PCMU, payload type 0) and A-law (PCMA, payload type 8),
 * between 16-bit linear samples and one byte per sample.
 *
 * <p>The tables are computed when the class loads from the rules of the recommendation (eight
 * segments of sixteen steps, each segment twice as coarse as the one below; µ-law with a bias of
 * 33 steps and every bit inverted, A-law with even bits inverted) rather than written out, so
 * what the code says is the rule itself; the per-sample work on the media path is then one
 * table look-up each way.
 */
public final class G711 {
    /** µ-law's bias of 33 steps, on 14-bit magnitudes and as decoded into 16-bit samples (× 4). */
    private static final int ULAW_BIAS_14 = 33;
    private static final int ULAW_BIAS = ULAW_BIAS_14 << 2;
    /** The largest 14-bit magnitude that still falls in the top segment once biased. */
    private static final int ULAW_CLIP_14 = 8158;

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final byte[] LINEAR_TO_ULAW = new byte[65_536];
    private static final byte[] LINEAR_TO_ALAW = new byte[65_536];

    static {
        for (int c = 0; c < 256; c++) {
            ULAW_TO_LINEAR[c] = (short) ulawRule(c);
            ALAW_TO_LINEAR[c] = (short) alawRule(c);
        }
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            LINEAR_TO_ULAW[s & 0xFFFF] = (byte) ulawEncodeRule(s);
            LINEAR_TO_ALAW[s & 0xFFFF] = (byte) alawEncodeRule(s);
        }
    }

    private G711() {
    }

    public static byte linearToUlaw(short sample) {
        return LINEAR_TO_ULAW[sample & 0xFFFF];
    }

    public static short ulawToLinear(byte code) {
        return ULAW_TO_LINEAR[code & 0xFF];
    }

    public static byte linearToAlaw(short sample) {
        return LINEAR_TO_ALAW[sample & 0xFFFF];
    }

    public static short alawToLinear(byte code) {
        return ALAW_TO_LINEAR[code & 0xFF];
    }

    /** Encodes {@code samples} into a new payload, one byte per sample. */
    public static byte[] encodeUlaw(short[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = LINEAR_TO_ULAW[samples[i] & 0xFFFF];
        }
        return out;
    }

    public static short[] decodeUlaw(byte[] payload) {
        short[] out = new short[payload.length];
        for (int i = 0; i < payload.length; i++) {
            out[i] = ULAW_TO_LINEAR[payload[i] & 0xFF];
        }
        return out;
    }

    public static byte[] encodeAlaw(short[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = LINEAR_TO_ALAW[samples[i] & 0xFFFF];
        }
        return out;
    }

    public static short[] decodeAlaw(byte[] payload) {
        short[] out = new short[payload.length];
        for (int i = 0; i < payload.length; i++) {
            out[i] = ALAW_TO_LINEAR[payload[i] & 0xFF];
        }
        return out;
    }

    /**
     * µ-law is defined on 14-bit samples: the 16-bit sample is cut to 14 bits (an arithmetic
     * shift, so negative values round down as two's complement does), its magnitude biased by 33
     * and clipped below 2^13; the segment is how many doublings above 32 the top bit is.
     */
    private static int ulawEncodeRule(int sample) {
        int v = sample >> 2;
        int sign = v < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(v), ULAW_CLIP_14) + ULAW_BIAS_14;
        int segment = 31 - Integer.numberOfLeadingZeros(magnitude) - 5;
        int mantissa = (magnitude >> (segment + 1)) & 0x0F;
        return ~(sign | segment << 4 | mantissa) & 0xFF;
    }

    /** Decoding returns the middle of the step: mantissa and a half step, biased, doubled per segment. */
    private static int ulawRule(int code) {
        int u = ~code & 0xFF;
        int segment = (u >> 4) & 0x07;
        int magnitude = (((u & 0x0F) << 3) + ULAW_BIAS << segment) - ULAW_BIAS;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /**
     * A-law works on 13-bit values (16-bit samples shifted by 3); segments 0 and 1 share a step
     * size, each later one doubles it. Positive samples have the sign bit set; then every even
     * bit is inverted (0x55).
     */
    private static int alawEncodeRule(int sample) {
        int mask;
        int magnitude;
        if (sample >= 0) {
            mask = 0xD5;
            magnitude = sample;
        } else {
            mask = 0x55;
            magnitude = -sample - 1;
        }
        int v = magnitude >> 4; // 12-bit magnitude in steps of segment 0
        int segment = v < 16 ? 0 : 32 - Integer.numberOfLeadingZeros(v) - 4;
        int mantissa = segment == 0 ? v & 0x0F : (v >> (segment - 1)) & 0x0F;
        return ((segment << 4 | mantissa) ^ mask) & 0xFF;
    }

    private static int alawRule(int code) {
        int a = code ^ 0x55;
        int segment = (a >> 4) & 0x07;
        int magnitude = (a & 0x0F) << 4;
        magnitude = segment == 0 ? magnitude + 8 : magnitude + 0x108 << (segment - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
