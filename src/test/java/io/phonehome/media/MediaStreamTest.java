package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaStreamTest {
    static final InetAddress SIGNALLING = InetAddress.getLoopbackAddress();

    @Test
    void anIpLiteralInTheSdpIsWhereRtpGoesUntilALatch() throws Exception {
        InetSocketAddress a = MediaStream.advertised(Optional.of("192.0.2.7"), 4000, SIGNALLING);
        assertThat(a.isUnresolved()).isFalse();
        assertThat(a.getAddress()).isEqualTo(InetAddress.getByName("192.0.2.7"));
        assertThat(MediaStream.advertised(Optional.of("2001:db8::1"), 4000, SIGNALLING).getAddress())
                .isEqualTo(InetAddress.getByName("2001:db8::1"));
    }

    @Test
    void aHostNameInTheSdpIsNeverLookedUpTheSignallingSourceStandsInstead() {
        // ".invalid" never resolves (RFC 6761): a lookup would answer "unresolved" or fail, not the loopback
        InetSocketAddress a = MediaStream.advertised(Optional.of("phone.invalid"), 4000, SIGNALLING);
        assertThat(a.isUnresolved()).isFalse();
        assertThat(a.getAddress()).isEqualTo(SIGNALLING);
        assertThat(a.getPort()).isEqualTo(4000);
    }

    @Test
    void theHoldAddressOrNoneAtAllMeansTheSignallingSource() {
        assertThat(MediaStream.advertised(Optional.empty(), 4000, SIGNALLING).getAddress()).isEqualTo(SIGNALLING);
        assertThat(MediaStream.advertised(Optional.of("999.1.1.1"), 4000, SIGNALLING).getAddress()).isEqualTo(SIGNALLING);
    }
}
