package io.phonehome.media;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offer/answer model (RFC 3264) for Phonehome's side of a call: one audio stream, the codecs
 * and SRTP mode of a {@link MediaPolicy}. It answers an offer (an INVITE with a body), makes an
 * offer (an INVITE without one: the late offer, answered in the ACK) and reads the answer to it.
 *
 * <p>When nothing can be agreed, the result says what the SIP side puts in its 488's Warning
 * header (RFC 3261 section 20.43): 304 when the offer has no audio stream, 305 when no codec is
 * common or SRTP is required and no offered key is usable (the keys are media format parameters
 * to the phone's user), and 302 when the transport profile itself does not fit (RTP/AVPF, or
 * RTP/SAVP on a line without SRTP, or plain RTP on a line that requires it).
 */
public final class OfferAnswer {
    public static final int WARN_INCOMPATIBLE_TRANSPORT = 302;
    public static final int WARN_MEDIA_TYPE_NOT_AVAILABLE = 304;
    public static final int WARN_INCOMPATIBLE_MEDIA_FORMAT = 305;
    static final String AVP = "RTP/AVP";
    static final String SAVP = "RTP/SAVP";
    static final String TELEPHONE_EVENT = "telephone-event";
    /** The DTMF events Phonehome takes: digits, *, #, A-D and flash. */
    static final String EVENTS = "0-16";
    private static final Pattern RTPMAP = Pattern.compile("([0-9]{1,3}) +([A-Za-z0-9_.-]{1,32})/([0-9]{1,6})(?:/([0-9]{1,2}))?");

    private OfferAnswer() {
    }

    /** Phonehome's own address and port for the call's RTP, and its o= line's session id and version. */
    public record LocalEndpoint(String addressType, String address, int rtpPort, String sessionId, long sessionVersion) {
        Sdp.Origin origin() {
            return new Sdp.Origin("phonehome", sessionId, Long.toString(sessionVersion), addressType, address);
        }

        Sdp.Connection connection() {
            return new Sdp.Connection(addressType, address);
        }
    }

    /** What answering or reading an answer gave. */
    public sealed interface Result permits Agreed, NotAcceptable {
    }

    /** The streams agreed: the answer to send (null when reading an answer) and the audio to run. */
    public record Agreed(Sdp answer, NegotiatedAudio audio) implements Result {
    }

    /** Nothing can be agreed: 488 with {@code Warning: <code> <host> "<text>"}. */
    public record NotAcceptable(int warningCode, String warningText) implements Result {
    }

    /** An offer Phonehome made, with the keys it put in it (it encrypts with the one the answer picks). */
    public record Offer(Sdp sdp, List<SdesCrypto> keys) {
        public Offer {
            keys = List.copyOf(keys);
        }
    }

    /** Answers {@code offer}: the first usable audio stream is accepted, every other stream refused with port 0. */
    public static Result answer(Sdp offer, MediaPolicy policy, LocalEndpoint local, SecureRandom random) {
        List<Sdp.Media> answered = new ArrayList<>();
        NegotiatedAudio audio = null;
        NotAcceptable firstProblem = null;
        for (Sdp.Media m : offer.media()) {
            if (audio == null && m.type().equals("audio") && m.port() != 0) {
                Stream s = negotiate(m, offer, policy, local, random);
                if (s.problem == null) {
                    audio = s.audio;
                    answered.add(s.media);
                    continue;
                }
                if (firstProblem == null) {
                    firstProblem = s.problem;
                }
            }
            answered.add(refused(m));
        }
        if (audio == null) {
            return firstProblem != null ? firstProblem
                    : new NotAcceptable(WARN_MEDIA_TYPE_NOT_AVAILABLE, "the offer has no audio stream");
        }
        Sdp answer = new Sdp(local.origin(), "Phonehome", Optional.of(local.connection()), List.of(), answered);
        return new Agreed(answer, audio);
    }

    /** RFC 3264 section 6: a refused stream keeps its media, protocol and formats, with port 0. */
    private static Sdp.Media refused(Sdp.Media m) {
        return new Sdp.Media(m.type(), 0, m.proto(), m.formats(), Optional.empty(), List.of());
    }

    private record Stream(Sdp.Media media, NegotiatedAudio audio, NotAcceptable problem) {
        static Stream problem(int code, String text) {
            return new Stream(null, null, new NotAcceptable(code, text));
        }
    }

    private record Format(int payloadType, AudioCodec codec) {
    }

    private static Stream negotiate(Sdp.Media m, Sdp offer, MediaPolicy policy, LocalEndpoint local, SecureRandom random) {
        boolean savp = m.proto().equals(SAVP);
        if (!savp && !m.proto().equals(AVP)) {
            return Stream.problem(WARN_INCOMPATIBLE_TRANSPORT, "transport " + m.proto() + " is not supported, only RTP/AVP and RTP/SAVP");
        }
        if (savp && policy.srtp() == SrtpPolicy.OFF) {
            return Stream.problem(WARN_INCOMPATIBLE_TRANSPORT, "SRTP (RTP/SAVP) offered but this line does not use SRTP");
        }
        Map<Integer, String[]> rtpmaps = rtpmaps(m);
        List<Format> common = new ArrayList<>();
        int eventPt = -1;
        for (String f : m.formats()) {
            int pt = payloadType(f);
            if (pt < 0) {
                continue;
            }
            String[] map = rtpmaps.get(pt);
            if (map != null && map[0].equalsIgnoreCase(TELEPHONE_EVENT)) {
                if (policy.telephoneEvents() && map[1].equals("8000") && eventPt < 0) {
                    eventPt = pt;
                }
                continue;
            }
            Optional<AudioCodec> codec = map != null
                    ? (map[2] == null || map[2].equals("1") ? AudioCodec.of(map[0], Integer.parseInt(map[1])) : Optional.empty())
                    : pt < 96 ? AudioCodec.ofStatic(pt) : Optional.empty();
            if (codec.isPresent() && policy.codecs().contains(codec.get())
                    && common.stream().noneMatch(c -> c.codec() == codec.get())) {
                common.add(new Format(pt, codec.get()));
            }
        }
        if (common.isEmpty()) {
            return Stream.problem(WARN_INCOMPATIBLE_MEDIA_FORMAT, "no common codec: offered " + String.join(" ", m.formats())
                    + ", supported " + String.join(" ", policy.codecs().stream().map(AudioCodec::encoding).toList()));
        }

        Optional<SdesCrypto> remoteKey = Optional.empty();
        String keyProblem = null;
        if (policy.srtp() != SrtpPolicy.OFF) {
            for (String c : m.values("crypto")) {
                Outcome<SdesCrypto> k = SdesCrypto.parse(c);
                if (k.isOk()) {
                    remoteKey = Optional.of(k.value());
                    break;
                }
                if (keyProblem == null) {
                    keyProblem = k.why();
                }
            }
        }
        boolean needKey = savp || policy.srtp() == SrtpPolicy.REQUIRED;
        if (needKey && remoteKey.isEmpty()) {
            if (!savp && keyProblem == null) {
                return Stream.problem(WARN_INCOMPATIBLE_TRANSPORT, "SRTP required but the offer is plain RTP without keys");
            }
            return Stream.problem(WARN_INCOMPATIBLE_MEDIA_FORMAT, "SRTP required but no usable crypto"
                    + (keyProblem == null ? ": the offer has no a=crypto" : ": " + keyProblem));
        }
        Optional<SdesCrypto> localKey = remoteKey.map(r -> SdesCrypto.generate(r.tag(), r.suite(), random));

        MediaDirection offered = MediaDirection.of(m.attributes(), offer.attributes());
        MediaDirection ours = offered.mirrored();
        Sdp.Connection remote = m.connection().orElseGet(() -> offer.connection().orElseThrow());

        List<String> formats = new ArrayList<>();
        List<Sdp.Attribute> attributes = new ArrayList<>();
        for (Format f : common) {
            formats.add(Integer.toString(f.payloadType()));
            attributes.add(Sdp.Attribute.of("rtpmap", f.codec().rtpmap(f.payloadType())));
        }
        if (eventPt >= 0) {
            formats.add(Integer.toString(eventPt));
            attributes.add(Sdp.Attribute.of("rtpmap", eventPt + " " + TELEPHONE_EVENT + "/8000"));
            attributes.add(Sdp.Attribute.of("fmtp", eventPt + " " + eventsFor(m, eventPt)));
        }
        attributes.add(Sdp.Attribute.of("ptime", Integer.toString(policy.ptimeMillis())));
        // RTCP on the port above (RFC 3550 section 11), said explicitly (RFC 3605); no rtcp-mux
        attributes.add(Sdp.Attribute.of("rtcp", Integer.toString(local.rtpPort() + 1)));
        attributes.add(Sdp.Attribute.flag(ours.attribute()));
        localKey.ifPresent(k -> attributes.add(Sdp.Attribute.of("crypto", k.format())));
        Sdp.Media media = new Sdp.Media("audio", local.rtpPort(), m.proto(), formats, Optional.empty(), attributes);

        Format send = common.get(0);
        NegotiatedAudio audio = new NegotiatedAudio(remote.isHold() ? Optional.empty() : Optional.of(remote.address()), m.port(),
                send.codec(), send.payloadType(), eventPt >= 0 ? OptionalInt.of(eventPt) : OptionalInt.empty(),
                ptime(m), ours, localKey, remoteKey);
        return new Stream(media, audio, null);
    }

    /** The events the answer takes: the offer's list when it gave one (RFC 4733 section 2.4.1), else 0-15, its default. */
    private static String eventsFor(Sdp.Media m, int pt) {
        for (String f : m.values("fmtp")) {
            String prefix = pt + " ";
            if (f.startsWith(prefix) && f.substring(prefix.length()).strip().matches("[0-9]{1,3}(-[0-9]{1,3})?(,[0-9]{1,3}(-[0-9]{1,3})?){0,31}")) {
                return f.substring(prefix.length()).strip();
            }
        }
        return "0-15";
    }

    private static int ptime(Sdp.Media m) {
        for (String p : m.values("ptime")) {
            if (p.strip().matches("[0-9]{1,3}")) {
                int v = Integer.parseInt(p.strip());
                if (v >= 10 && v <= 200) {
                    return v;
                }
            }
        }
        return 20;
    }

    private static int payloadType(String format) {
        if (!format.matches("[0-9]{1,3}")) {
            return -1;
        }
        int pt = Integer.parseInt(format);
        return pt <= 127 ? pt : -1;
    }

    /** pt to {encoding, clock, channels or null}, from every well-formed a=rtpmap. */
    private static Map<Integer, String[]> rtpmaps(Sdp.Media m) {
        Map<Integer, String[]> out = new LinkedHashMap<>();
        for (String v : m.values("rtpmap")) {
            Matcher r = RTPMAP.matcher(v.strip());
            if (r.matches()) {
                out.putIfAbsent(Integer.parseInt(r.group(1)), new String[] {r.group(2), r.group(3), r.group(4)});
            }
        }
        return out;
    }

    /** An offer for a call Phonehome places or an INVITE that came without one (RFC 3264 section 5). */
    public static Offer offer(MediaPolicy policy, LocalEndpoint local, SecureRandom random) {
        List<String> formats = new ArrayList<>();
        List<Sdp.Attribute> attributes = new ArrayList<>();
        for (AudioCodec c : policy.codecs()) {
            formats.add(Integer.toString(c.staticPayloadType()));
            attributes.add(Sdp.Attribute.of("rtpmap", c.rtpmap(c.staticPayloadType())));
        }
        if (policy.telephoneEvents()) {
            int pt = policy.telephoneEventPayloadType();
            formats.add(Integer.toString(pt));
            attributes.add(Sdp.Attribute.of("rtpmap", pt + " " + TELEPHONE_EVENT + "/8000"));
            attributes.add(Sdp.Attribute.of("fmtp", pt + " " + EVENTS));
        }
        attributes.add(Sdp.Attribute.of("ptime", Integer.toString(policy.ptimeMillis())));
        attributes.add(Sdp.Attribute.of("rtcp", Integer.toString(local.rtpPort() + 1)));
        attributes.add(Sdp.Attribute.flag(MediaDirection.SENDRECV.attribute()));
        List<SdesCrypto> keys = new ArrayList<>();
        if (policy.srtp() != SrtpPolicy.OFF) {
            keys.add(SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, random));
            keys.add(SdesCrypto.generate(2, SrtpSuite.AES_CM_128_HMAC_SHA1_32, random));
            keys.forEach(k -> attributes.add(Sdp.Attribute.of("crypto", k.format())));
        }
        // SRTP required: RTP/SAVP, so a peer without SRTP refuses instead of talking in clear.
        // Offered: RTP/AVP with keys, which peers with SRTP take and peers without ignore.
        String proto = policy.srtp() == SrtpPolicy.REQUIRED ? SAVP : AVP;
        Sdp.Media media = new Sdp.Media("audio", local.rtpPort(), proto, formats, Optional.empty(), attributes);
        Sdp sdp = new Sdp(local.origin(), "Phonehome", Optional.of(local.connection()), List.of(), List.of(media));
        return new Offer(sdp, keys);
    }

    /** Reads the answer to Phonehome's own {@code offer}. */
    public static Result answered(Offer offer, Sdp answer, MediaPolicy policy) {
        if (answer.media().size() != offer.sdp().media().size()) {
            return new NotAcceptable(WARN_MEDIA_TYPE_NOT_AVAILABLE, "the answer has " + answer.media().size()
                    + " media descriptions for " + offer.sdp().media().size() + " offered");
        }
        Sdp.Media m = answer.media().get(0);
        if (m.port() == 0 || !m.type().equals("audio")) {
            return new NotAcceptable(WARN_MEDIA_TYPE_NOT_AVAILABLE, "the answer refused the audio stream");
        }
        if (!m.proto().equals(offer.sdp().media().get(0).proto())) {
            return new NotAcceptable(WARN_INCOMPATIBLE_TRANSPORT, "the answer changed the transport to " + m.proto());
        }
        Map<Integer, String[]> rtpmaps = rtpmaps(m);
        Format send = null;
        int eventPt = -1;
        for (String f : m.formats()) {
            int pt = payloadType(f);
            String[] map = rtpmaps.get(pt);
            if (pt < 0) {
                continue;
            }
            if (map != null && map[0].equalsIgnoreCase(TELEPHONE_EVENT)) {
                eventPt = policy.telephoneEvents() && eventPt < 0 ? pt : eventPt;
                continue;
            }
            Optional<AudioCodec> codec = map != null ? AudioCodec.of(map[0], Integer.parseInt(map[1]))
                    : pt < 96 ? AudioCodec.ofStatic(pt) : Optional.empty();
            if (send == null && codec.isPresent() && policy.codecs().contains(codec.get())) {
                send = new Format(pt, codec.get());
            }
        }
        if (send == null) {
            return new NotAcceptable(WARN_INCOMPATIBLE_MEDIA_FORMAT, "the answer has none of the offered codecs");
        }
        Optional<SdesCrypto> sendKey = Optional.empty();
        Optional<SdesCrypto> receiveKey = Optional.empty();
        for (String c : m.values("crypto")) {
            Outcome<SdesCrypto> k = SdesCrypto.parse(c);
            if (k.isOk()) {
                Optional<SdesCrypto> mine = offer.keys().stream()
                        .filter(o -> o.tag() == k.value().tag() && o.suite() == k.value().suite()).findFirst();
                if (mine.isPresent()) {
                    sendKey = mine;
                    receiveKey = Optional.of(k.value());
                    break;
                }
            }
        }
        if (receiveKey.isEmpty() && (policy.srtp() == SrtpPolicy.REQUIRED || m.proto().equals(SAVP))) {
            return new NotAcceptable(WARN_INCOMPATIBLE_MEDIA_FORMAT, "SRTP required but the answer accepted none of the offered keys");
        }
        Sdp.Connection remote = m.connection().or(answer::connection).orElse(null);
        if (remote == null) {
            return new NotAcceptable(WARN_INCOMPATIBLE_MEDIA_FORMAT, "the answer has no connection address");
        }
        MediaDirection theirs = MediaDirection.of(m.attributes(), answer.attributes());
        return new Agreed(null, new NegotiatedAudio(remote.isHold() ? Optional.empty() : Optional.of(remote.address()),
                m.port(), send.codec(), send.payloadType(), eventPt >= 0 ? OptionalInt.of(eventPt) : OptionalInt.empty(),
                ptime(m), theirs.mirrored(), sendKey, receiveKey));
    }
}
