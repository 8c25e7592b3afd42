/**
 * The media engine's self-contained parts: RTP and RTCP packets (RFC 3550), reception statistics
 * and jitter, G.711 (µ-law and A-law) and G.722, SRTP and SRTCP with SDES keys (RFC 3711,
 * RFC 4568), telephone events (RFC 4733), SDP offer/answer (RFC 4566, RFC 3264), and a call's
 * RTP socket (and its RTCP socket on the port above) with its guarded symmetric-RTP latch, the
 * call's RTCP reports ({@link io.phonehome.media.RtcpSession}); and the engine that runs the calls Phonehome
 * answers itself ({@link io.phonehome.media.MediaEngine}: one I/O thread and one pacing clock for
 * all of them, {@link io.phonehome.media.MediaStream} for the echo test, and for a voice message, whose
 * decoded audio goes into a {@link io.phonehome.media.WavRecording}).
 *
 * <p>Everything but the socket and the engine works on bytes and values only: no threads and no
 * SIP, so each part is tested on its own against the RFC vectors. Nothing here knows SIP: the SIP
 * edge negotiates, opens a stream and starts it with what offer/answer agreed. Input from the network is never trusted: every parser answers with an
 * {@link io.phonehome.media.Outcome}, a value or a refusal with its reason, and no malformed
 * packet or description escapes as an unchecked exception. Cryptography is the JDK's
 * ({@code javax.crypto}), so no library is added for SRTP. A capability: it uses nothing above
 * the leaves.
 */
package io.phonehome.media;
