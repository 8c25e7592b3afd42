package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TelephoneEventSenderTest {

    @Test
    void aKeyIsMarkedPacketsAtOneTimestampAndThreeEndPackets() {
        List<RtpPacket> p = new TelephoneEventSender(101, 8000, 20).packets('5', 100, 65_534, 12_345, 9);
        // 100 ms at 8 kHz is 800 units: updates at 160, 320, 480, 640, then the end at 800, three times
        assertThat(p).hasSize(4 + 3);
        assertThat(p).extracting(RtpPacket::timestamp).containsOnly(12_345L);
        assertThat(p).extracting(RtpPacket::payloadType).containsOnly(101);
        assertThat(p).extracting(RtpPacket::marker).containsExactly(true, false, false, false, false, false, false);
        assertThat(p).extracting(RtpPacket::sequenceNumber).containsExactly(65_534, 65_535, 0, 1, 2, 3, 4);
        List<TelephoneEvent> e = p.stream().map(x -> TelephoneEvent.parse(x.payload()).value()).toList();
        assertThat(e).extracting(TelephoneEvent::event).containsOnly(5);
        assertThat(e).extracting(TelephoneEvent::duration).containsExactly(160, 320, 480, 640, 800, 800, 800);
        assertThat(e).extracting(TelephoneEvent::end).containsExactly(false, false, false, false, true, true, true);
    }

    @Test
    void writesTheRfc4733PayloadLayout() {
        // event 11 (#), E=1, volume 10, duration 0x0320
        assertThat(Hex.of(new TelephoneEvent(11, true, 10, 800).toBytes())).isEqualTo("0B8A0320");
    }

    @Test
    void aVeryShortKeyIsStillOnePacketTimeAndEnds() {
        List<RtpPacket> p = new TelephoneEventSender(101, 8000, 20).packets('A', 1, 0, 0, 9);
        assertThat(p).hasSize(3);
        assertThat(p.get(0).marker()).isTrue();
        assertThat(TelephoneEvent.parse(p.get(0).payload()).value().event()).isEqualTo(12);
    }

    @Test
    void refusesAStaticPayloadTypeAndNonKeys() {
        assertThatThrownBy(() -> new TelephoneEventSender(0, 8000, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TelephoneEventSender(101, 8000, 20).packets('x', 100, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
