package io.phonehome.media;

/** A line's SRTP mode as provisioned: never, when the peer offers keys, or only with keys. */
public enum SrtpPolicy {
    /** Plain RTP only; an offer that insists on SRTP (RTP/SAVP) is refused. */
    OFF,
    /** SRTP when the offer carries a usable key, in RTP/SAVP or in RTP/AVP as phones in an "optional" mode send it; plain RTP otherwise. */
    OFFER,
    /** SRTP or nothing. */
    REQUIRED
}
