package io.phonehome.media;

import java.util.Optional;

/**
 * The SRTP crypto suites Phonehome speaks (RFC 4568 section 6.2): AES counter mode with a
 * 128-bit key and HMAC-SHA1, its RTP tag cut to 80 or 32 bits. Both take a 128-bit master key and
 * a 112-bit master salt, and both authenticate SRTCP with 80 bits (RFC 4568 section 6.2.2), since
 * the short tag is a concession to small voice packets, not to RTCP.
 */
public enum SrtpSuite {
    AES_CM_128_HMAC_SHA1_80(10),
    AES_CM_128_HMAC_SHA1_32(4);

    public static final int MASTER_KEY_BYTES = 16;
    public static final int MASTER_SALT_BYTES = 14;
    public static final int AUTH_KEY_BYTES = 20;
    public static final int RTCP_TAG_BYTES = 10;

    private final int rtpTagBytes;

    SrtpSuite(int rtpTagBytes) {
        this.rtpTagBytes = rtpTagBytes;
    }

    public int rtpTagBytes() {
        return rtpTagBytes;
    }

    public static Optional<SrtpSuite> named(String name) {
        for (SrtpSuite s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
