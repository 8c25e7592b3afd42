package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class LatchGuardTest {
    private static final InetAddress PHONE_PUBLIC = addr("198.51.100.7");
    private static final InetSocketAddress SDP = new InetSocketAddress(addr("192.168.1.10"), 11_780);

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static LatchGuard guard() {
        return new LatchGuard(SDP, PHONE_PUBLIC, 10, 2_000, 0);
    }

    @Test
    void aNattedPhoneIsLatchedFromItsSignallingAddress() {
        LatchGuard g = guard();
        InetSocketAddress natted = new InetSocketAddress(PHONE_PUBLIC, 40_123);
        assertThat(g.admit(natted, 20)).isTrue();
        assertThat(g.target()).isEqualTo(natted);
    }

    @Test
    void anotherAddressNeverTakesTheLatchEvenFirst() {
        LatchGuard g = guard();
        assertThat(g.admit(new InetSocketAddress(addr("203.0.113.66"), 40_000), 0)).isFalse();
        assertThat(g.isLatched()).isFalse();
        assertThat(g.target()).isEqualTo(SDP);
        assertThat(g.refused()).isEqualTo(1);
    }

    @Test
    void onceLatchedAnotherPortOfTheSameAddressIsRefused() {
        LatchGuard g = guard();
        g.admit(new InetSocketAddress(PHONE_PUBLIC, 40_123), 0);
        assertThat(g.admit(new InetSocketAddress(PHONE_PUBLIC, 40_999), 40)).isFalse();
        assertThat(g.target().getPort()).isEqualTo(40_123);
    }

    @Test
    void afterTheWindowNoLatchIsTaken() {
        LatchGuard byTime = guard();
        assertThat(byTime.admit(new InetSocketAddress(PHONE_PUBLIC, 40_123), 2_000)).isFalse();
        LatchGuard byCount = new LatchGuard(SDP, PHONE_PUBLIC, 0, 2_000, 0);
        assertThat(byCount.admit(new InetSocketAddress(PHONE_PUBLIC, 40_123), 1)).isFalse();
    }

    @Test
    void aFloodFromElsewhereDoesNotCloseTheWindowOnThePhone() {
        LatchGuard g = guard();
        for (int i = 0; i < 1000; i++) {
            assertThat(g.admit(new InetSocketAddress(addr("203.0.113.66"), 40_000 + i), 1)).isFalse();
        }
        assertThat(g.admit(new InetSocketAddress(PHONE_PUBLIC, 40_123), 2)).isTrue();
        assertThat(g.refused()).isEqualTo(1000);
    }

    @Test
    void thePeerSendingFromItsSdpAddressPinsItAtOnce() {
        LatchGuard g = guard();
        assertThat(g.admit(SDP, 0)).isTrue();
        assertThat(g.admit(new InetSocketAddress(PHONE_PUBLIC, 40_123), 1)).isFalse();
        assertThat(g.target()).isEqualTo(SDP);
    }
}
