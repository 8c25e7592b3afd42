package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OfferAnswerTest {
    private static final OfferAnswer.LocalEndpoint LOCAL = new OfferAnswer.LocalEndpoint("IP4", "192.0.2.1", 40_000, "77", 1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    private static Sdp offer(String mediaAndAttributes) {
        return Sdp.parse("v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" + mediaAndAttributes).value();
    }

    private static OfferAnswer.Result answer(Sdp offer, SrtpPolicy srtp) {
        return OfferAnswer.answer(offer, MediaPolicy.standard(srtp), LOCAL, RANDOM);
    }

    private static OfferAnswer.Agreed agreed(OfferAnswer.Result r) {
        assertThat(r).isInstanceOf(OfferAnswer.Agreed.class);
        return (OfferAnswer.Agreed) r;
    }

    private static OfferAnswer.NotAcceptable refused(OfferAnswer.Result r) {
        assertThat(r).isInstanceOf(OfferAnswer.NotAcceptable.class);
        return (OfferAnswer.NotAcceptable) r;
    }

    @Test
    void answersADeskPhoneOfferWithTheCommonCodecsInTheOffersOrder() {
        var a = agreed(answer(Sdp.parse(SdpTest.PHONE_OFFER).value(), SrtpPolicy.OFF));
        Sdp.Media m = a.answer().media().get(0);
        assertThat(m.port()).isEqualTo(40_000);
        assertThat(m.proto()).isEqualTo("RTP/AVP");
        assertThat(m.formats()).containsExactly("9", "0", "8", "101"); // G729 is not common
        assertThat(m.values("fmtp")).containsExactly("101 0-15");
        assertThat(m.values("ptime")).containsExactly("20");
        assertThat(m.values("rtcp")).as("RTCP on the port above, no rtcp-mux").containsExactly("40001");
        assertThat(m.has("rtcp-mux")).isFalse();
        assertThat(m.has("sendrecv")).isTrue();
        assertThat(a.audio().codec()).isEqualTo(AudioCodec.G722);
        assertThat(a.audio().remoteAddress()).contains("192.0.2.10");
        assertThat(a.audio().remotePort()).isEqualTo(11_780);
        assertThat(a.audio().telephoneEventPayloadType()).isEqualTo(OptionalInt.of(101));
        assertThat(a.audio().secure()).isFalse();
        assertThat(Sdp.parse(a.answer().format()).value()).isEqualTo(a.answer());
    }

    @Test
    void knowsCodecsByRtpmapUnderADynamicPayloadType() {
        var a = agreed(answer(offer("m=audio 5000 RTP/AVP 112 96\r\na=rtpmap:112 pcma/8000\r\na=rtpmap:96 telephone-event/8000\r\n"),
                SrtpPolicy.OFF));
        assertThat(a.audio().codec()).isEqualTo(AudioCodec.PCMA);
        assertThat(a.audio().payloadType()).isEqualTo(112);
        assertThat(a.answer().media().get(0).values("rtpmap")).containsExactly("112 PCMA/8000", "96 telephone-event/8000");
        assertThat(a.answer().media().get(0).values("fmtp")).containsExactly("96 0-15"); // RFC 4733's default list
    }

    @Test
    void noCommonCodecIs305WithWhatWasOffered() {
        var r = refused(answer(offer("m=audio 5000 RTP/AVP 18 101\r\na=rtpmap:101 telephone-event/8000\r\n"), SrtpPolicy.OFF));
        assertThat(r.warningCode()).isEqualTo(305);
        assertThat(r.warningText()).contains("no common codec").contains("18 101").contains("PCMU");
    }

    @Test
    void anOfferWithoutAudioIs304() {
        var r = refused(answer(offer("m=video 5002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"), SrtpPolicy.OFF));
        assertThat(r.warningCode()).isEqualTo(304);
    }

    @Test
    void otherStreamsAreRefusedWithPortZeroInTheirPlace() {
        var a = agreed(answer(offer("m=audio 0 RTP/AVP 0\r\nm=video 5002 RTP/AVP 96\r\nm=audio 5000 RTP/AVP 8\r\nm=audio 5004 RTP/AVP 0\r\n"),
                SrtpPolicy.OFF));
        List<Sdp.Media> m = a.answer().media();
        assertThat(m).extracting(Sdp.Media::port).containsExactly(0, 0, 40_000, 0);
        assertThat(m).extracting(Sdp.Media::type).containsExactly("audio", "video", "audio", "audio");
        assertThat(m.get(1).formats()).containsExactly("96");
        assertThat(a.audio().remotePort()).isEqualTo(5000);
    }

    @Test
    void theAnswerMirrorsTheOfferedDirection() {
        assertThat(agreed(answer(offer("m=audio 5000 RTP/AVP 0\r\na=sendonly\r\n"), SrtpPolicy.OFF)).answer().media().get(0).has("recvonly")).isTrue();
        assertThat(agreed(answer(offer("m=audio 5000 RTP/AVP 0\r\na=recvonly\r\n"), SrtpPolicy.OFF)).audio().direction())
                .isEqualTo(MediaDirection.SENDONLY);
        assertThat(agreed(answer(offer("m=audio 5000 RTP/AVP 0\r\na=inactive\r\n"), SrtpPolicy.OFF)).audio().direction())
                .isEqualTo(MediaDirection.INACTIVE);
        Sdp sessionLevel = Sdp.parse("v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\na=sendonly\r\n"
                + "m=audio 5000 RTP/AVP 0\r\n").value();
        assertThat(agreed(answer(sessionLevel, SrtpPolicy.OFF)).audio().direction()).isEqualTo(MediaDirection.RECVONLY);
    }

    @Test
    void theOldHoldAddressMeansNothingIsSent() {
        Sdp hold = Sdp.parse(offer("m=audio 5000 RTP/AVP 0\r\n").format().replace("c=IN IP4 192.0.2.10", "c=IN IP4 0.0.0.0")).value();
        assertThat(agreed(answer(hold, SrtpPolicy.OFF)).audio().remoteAddress()).isEmpty();
    }

    @Test
    void thePeersPtimeIsWhatPhonehomeSends() {
        assertThat(agreed(answer(offer("m=audio 5000 RTP/AVP 0\r\na=ptime:30\r\n"), SrtpPolicy.OFF)).audio().peerPtimeMillis()).isEqualTo(30);
        assertThat(agreed(answer(offer("m=audio 5000 RTP/AVP 0\r\na=ptime:abc\r\n"), SrtpPolicy.OFF)).audio().peerPtimeMillis()).isEqualTo(20);
    }

    @Test
    void srtpOfferedInSavpIsAnsweredWithTheSameTagAndSuiteAndAFreshKey() {
        var a = agreed(answer(offer("m=audio 5000 RTP/SAVP 0\r\n"
                + "a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:" + KEY + KEY + "\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + KEY + "\r\n"), SrtpPolicy.OFFER));
        Sdp.Media m = a.answer().media().get(0);
        assertThat(m.proto()).isEqualTo("RTP/SAVP");
        assertThat(m.values("crypto")).hasSize(1);
        SdesCrypto ours = SdesCrypto.parse(m.values("crypto").get(0)).value();
        assertThat(ours.tag()).isEqualTo(2);
        assertThat(ours.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(ours.format()).doesNotContain(KEY);
        assertThat(a.audio().sendKey()).contains(ours);
        assertThat(a.audio().receiveKey().orElseThrow().format()).contains(KEY);
    }

    @Test
    void bestEffortSrtpInAvpIsTakenWhenOfferedOrRequired() {
        String avpWithKey = "m=audio 5000 RTP/AVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "\r\n";
        assertThat(agreed(answer(offer(avpWithKey), SrtpPolicy.OFFER)).audio().secure()).isTrue();
        assertThat(agreed(answer(offer(avpWithKey), SrtpPolicy.REQUIRED)).audio().secure()).isTrue();
        var off = agreed(answer(offer(avpWithKey), SrtpPolicy.OFF));
        assertThat(off.audio().secure()).isFalse();
        assertThat(off.answer().media().get(0).values("crypto")).isEmpty();
    }

    @Test
    void srtpRequiredAndAPlainOfferIs302() {
        var r = refused(answer(offer("m=audio 5000 RTP/AVP 0\r\n"), SrtpPolicy.REQUIRED));
        assertThat(r.warningCode()).isEqualTo(302);
        assertThat(r.warningText()).contains("SRTP required");
    }

    @Test
    void srtpRequiredAndNoUsableCryptoIs305WithTheReason() {
        var r = refused(answer(offer("m=audio 5000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4\r\n"),
                SrtpPolicy.REQUIRED));
        assertThat(r.warningCode()).isEqualTo(305);
        assertThat(r.warningText()).contains("SRTP required but no usable crypto").contains("MKI");
        assertThat(refused(answer(offer("m=audio 5000 RTP/SAVP 0\r\n"), SrtpPolicy.OFFER)).warningText()).contains("no a=crypto");
    }

    @Test
    void savpOnALineWithoutSrtpAndUnknownProfilesAre302() {
        assertThat(refused(answer(offer("m=audio 5000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "\r\n"),
                SrtpPolicy.OFF)).warningCode()).isEqualTo(302);
        assertThat(refused(answer(offer("m=audio 5000 RTP/AVPF 0\r\n"), SrtpPolicy.OFF)).warningCode()).isEqualTo(302);
    }

    @Test
    void aLateOfferRoundTripAgreesOnKeysCrosswiseAndMediaFlows() {
        MediaPolicy policy = MediaPolicy.standard(SrtpPolicy.REQUIRED);
        OfferAnswer.Offer ours = OfferAnswer.offer(policy, LOCAL, RANDOM);
        assertThat(ours.sdp().media().get(0).proto()).isEqualTo("RTP/SAVP");
        assertThat(ours.sdp().media().get(0).formats()).containsExactly("0", "8", "9", "101");
        // the peer answers with its own policy, here the same code playing the phone
        var peerLocal = new OfferAnswer.LocalEndpoint("IP4", "192.0.2.50", 6000, "9", 1);
        Sdp offerOnWire = Sdp.parse(ours.sdp().format()).value();
        var peer = agreed(OfferAnswer.answer(offerOnWire, policy, peerLocal, RANDOM));
        var me = agreed(OfferAnswer.answered(ours, Sdp.parse(peer.answer().format()).value(), policy));
        assertThat(me.audio().remoteAddress()).contains("192.0.2.50");
        assertThat(me.audio().remotePort()).isEqualTo(6000);
        assertThat(me.audio().codec()).isEqualTo(AudioCodec.PCMU);
        assertThat(me.audio().sendKey()).isEqualTo(peer.audio().receiveKey());
        assertThat(me.audio().receiveKey()).isEqualTo(peer.audio().sendKey());
        byte[] rtp = RtpPacket.of(false, 0, 1, 0, 5, new byte[160]).toBytes();
        byte[] wire = me.audio().sendKey().orElseThrow().context().protectRtp(rtp).value();
        assertThat(peer.audio().receiveKey().orElseThrow().context().unprotectRtp(wire, wire.length).value()).isEqualTo(rtp);
    }

    @Test
    void anAnswerWithoutKeysToARequiredOfferIsRefused() {
        MediaPolicy policy = MediaPolicy.standard(SrtpPolicy.REQUIRED);
        OfferAnswer.Offer ours = OfferAnswer.offer(policy, LOCAL, RANDOM);
        Sdp plain = Sdp.parse("v=0\r\no=- 1 1 IN IP4 192.0.2.50\r\ns=-\r\nc=IN IP4 192.0.2.50\r\nt=0 0\r\nm=audio 6000 RTP/SAVP 0\r\n").value();
        assertThat(refused(OfferAnswer.answered(ours, plain, policy)).warningText()).contains("SRTP required");
    }

    @Test
    void anOfferWithoutSrtpCarriesNoKeys() {
        OfferAnswer.Offer ours = OfferAnswer.offer(MediaPolicy.standard(SrtpPolicy.OFF), LOCAL, RANDOM);
        assertThat(ours.keys()).isEmpty();
        assertThat(ours.sdp().format()).doesNotContain("crypto").contains("m=audio 40000 RTP/AVP 0 8 9 101");
    }
}
