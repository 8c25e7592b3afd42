package io.phonehome.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    @Test
    void addressesAndBlocksOfBothFamiliesAreTrustedAndNothingElse() throws Exception {
        TrustedProxies p = TrustedProxies.of(List.of("10.0.0.0/8", " 192.0.2.10 ", "2001:db8::/33"));
        assertThat(p.trusts(InetAddress.getByName("10.200.1.1"))).isTrue();
        assertThat(p.trusts(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(p.trusts(InetAddress.getByName("192.0.2.10"))).isTrue();
        assertThat(p.trusts(InetAddress.getByName("192.0.2.11"))).isFalse();
        assertThat(p.trusts(InetAddress.getByName("2001:db8:7fff::1"))).isTrue();
        assertThat(p.trusts(InetAddress.getByName("2001:db8:8000::1"))).isFalse();
        assertThat(p.trusts(null)).isFalse();
        assertThat(TrustedProxies.of(List.of()).isEmpty()).isTrue();
        assertThat(TrustedProxies.NONE.trusts(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void aNameOrABadPrefixIsRefusedWithTheEntry() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("haproxy.example"))).hasMessageContaining("'haproxy.example'");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/x"))).hasMessageContaining("prefix length");
    }
}
