package io.phonehome.media;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The audio stream a completed offer/answer agreed on, as the media engine needs it to run.
 *
 * @param remoteAddress where to send RTP (RTCP goes to the next port); empty when the peer
 *        asked for nothing (the 0.0.0.0 hold address)
 * @param codec and {@code payloadType}: what Phonehome sends, the first common codec
 * @param telephoneEventPayloadType empty when the peer takes no RFC 4733 events (SIP INFO then)
 * @param peerPtimeMillis the packet time the peer asked to receive
 * @param direction Phonehome's own direction
 * @param sendKey Phonehome's SDES key (protects what it sends); with {@code receiveKey}, the
 *        peer's, both present or both empty
 */
public record NegotiatedAudio(Optional<String> remoteAddress, int remotePort, AudioCodec codec, int payloadType,
        OptionalInt telephoneEventPayloadType, int peerPtimeMillis, MediaDirection direction,
        Optional<SdesCrypto> sendKey, Optional<SdesCrypto> receiveKey) {

    public boolean secure() {
        return sendKey.isPresent();
    }
}
