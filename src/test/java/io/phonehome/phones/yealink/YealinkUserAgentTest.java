package io.phonehome.phones.yealink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Yealink User-Agent strings, one row per supported model (plus the odd historical forms). */
class YealinkUserAgentTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Yealink SIP-T31G 124.86.0.75 24:9a:d8:11:22:33      | T31G  | 124.86.0.75 | 249ad8112233",
            "Yealink SIP-T33G 124.86.0.75 24:9a:d8:11:22:34      | T33G  | 124.86.0.75 | 249ad8112234",
            "Yealink SIP-T43U 108.86.0.45 80:5e:c0:aa:00:01      | T43U  | 108.86.0.45 | 805ec0aa0001",
            "Yealink SIP-T46S 66.86.0.15 80:5e:c0:aa:00:02       | T46S  | 66.86.0.15  | 805ec0aa0002",
            "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03      | T46U  | 108.86.0.20 | 805ec0aa0003",
            "Yealink SIP-T48U 108.86.0.20 80:5e:c0:aa:00:04      | T48U  | 108.86.0.20 | 805ec0aa0004",
            "Yealink SIP-T54W 96.86.0.70 80:5e:c0:aa:00:05       | T54W  | 96.86.0.70  | 805ec0aa0005",
            "Yealink SIP-T57W 97.86.0.70 80:5e:c0:aa:00:06       | T57W  | 97.86.0.70  | 805ec0aa0006",
            "Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e          | W70B  | 146.87.0.15 | 805e0c1d654e",
            "Yealink W90DM 130.87.0.10 80:5e:c0:d9:c7:44         | W90DM | 130.87.0.10 | 805ec0d9c744",
            "Yealink W90B 130.87.0.10 80:5e:c0:d9:c7:45          | W90B  | 130.87.0.10 | 805ec0d9c745",
            "Yealink SIP-T56A  58.80.0.25 001565f429a4           | T56A  | 58.80.0.25  | 001565f429a4",
            "Yealink SIP VP-T49G 51.80.0.10 00:15:65:9b:5a:44    | T49G  | 51.80.0.10  | 0015659b5a44",
            "yealink SIP-T28P 2.70.0.140 00:15:65:13:ae:0b       | T28P  | 2.70.0.140  | 00156513ae0b",
            "VP530P 23.70.0.40 00:15:65:31:4b:c0                 | VP530P| 23.70.0.40  | 001565314bc0",
    })
    void readsModelFirmwareAndMac(String ua, String model, String firmware, String mac) {
        YealinkUserAgent.Info info = YealinkUserAgent.parse(ua).orElseThrow();
        assertThat(info.model()).isEqualTo(model);
        assertThat(info.firmware()).isEqualTo(firmware);
        assertThat(info.mac().hex()).isEqualTo(mac);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Yealink-T46G 28.71.0.81 28.1.0.128.0.0.0"})
    void readsTheOldFormWithoutMac(String ua) {
        YealinkUserAgent.Info info = YealinkUserAgent.parse(ua).orElseThrow();
        assertThat(info.model()).isEqualTo("T46G");
        assertThat(info.mac()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)",
            "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872", "Fanvil X4 2.10.2.6887 0c383e07e16c", "curl/8.0", ""})
    void ignoresOtherVendors(String ua) {
        assertThat(YealinkUserAgent.parse(ua)).isEmpty();
    }

    /** Absurd or cut-off Yealink-looking strings: no model, no version, a broken MAC, far too long. */
    @ParameterizedTest
    @ValueSource(strings = {"Yealink", "Yealink SIP-T46U", "Yealink SIP-T46U 108.86.0.20", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00",
            "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:zz", "Yealink W90DM abc 80:5e:c0:d9:c7:44", "Yealink SIP- 108.86.0.20 80:5e:c0:aa:00:03",
            "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03 extra", "Yealink SIP-T46U\n108.86.0.20 80:5e:c0:aa:00:03"})
    void refusesAbsurdYealinkLookingStrings(String ua) {
        assertThat(YealinkUserAgent.parse(ua)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void refusesAnOverlongUserAgent() {
        assertThat(YealinkUserAgent.parse("Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03" + " ".repeat(300))).isEmpty();
    }
}
