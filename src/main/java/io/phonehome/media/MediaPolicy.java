package io.phonehome.media;

import java.util.List;

/**
 * What Phonehome's side of a call accepts: its codecs in order of preference, whether it takes
 * RFC 4733 telephone events (and the payload type it offers them under), the line's SRTP mode and
 * the packet time it wants to receive.
 */
public record MediaPolicy(List<AudioCodec> codecs, boolean telephoneEvents, int telephoneEventPayloadType,
        SrtpPolicy srtp, int ptimeMillis) {
    public MediaPolicy {
        codecs = List.copyOf(codecs);
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("a media policy needs at least one codec");
        }
        if (telephoneEventPayloadType < 96 || telephoneEventPayloadType > 127) {
            throw new IllegalArgumentException("telephone-event takes a dynamic payload type (96-127)");
        }
        if (ptimeMillis < 10 || ptimeMillis > 200 || ptimeMillis % 10 != 0) {
            throw new IllegalArgumentException("ptime is 10 to 200 ms in steps of 10");
        }
    }

    /** PCMU, PCMA, G722, telephone-event 101, 20 ms, with the given SRTP mode. */
    public static MediaPolicy standard(SrtpPolicy srtp) {
        return new MediaPolicy(List.of(AudioCodec.PCMU, AudioCodec.PCMA, AudioCodec.G722), true, 101, srtp, 20);
    }
}
