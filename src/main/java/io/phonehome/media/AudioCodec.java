package io.phonehome.media;

import java.util.Optional;

/**
 * The audio codecs Phonehome speaks, with their static payload types (RFC 3551 table 4). G.722's
 * RTP clock is 8000 although it samples at 16 kHz, an error in RFC 1890 that RFC 3551 keeps for
 * compatibility.
 */
public enum AudioCodec {
    PCMU(0, "PCMU", 8000),
    PCMA(8, "PCMA", 8000),
    G722(9, "G722", 8000);

    private final int staticPayloadType;
    private final String encoding;
    private final int clockRate;

    AudioCodec(int staticPayloadType, String encoding, int clockRate) {
        this.staticPayloadType = staticPayloadType;
        this.encoding = encoding;
        this.clockRate = clockRate;
    }

    public int staticPayloadType() {
        return staticPayloadType;
    }

    public String encoding() {
        return encoding;
    }

    public int clockRate() {
        return clockRate;
    }

    /** The {@code a=rtpmap} value for this codec under payload type {@code pt}. */
    String rtpmap(int pt) {
        return pt + " " + encoding + "/" + clockRate;
    }

    /** The codec an {@code a=rtpmap} encoding name and clock rate stand for (names are case-insensitive). */
    static Optional<AudioCodec> of(String encoding, int clockRate) {
        for (AudioCodec c : values()) {
            if (c.encoding.equalsIgnoreCase(encoding) && c.clockRate == clockRate) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static Optional<AudioCodec> ofStatic(int pt) {
        for (AudioCodec c : values()) {
            if (c.staticPayloadType == pt) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
