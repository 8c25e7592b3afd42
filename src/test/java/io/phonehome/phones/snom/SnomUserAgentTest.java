package io.phonehome.phones.snom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snom User-Agents in the real format, one row per supported model, with and without the MAC.
 * The D785 rows are verbatim field samples (the 10.1.169.16 one from a D785, the 10.1.33.33 one
 * from wazo-provd-plugins); the others follow the same firmware-10 form with that model's type.
 */
class SnomUserAgentTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Mozilla/4.0 (compatible; snomD315-SIP 10.1.184.15 2010.12-00004-gd6e8b1e6 (Mar 30 2021 - 09:08:07) 000413B4C0D1 SXM:0 UXM:0 UXMC:0) | D315 | 10.1.184.15 | 000413b4c0d1",
            "Mozilla/4.0 (compatible; snomD385-SIP 10.1.198.19 2010.12-00004-g2f5e6a1c (Jun 12 2020 - 10:11:12) 000413A1B2C3 SXM:0 UXM:0 UXMC:0) | D385 | 10.1.198.19 | 000413a1b2c3",
            "Mozilla/4.0 (compatible; snomD735-SIP 10.1.215.13 2010.12-00005-g7a01c2d3 (Oct 05 2021 - 16:20:01) 000413C0FFEE SXM:0 UXM:0 UXMC:0) | D735 | 10.1.215.13 | 000413c0ffee",
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0) | D785 | 10.1.169.16 | 00041396d9b4",
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 2010.12-00004-g9ba52f5 000413922D24 SXM:0 UXM:0)                                  | D785 | 10.1.33.33  | 000413922d24",
            "Mozilla/4.0 (compatible; snomD865-SIP 10.1.226.16 2010.12-00005-gb36a57c9 (Jan 17 2023 - 11:02:33) 000413D865A1 SXM:0 UXM:0 UXMC:0) | D865 | 10.1.226.16 | 000413d865a1",
            // older firmware puts the MAC straight after the build string, and there is no SXM part
            "Mozilla/4.0 (compatible; snom710-SIP 8.7.5.35 1.1.5-IFX-05.01.12 000413741767)                                                 | 710  | 8.7.5.35    | 000413741767",
    })
    void readsModelFirmwareAndMac(String ua, String model, String firmware, String mac) {
        SnomUserAgent.Info info = SnomUserAgent.parse(ua).orElseThrow();
        assertThat(info.model()).isEqualTo(model);
        assertThat(info.firmware()).isEqualTo(firmware);
        assertThat(info.mac()).isNotNull();
        assertThat(info.mac().hex()).isEqualTo(mac);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Mozilla/4.0 (compatible; snomD315-SIP 10.1.20.0 2010.12-00004-g5d8d1a5)                      | D315 | 10.1.20.0",
            "Mozilla/4.0 (compatible; snomD385-SIP 10.1.26.1 2010.12-00004-gc3aa5b1 (Nov 08 2018 - 12:00:00)) | D385 | 10.1.26.1",
            "Mozilla/4.0 (compatible; snomD735-SIP 10.1.39.11 2010.12-00004-g9ba52f5)                     | D735 | 10.1.39.11",
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.46.16 2010.12-00004-g6b7e1a0)                     | D785 | 10.1.46.16",
            "Mozilla/4.0 (compatible; snomD865-SIP 10.1.101.11 2010.12-00005-g0e1f2a3)                    | D865 | 10.1.101.11",
            "Mozilla/4.0 (compatible; snom760-SIP 8.7.3.19 2010.06)                                       | 760  | 8.7.3.19",
            "Mozilla/4.0 (compatible; snom320-SIP 8.4.18 1.1.3-s)                                         | 320  | 8.4.18",
            "Mozilla/4.0 (compatible; snom870-SIP 8.4.35 SPEAr300 SNOM 1.4)                               | 870  | 8.4.35",
            "Mozilla/4.0 (compatible; snomPA1-SIP 8.4.35 1.1.3-s)                                         | PA1  | 8.4.35",
    })
    void readsOlderFormsWithoutMac(String ua, String model, String firmware) {
        SnomUserAgent.Info info = SnomUserAgent.parse(ua).orElseThrow();
        assertThat(info.model()).isEqualTo(model);
        assertThat(info.firmware()).isEqualTo(firmware);
        assertThat(info.mac()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // two 12-hex words: Snom's OUI wins, wherever it stands
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 ABCDEF012345 00041396D9B4 SXM:0 UXM:0) | 00041396d9b4",
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 00041396D9B4 ABCDEF012345 SXM:0 UXM:0) | 00041396d9b4",
            // no Snom OUI among two: the word before SXM: is the MAC
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 ABCDEF012345 02AB00C0FFEE SXM:0 UXM:0) | 02ab00c0ffee",
    })
    void findsTheMacWhereverItStands(String ua, String mac) {
        assertThat(SnomUserAgent.parse(ua).orElseThrow().mac().hex()).isEqualTo(mac);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // ambiguous: two candidates, neither Snom's nor before SXM:
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 ABCDEF012345 02AB00C0FFEE)",
            // lower-case or too short hex is a build hash, never a MAC
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 00041396d9b4 SXM:0)",
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 00041396D9B SXM:0)",
            // all zeros is no device
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 000000000000 SXM:0)",
    })
    void leavesTheMacOutWhenNoWordIsClearlyIt(String ua) {
        SnomUserAgent.Info info = SnomUserAgent.parse(ua).orElseThrow();
        assertThat(info.model()).isEqualTo("D785");
        assertThat(info.mac()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03",
            "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872",
            "Fanvil X4 2.10.2.6887 0c383e07e16c",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
            "Mozilla/4.0 (compatible; snom lid 3605)",
            "curl/8.0",
            "",
    })
    void ignoresOtherUserAgents(String ua) {
        assertThat(SnomUserAgent.parse(ua)).isEmpty();
    }

    @Test
    void ignoresAbsurdlyLongUserAgents() {
        String ua = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 000413922D24 " + "x".repeat(600) + ")";
        assertThat(SnomUserAgent.parse(ua)).isEmpty();
        assertThat(SnomUserAgent.parse(null)).isEmpty();
    }
}
