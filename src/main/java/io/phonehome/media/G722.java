package io.phonehome.media;

/**
 * G.722 at 64 kbit/s (ITU-T G.722, sub-band ADPCM): 16 kHz linear samples in, one byte per pair
 * of samples out, the lower band in 6 bits and the higher in 2. An {@link Encoder} and a
 * {@link Decoder} each keep one direction's state, so a call has one of each; neither is
 * thread-safe.
 *
 * <p>The code follows the recommendation's blocks and keeps their names (QUANTL, INVQAL, LOGSCL,
 * SCALEL, UPPOL1/2, UPZERO, FILTEP, FILTEZ, ...), with the recommendation's fixed-point arithmetic,
 * because the decoder must track the encoder's adaptation exactly: a decoder that rounds
 * differently drifts from the phone's encoder. The codec works on 14-bit samples, as G.722
 * defines; 16-bit samples are shifted by two on the way in and out.
 */
public final class G722 {
    /** Transmit and receive QMF, h0 to h11 (h23 to h12 mirror them). */
    private static final int[] QMF_HALF = {3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876};
    private static final int[] QMF = new int[24];
    /** Lower band 6-bit quantizer decision levels, scaled by the step (QUANTL). */
    private static final int[] Q6 = {0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858,
        940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919};
    /** Lower band: codes of the 30 magnitude intervals for negative and positive differences. */
    private static final int[] ILN = {0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13,
        12, 11, 10, 9, 8, 7, 6, 5, 4};
    private static final int[] ILP = {0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41,
        40, 39, 38, 37, 36, 35, 34, 33, 32};
    /** Lower band inverse quantizer outputs: 4-bit (for adaptation) and 6-bit (for the output). */
    private static final int[] QM4 = {0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240,
        2584, 1200, 0};
    private static final int[] QM6 = {-136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280,
        -11192, -10232, -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400,
        -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856,
        7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136};
    /** Lower band log-scale factor multipliers per 4-bit code magnitude (LOGSCL). */
    private static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
    private static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};
    /** Higher band: codes, inverse quantizer outputs and log-scale multipliers. */
    private static final int[] IHN = {0, 1, 0};
    private static final int[] IHP = {0, 3, 2};
    private static final int[] QM2 = {-7408, -1616, 7408, 1616};
    private static final int[] RH2 = {2, 1, 2, 1};
    private static final int[] WH = {0, -214, 798};
    /** The antilog table of SCALEL/SCALEH: 2048 · 2^(i/32), rounded. */
    private static final int[] ILB = new int[32];

    static {
        for (int i = 0; i < 12; i++) {
            QMF[i] = QMF_HALF[i];
            QMF[23 - i] = QMF_HALF[i];
        }
        for (int i = 0; i < 32; i++) {
            ILB[i] = (int) Math.round(2048 * Math.pow(2, i / 32.0));
        }
    }

    private G722() {
    }

    private static int sat16(int v) {
        return Math.max(-32768, Math.min(32767, v));
    }

    private static int clamp14(int v) {
        return Math.max(-8192, Math.min(8191, v));
    }

    /** SCALEL / SCALEH: the quantizer step from the log-scale factor. */
    private static int scale(int nb, int shift) {
        int wd1 = (nb >> 6) & 31;
        int wd2 = shift - (nb >> 11);
        int wd3 = wd2 < 0 ? ILB[wd1] << -wd2 : ILB[wd1] >> wd2;
        return wd3 << 2;
    }

    /** One band's adaptive predictor: two poles, six zeros (the recommendation's blocks 4L/4H). */
    private static final class Band {
        int s;
        int sp;
        int sz;
        final int[] r = new int[3];
        final int[] a = new int[3];
        final int[] p = new int[3];
        final int[] d = new int[7];
        final int[] b = new int[7];
        int nb;
        int det;

        Band(int det) {
            this.det = det;
        }

        /** Updates with the quantized difference {@code dx}: RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAY*, FILTEP, FILTEZ, PREDIC. */
        void adapt(int dx) {
            d[0] = dx;
            r[0] = sat16(s + dx);
            p[0] = sat16(sz + dx);

            // UPPOL2: second pole, sign-sign update with leakage, limited to ±12288
            int sg0 = p[0] >> 15;
            int sg1 = p[1] >> 15;
            int sg2 = p[2] >> 15;
            int wd1 = sat16(a[1] << 2);
            int wd2 = sg0 == sg1 ? -wd1 : wd1;
            wd2 = Math.min(wd2, 32767);
            int wd3 = (sg0 == sg2 ? 128 : -128) + (wd2 >> 7) + ((a[2] * 32512) >> 15);
            int ap2 = Math.max(-12288, Math.min(12288, wd3));

            // UPPOL1: first pole, limited by the stability bound 15360 - |a2|
            int ap1 = sat16((sg0 == sg1 ? 192 : -192) + ((a[1] * 32640) >> 15));
            int limit = sat16(15360 - ap2);
            ap1 = Math.max(-limit, Math.min(limit, ap1));

            // UPZERO and DELAYZ in one pass from the oldest tap down: each new b[i] needs the old
            // b[i] and d[i], and d[i] takes d[i-1], which the next step still reads unchanged
            int step = dx == 0 ? 0 : 128;
            int sgd = dx >> 15;
            for (int i = 6; i > 0; i--) {
                int w = (d[i] >> 15) == sgd ? step : -step;
                b[i] = sat16(w + ((b[i] * 32640) >> 15));
                d[i] = d[i - 1];
            }
            // DELAYA
            for (int i = 2; i > 0; i--) {
                r[i] = r[i - 1];
                p[i] = p[i - 1];
            }
            a[1] = ap1;
            a[2] = ap2;

            // FILTEP, FILTEZ, PREDIC
            int pole1 = (a[1] * sat16(r[1] + r[1])) >> 15;
            int pole2 = (a[2] * sat16(r[2] + r[2])) >> 15;
            sp = sat16(pole1 + pole2);
            int zeros = 0;
            for (int i = 6; i > 0; i--) {
                zeros += (b[i] * sat16(d[i] + d[i])) >> 15;
            }
            sz = sat16(zeros);
            s = sat16(sp + sz);
        }

        /** LOGSCL for the lower band, then SCALEL. */
        void adaptLowScale(int il4) {
            int wd = (nb * 32512) >> 15;
            nb = Math.max(0, Math.min(18432, wd + WL[RL42[il4]]));
            det = scale(nb, 8);
        }

        /** LOGSCH for the higher band, then SCALEH. */
        void adaptHighScale(int ih) {
            int wd = (nb * 32512) >> 15;
            nb = Math.max(0, Math.min(22528, wd + WH[RH2[ih]]));
            det = scale(nb, 10);
        }
    }

    /** Encodes 16 kHz audio; state carries over from one call of {@link #encode} to the next. */
    public static final class Encoder {
        private final int[] x = new int[24];
        private final Band low = new Band(32);
        private final Band high = new Band(8);

        /** One byte per two samples; an odd last sample is dropped. */
        public byte[] encode(short[] pcm16k) {
            byte[] out = new byte[pcm16k.length / 2];
            for (int n = 0; n < out.length; n++) {
                System.arraycopy(x, 2, x, 0, 22);
                x[22] = pcm16k[2 * n] >> 2;
                x[23] = pcm16k[2 * n + 1] >> 2;
                // transmit QMF: even taps on the newest samples, odd taps on the others
                int sumEven = 0;
                int sumOdd = 0;
                for (int i = 0; i < 12; i++) {
                    sumOdd += x[2 * i] * QMF[2 * i];
                    sumEven += x[2 * i + 1] * QMF[2 * i + 1];
                }
                int xl = (sumEven + sumOdd) >> 14;
                int xh = (sumEven - sumOdd) >> 14;
                out[n] = (byte) (encodeHigh(xh) << 6 | encodeLow(xl));
            }
            return out;
        }

        private int encodeLow(int xl) {
            int el = sat16(xl - low.s);
            // QUANTL
            int wd = el >= 0 ? el : -(el + 1);
            int mil = 1;
            while (mil < 30 && wd >= (Q6[mil] * low.det) >> 12) {
                mil++;
            }
            int il = el < 0 ? ILN[mil] : ILP[mil];
            // INVQAL with the 4-bit code, LOGSCL, SCALEL, then the predictor
            int ril = il >> 2;
            int dlt = (low.det * QM4[ril]) >> 15;
            low.adaptLowScale(ril);
            low.adapt(dlt);
            return il;
        }

        private int encodeHigh(int xh) {
            int eh = sat16(xh - high.s);
            // QUANTH
            int wd = eh >= 0 ? eh : -(eh + 1);
            int mih = wd >= (564 * high.det) >> 12 ? 2 : 1;
            int ih = eh < 0 ? IHN[mih] : IHP[mih];
            int dh = (high.det * QM2[ih]) >> 15;
            high.adaptHighScale(ih);
            high.adapt(dh);
            return ih;
        }
    }

    /** Decodes 64 kbit/s G.722 into 16 kHz audio; state carries over between calls. */
    public static final class Decoder {
        private final int[] x = new int[24];
        private final Band low = new Band(32);
        private final Band high = new Band(8);

        /** Two samples per byte. */
        public short[] decode(byte[] codes) {
            short[] out = new short[codes.length * 2];
            for (int n = 0; n < codes.length; n++) {
                int code = codes[n] & 0xFF;
                int ilr = code & 0x3F;
                int ih = code >> 6;
                // lower band: the output from the 6-bit code, the adaptation from its 4-bit part
                int dl6 = (low.det * QM6[ilr]) >> 15;
                int rl = Math.max(-16384, Math.min(16383, low.s + dl6));
                int dlt = (low.det * QM4[ilr >> 2]) >> 15;
                low.adaptLowScale(ilr >> 2);
                low.adapt(dlt);
                // higher band
                int dh = (high.det * QM2[ih]) >> 15;
                int rh = Math.max(-16384, Math.min(16383, high.s + dh));
                high.adaptHighScale(ih);
                high.adapt(dh);
                // receive QMF
                System.arraycopy(x, 2, x, 0, 22);
                x[22] = rl + rh;
                x[23] = rl - rh;
                int xout1 = 0;
                int xout2 = 0;
                for (int i = 0; i < 12; i++) {
                    xout2 += x[2 * i] * QMF[2 * i];
                    xout1 += x[2 * i + 1] * QMF[2 * i + 1];
                }
                // the receive QMF's gain of 2 is the shift of 11, not 12; the result is 14-bit
                out[2 * n] = (short) (clamp14(xout1 >> 11) << 2);
                out[2 * n + 1] = (short) (clamp14(xout2 >> 11) << 2);
            }
            return out;
        }
    }
}
