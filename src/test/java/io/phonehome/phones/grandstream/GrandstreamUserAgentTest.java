package io.phonehome.phones.grandstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Grandstream User-Agent strings: one row per supported model, then the odd forms seen in the field. */
class GrandstreamUserAgentTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // the supported models
            "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872                            | GXP2135 | 1.0.7.97   | 000b828aa872",
            "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId c074ad2b3c4d                           | GXP2170 | 1.0.11.79  | c074ad2b3c4d",
            "Grandstream Model HW GRP2614 SW 1.0.5.15 DevId c074ad0b63ee                            | GRP2614 | 1.0.5.15   | c074ad0b63ee",
            "Grandstream Model HW GRP2616 SW 1.0.9.103 DevId ec74d7112233                           | GRP2616 | 1.0.9.103  | ec74d7112233",
            // the other families (shapes from wazo-provd's Grandstream plug-ins, common.py and common_ata/common.py comments)
            "Grandstream Model HW GXP1405 SW 1.0.4.23 DevId 000b8240d55c                            | GXP1405 | 1.0.4.23   | 000b8240d55c",
            "Grandstream Model HW GXP1628 SW 1.0.4.138 DevId c074ad2bd859                           | GXP1628 | 1.0.4.138  | c074ad2bd859",
            "Grandstream Model HW GXV3240 V1.6B SW 1.0.1.27 DevId 000b82632815                      | GXV3240 | 1.0.1.27   | 000b82632815",
            "Grandstream Model HW GXP1782 SW 1.0.1.133 DevId c074ad5e6f70                           | GXP1782 | 1.0.1.133  | c074ad5e6f70",
            "Grandstream Model HW WP820 V1.0A SW 1.0.7.90 DevId c074adaa0b0c                        | WP820   | 1.0.7.90   | c074adaa0b0c",
            // the HT8xx adapters send the same shape, hardware revision included
            "Grandstream Model HW HT801 V1.1A SW 1.0.17.5 DevId c074ad273a10                        | HT801   | 1.0.17.5   | c074ad273a10",
            "Grandstream Model HW HT802V2 V1.0A SW 1.0.5.4 DevId ec74d763e419                       | HT802V2 | 1.0.5.4    | ec74d763e419",
            "Grandstream Model HW HT814 V1.0A SW 1.0.63.3 DevId c074ad8a1b2c                        | HT814   | 1.0.63.3   | c074ad8a1b2c",
            // a hardware revision after the model
            "Grandstream Model HW GXP2170 V1.0B SW 1.0.9.127 DevId c074ad2b3c4e                     | GXP2170 | 1.0.9.127  | c074ad2b3c4e",
            "Grandstream Model HW GXP2200 V2.2A SW 1.0.1.33 DevId 000b82462d97                      | GXP2200 | 1.0.1.33   | 000b82462d97",
            // two spaces before the hardware revision
            "Grandstream Model HW GXV3350  V1.3A SW 1.0.1.8 DevId c074ad150b88                      | GXV3350 | 1.0.1.8    | c074ad150b88",
            // newer devices: DevId in upper case with colons
            "Grandstream Model HW GRP2616 SW 1.0.11.3 DevId EC:74:D7:89:1A:76                       | GRP2616 | 1.0.11.3   | ec74d7891a76",
            // the ancient GXP2000 form
            "Grandstream GXP2000 (gxp2000e.bin:1.2.5.3/boot55e.bin:1.1.6.9) DevId 000b822726c8      | GXP2000 | 1.2.5.3    | 000b822726c8",
    })
    void readsModelFirmwareAndMac(String ua, String model, String firmware, String mac) {
        GrandstreamUserAgent.Info info = GrandstreamUserAgent.parse(ua).orElseThrow();
        assertThat(info.model()).isEqualTo(model);
        assertThat(info.firmware()).isEqualTo(firmware);
        assertThat(info.mac()).isNotNull();
        assertThat(info.mac().hex()).isEqualTo(mac);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Grandstream Model HW GXP2135 SW 1.0.7.97 DevId unknown",
            "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa8"})
    void keepsModelAndFirmwareWhenTheDevIdIsNoMac(String ua) {
        GrandstreamUserAgent.Info info = GrandstreamUserAgent.parse(ua).orElseThrow();
        assertThat(info.model()).isEqualTo("GXP2135");
        assertThat(info.firmware()).isEqualTo("1.0.7.97");
        assertThat(info.mac()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03",
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)",
            "Fanvil X4U 2.12.16.17 0c383e557eb1", "Grandstream", "Grandstream Model HW GXP2135", "curl/8.0", "",
            "Grandstream Model HW HT814 V1.0A DevId c074ad8a1b2c", "Grandstream HT814 1.0.63.3", "grandstream model hw ht814 sw 1 devid x y z <script>"})
    void ignoresOtherVendorsAndFragments(String ua) {
        assertThat(GrandstreamUserAgent.parse(ua)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void ignoresOverlongAndMissingUserAgents() {
        assertThat(GrandstreamUserAgent.parse(null)).isEmpty();
        assertThat(GrandstreamUserAgent.parse("Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872 " + "x".repeat(300))).isEmpty();
    }
}
