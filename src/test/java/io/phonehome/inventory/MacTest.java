package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacTest {
    @ParameterizedTest
    @ValueSource(strings = {"00:15:65:AA:BB:CC", "00-15-65-aa-bb-cc", "0015.65aa.bbcc", "001565aabbcc", "001565AABBCC", " 00:15:65:aa:bb:cc "})
    void acceptsTheUsualSpellingsAndNormalisesToLowerHex(String spelling) {
        Mac mac = Mac.parse(spelling);
        assertThat(mac.hex()).isEqualTo("001565aabbcc");
        assertThat(mac.upper()).isEqualTo("001565AABBCC");
        assertThat(mac.colons()).isEqualTo("00:15:65:aa:bb:cc");
        assertThat(mac.oui()).isEqualTo("001565");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00:15:65:aa:bb", "00:15:65:aa:bb:cc:dd", "0015:65aa:bbcc", "00:15-65:aa:bb:cc", "gg1565aabbcc",
            "001565aabbc", "../etc/passwd", "00:15:65:aa:bb:cc; DROP TABLE"})
    void refusesWhatIsNotAMac(String text) {
        assertThatThrownBy(() -> Mac.parse(text)).isInstanceOf(InventoryException.class).hasMessageContaining("MAC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000000000000", "ffffffffffff", "01:00:5e:00:00:01"})
    void refusesAddressesNoPhoneHas(String text) {
        assertThatThrownBy(() -> Mac.parse(text)).isInstanceOf(InventoryException.class);
    }
}
