package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TelephoneEventReceiverTest {
    private static final int PT = 101;
    private final TelephoneEventSender sender = new TelephoneEventSender(PT, 8000, 20);

    /** The keys detected when {@code packets} arrive 20 ms apart, then a long silence. */
    private static String keysOf(TelephoneEventReceiver rx, List<RtpPacket> packets) {
        List<TelephoneEventReceiver.Key> keys = new ArrayList<>();
        long t = 0;
        for (RtpPacket p : packets) {
            keys.addAll(rx.receive(p, t));
            t += 20;
        }
        keys.addAll(rx.poll(t + 10_000));
        return keys.stream().map(k -> String.valueOf(k.key())).collect(Collectors.joining());
    }

    private List<RtpPacket> digits(String keys) {
        List<RtpPacket> all = new ArrayList<>();
        int seq = 1000;
        long ts = 50_000;
        for (char c : keys.toCharArray()) {
            List<RtpPacket> p = sender.packets(c, 100, seq, ts, 77);
            all.addAll(p);
            seq += p.size();
            ts += 8000; // keys a second apart
        }
        return all;
    }

    @Test
    void eachKeyIsReportedOnceDespiteTheThreeEndPackets() {
        assertThat(keysOf(new TelephoneEventReceiver(PT), digits("1234567890*#"))).isEqualTo("1234567890*#");
    }

    @Test
    void theSameKeyTwiceInARowIsTwoKeys() {
        assertThat(keysOf(new TelephoneEventReceiver(PT), digits("55"))).isEqualTo("55");
    }

    @Test
    void aKeyWhoseEndPacketsAreAllLostEndsWhenTheNextKeyStarts() {
        List<RtpPacket> packets = digits("12");
        packets.removeIf(p -> p.timestamp() == 50_000 && TelephoneEvent.parse(p.payload()).value().end());
        TelephoneEventReceiver rx = new TelephoneEventReceiver(PT);
        List<TelephoneEventReceiver.Key> keys = new ArrayList<>();
        for (RtpPacket p : packets) {
            keys.addAll(rx.receive(p, 0));
        }
        assertThat(keys).extracting(TelephoneEventReceiver.Key::key).containsExactly('1', '2');
        assertThat(keys).extracting(TelephoneEventReceiver.Key::endSeen).containsExactly(false, true);
    }

    @Test
    void aKeyWhoseEndNeverCameEndsAfterTheTimeout() {
        List<RtpPacket> packets = digits("9");
        packets.removeIf(p -> TelephoneEvent.parse(p.payload()).value().end());
        TelephoneEventReceiver rx = new TelephoneEventReceiver(PT, 300);
        for (RtpPacket p : packets) {
            assertThat(rx.receive(p, 0)).isEmpty();
        }
        assertThat(rx.poll(299)).isEmpty();
        assertThat(rx.poll(300)).extracting(TelephoneEventReceiver.Key::key).containsExactly('9');
        assertThat(rx.poll(10_000)).isEmpty();
    }

    @Test
    void duplicatedAndLateEndPacketsAfterTheKeyAreIgnored() {
        List<RtpPacket> packets = new ArrayList<>(digits("7"));
        packets.addAll(digits("7")); // every packet delivered twice, the whole event replayed
        assertThat(keysOf(new TelephoneEventReceiver(PT), packets)).isEqualTo("7");
    }

    @Test
    void audioInterleavedBetweenEventPacketsChangesNothing() {
        List<RtpPacket> mixed = new ArrayList<>();
        int seq = 1;
        for (RtpPacket e : digits("42")) {
            mixed.add(e);
            mixed.add(RtpPacket.of(false, 0, seq++, e.timestamp() + 160, 77, new byte[160]));
        }
        assertThat(keysOf(new TelephoneEventReceiver(PT), mixed)).isEqualTo("42");
    }

    @Test
    void onlyTheFirstEndPacketArrivingStillGivesTheKeyWithItsDuration() {
        List<RtpPacket> packets = sender.packets('#', 200, 1, 0, 1);
        TelephoneEventReceiver rx = new TelephoneEventReceiver(PT);
        RtpPacket lastEnd = packets.get(packets.size() - 1);
        assertThat(rx.receive(lastEnd, 0)).containsExactly(new TelephoneEventReceiver.Key('#', 1600, true));
    }

    @Test
    void shortOrNonDtmfPayloadsAreIgnored() {
        TelephoneEventReceiver rx = new TelephoneEventReceiver(PT);
        assertThat(rx.receive(RtpPacket.of(false, PT, 1, 0, 1, new byte[] {1, 2}), 0)).isEmpty();
        assertThat(rx.receive(RtpPacket.of(false, PT, 2, 0, 1, new byte[] {(byte) 70, (byte) 0x8A, 0, 80}), 0)).isEmpty();
        assertThat(rx.poll(10_000)).isEmpty();
    }
}
