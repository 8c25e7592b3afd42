package io.phonehome.media;

/**
 * Sample-rate conversion for prompts and uploaded announcements: a windowed-sinc interpolator
 * (Blackman window, 16 zero crossings each side) whose cut-off sits at the lower of the two
 * Nyquist frequencies, so a 44.1 kHz recording brought down to G.711's 8 kHz does not fold its
 * treble back into the speech band as aliasing. Runs once per clip, never per packet, so clarity
 * is preferred over speed.
 */
final class Resampler {
    private static final int ZEROS = 16;

    private Resampler() {
    }

    static short[] resample(short[] in, int fromRate, int toRate) {
        int n = (int) ((long) in.length * toRate / fromRate);
        return resample(in, fromRate, toRate, n);
    }

    /** Exactly {@code outLength} samples of {@code in} at the new rate. */
    static short[] resample(short[] in, int fromRate, int toRate, int outLength) {
        short[] out = new short[outLength];
        if (fromRate == toRate) {
            System.arraycopy(in, 0, out, 0, Math.min(in.length, outLength));
            return out;
        }
        double ratio = (double) toRate / fromRate;
        double cutoff = Math.min(1.0, ratio); // of the input's Nyquist
        double halfWidth = ZEROS / cutoff; // in input samples
        for (int i = 0; i < outLength; i++) {
            double centre = i / ratio;
            int first = (int) Math.ceil(centre - halfWidth);
            int last = (int) Math.floor(centre + halfWidth);
            double sum = 0;
            for (int j = Math.max(0, first); j <= Math.min(in.length - 1, last); j++) {
                double x = j - centre;
                double window = blackman(x / halfWidth);
                sum += in[j] * cutoff * sinc(x * cutoff) * window;
            }
            long v = Math.round(sum);
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return out;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-9) {
            return 1.0;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** The Blackman window over t in [-1, 1]. */
    private static double blackman(double t) {
        if (Math.abs(t) >= 1) {
            return 0;
        }
        double a = Math.PI * (t + 1);
        return 0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a);
    }
}
