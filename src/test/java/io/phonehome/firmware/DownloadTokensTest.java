package io.phonehome.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.Mac;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DownloadTokensTest {
    static Device device(String mac, String password) {
        return new Device(1, Mac.parse(mac), "yealink", "T46U", null, 1L, password, null, null, null, null, null, null, null, Instant.EPOCH, 1);
    }

    @Test
    void aDevicesOwnSegmentIsValidForItAndNobodyElse() {
        Device a = device("805ec0aa0001", "secret-a-0123456789");
        Device b = device("805ec0aa0002", "secret-b-0123456789");
        String segment = DownloadTokens.segment(a);
        assertThat(segment).startsWith("805ec0aa0001-").hasSize(12 + 1 + 32);
        DownloadTokens.Claim claim = DownloadTokens.parse(segment).orElseThrow();
        assertThat(DownloadTokens.valid(claim, a)).isTrue();
        assertThat(DownloadTokens.valid(claim, b)).isFalse();
        // same MAC, another password (re-imported device): the old URL stops working
        assertThat(DownloadTokens.valid(claim, device("805ec0aa0001", "another-password-xyz"))).isFalse();
    }

    @Test
    void aForgedTagOrAnotherMacIsRefused() {
        Device a = device("805ec0aa0001", "secret-a-0123456789");
        String tag = DownloadTokens.segment(a).substring(13);
        assertThat(DownloadTokens.valid(DownloadTokens.parse("805ec0aa0001-" + "0".repeat(32)).orElseThrow(), a)).isFalse();
        assertThat(DownloadTokens.valid(DownloadTokens.parse("805ec0aa0009-" + tag).orElseThrow(), a)).isFalse();
    }

    @Test
    void onlyTheExactSegmentFormParses() {
        assertThat(DownloadTokens.parse("805ec0aa0001")).isEmpty();
        assertThat(DownloadTokens.parse("805EC0AA0001-" + "a".repeat(32))).isEmpty();
        assertThat(DownloadTokens.parse("805ec0aa0001-" + "a".repeat(31))).isEmpty();
        assertThat(DownloadTokens.parse("ffffffffffff-" + "a".repeat(32))).isEmpty(); // not a device MAC
    }
}
