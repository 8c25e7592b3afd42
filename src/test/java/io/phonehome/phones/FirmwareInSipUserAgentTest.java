package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Firmware from a REGISTER's User-Agent, asked of the registry as the SIP core asks. One row per User-Agent form; the HTTP forms are the samples of vendor-formats.md, the SIP forms what the phones send in REGISTER. */
class FirmwareInSipUserAgentTest {
    static final VendorRegistry PHONES = VendorRegistry.builtIn();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            yealink     | Yealink SIP-T46U 108.86.0.20                                   | 108.86.0.20
            yealink     | Yealink SIP-T56A  58.80.0.25 001565f429a4                     | 58.80.0.25
            yealink     | Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e                    | 146.87.0.15
            yealink     | yealink SIP-T21P_E2 52.84.0.15                                | 52.84.0.15
            snom        | snomD785/10.1.46.16                                           | 10.1.46.16
            snom        | Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0) | 10.1.169.16
            grandstream | Grandstream GXP2170 1.0.11.3                                  | 1.0.11.3
            grandstream | Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872   | 1.0.7.97
            fanvil      | Fanvil X4 2.10.2.6887 0c383e07e16c                            | 2.10.2.6887
            fanvil      | Fanvil X5U-V2 2.12.16.17 0c383e557eb1                         | 2.12.16.17
            yealink     | baresip v1.0.0 (x86_64/linux)                                  | -
            yealink     | Grandstream GXP2170 1.0.11.3                                  | -
            snom        | Yealink SIP-T46U 108.86.0.20                                   | -
            yealink     | Yealink SIP-T46U                                              | -
            cisco       | Cisco/SPA504G-7.6.2                                           | -
            """)
    void readsTheFirmwareOfTheDevicesOwnVendorOnly(String vendor, String userAgent, String expected) {
        assertThat(PHONES.firmwareInSipUserAgent(vendor, userAgent).orElse(null)).isEqualTo(expected);
    }
}
