package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SdpTest {
    static final String PHONE_OFFER = """
            v=0
            o=- 20518 0 IN IP4 192.0.2.10
            s=SDP data
            c=IN IP4 192.0.2.10
            t=0 0
            m=audio 11780 RTP/AVP 9 0 8 18 101
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:18 G729/8000
            a=fmtp:18 annexb=no
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=ptime:20
            a=sendrecv
            """.replace("\n", "\r\n");

    @Test
    void readsADeskPhonesOffer() {
        Sdp sdp = Sdp.parse(PHONE_OFFER).value();
        assertThat(sdp.origin().address()).isEqualTo("192.0.2.10");
        assertThat(sdp.connection()).contains(new Sdp.Connection("IP4", "192.0.2.10"));
        assertThat(sdp.media()).hasSize(1);
        Sdp.Media m = sdp.media().get(0);
        assertThat(m.port()).isEqualTo(11_780);
        assertThat(m.formats()).containsExactly("9", "0", "8", "18", "101");
        assertThat(m.values("rtpmap")).contains("101 telephone-event/8000");
        assertThat(m.has("sendrecv")).isTrue();
    }

    @Test
    void writesWhatItReadsWithCrlfLineEnds() {
        Sdp sdp = Sdp.parse(PHONE_OFFER).value();
        assertThat(sdp.format()).contains("\r\n").doesNotContain("\n\n");
        assertThat(Sdp.parse(sdp.format()).value()).isEqualTo(sdp);
    }

    @Test
    void acceptsBareLineFeeds() {
        assertThat(Sdp.parse(PHONE_OFFER.replace("\r\n", "\n")).isOk()).isTrue();
    }

    @Test
    void refusesAnOversizedDescriptionBeforeReadingIt() {
        String big = PHONE_OFFER + ("a=x-padding:" + "x".repeat(1000) + "\r\n").repeat(20);
        assertThat(Sdp.parse(big).why()).contains("longer than");
        assertThat(Sdp.parse(big.getBytes(java.nio.charset.StandardCharsets.UTF_8)).why()).contains("exceeds");
    }

    @Test
    void refusesTooManyLines() {
        assertThat(Sdp.parse(PHONE_OFFER + "a=x\r\n".repeat(300)).why()).contains("more than 256 lines");
    }

    @Test
    void refusesAnOverlongLine() {
        assertThat(Sdp.parse(PHONE_OFFER + "a=x:" + "y".repeat(2000) + "\r\n").why()).contains("longer than 1024");
    }

    @Test
    void refusesAnUnknownLineLetterAsTheRfcRequires() {
        assertThat(Sdp.parse(PHONE_OFFER + "x=whatever\r\n").why()).contains("known letter");
    }

    @Test
    void refusesWhatLacksVersionOriginNameOrTiming() {
        assertThat(Sdp.parse(PHONE_OFFER.substring(5)).why()).contains("v=0");
        assertThat(Sdp.parse(PHONE_OFFER.replace("t=0 0\r\n", "")).why()).contains("lacks");
        assertThat(Sdp.parse(PHONE_OFFER.replace("s=SDP data\r\n", "")).why()).contains("lacks");
    }

    @Test
    void refusesAnActiveStreamWithoutAConnectionAddress() {
        assertThat(Sdp.parse(PHONE_OFFER.replace("c=IN IP4 192.0.2.10\r\n", "")).why()).contains("no connection address");
    }

    @Test
    void refusesMulticastAndMalformedAddressesAndPorts() {
        assertThat(Sdp.parse(PHONE_OFFER.replace("c=IN IP4 192.0.2.10", "c=IN IP4 233.252.0.1/127")).isOk()).isFalse();
        assertThat(Sdp.parse(PHONE_OFFER.replace("m=audio 11780", "m=audio 99999")).why()).contains("out of range");
        assertThat(Sdp.parse(PHONE_OFFER.replace("m=audio 11780", "m=audio 11780/2")).why()).contains("port");
        assertThat(Sdp.parse(PHONE_OFFER.replace("m=audio 11780 RTP/AVP 9 0 8 18 101", "m=audio 11780 RTP/AVP")).why())
                .contains("at least one format");
    }

    @Test
    void readsIpv6Connections() {
        Sdp sdp = Sdp.parse(PHONE_OFFER.replace("c=IN IP4 192.0.2.10", "c=IN IP6 2001:db8::10")).value();
        assertThat(sdp.connection().orElseThrow().address()).isEqualTo("2001:db8::10");
    }

    @Test
    void randomDamageIsRefusedOrReadButNeverThrows() {
        Random r = new Random(4566);
        byte[] base = PHONE_OFFER.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String interesting = " =:/\r\n0aIPm";
        var local = new OfferAnswer.LocalEndpoint("IP4", "192.0.2.1", 40_000, "1", 1);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = base.clone();
            for (int k = 0; k < 1 + r.nextInt(6); k++) {
                b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? r.nextInt(128) : interesting.charAt(r.nextInt(interesting.length())));
            }
            Outcome<Sdp> sdp = Sdp.parse(b);
            if (sdp.isOk()) { // whatever reads must also answer without throwing
                OfferAnswer.answer(sdp.value(), MediaPolicy.standard(SrtpPolicy.OFFER), local, new java.security.SecureRandom());
            }
        }
    }
}
