package io.phonehome.phones.fanvil;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Fanvil User-Agent strings: one row per supported model, then the odd forms seen in the field. */
class FanvilUserAgentTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // the supported models
            "Fanvil X3U 2.12.16.17 0c383e1a2b3c      | X3U     | 2.12.16.17  | 0c383e1a2b3c",
            "Fanvil X4U 2.12.16.17 0c383e557eb2      | X4U     | 2.12.16.17  | 0c383e557eb2",
            "Fanvil X6U 2.12.20 0c383e2cd780         | X6U     | 2.12.20     | 0c383e2cd780",
            "Fanvil X7 2.12.16.17 0c383e7a8b9c       | X7      | 2.12.16.17  | 0c383e7a8b9c",
            // a space inside the model: a different product, spelled as a catalog row would be
            "Fanvil X6U Pro 0.0.10 0c383e2cd782      | X6U-PRO | 0.0.10      | 0c383e2cd782",
            // a hardware revision suffix, and the older generation
            "Fanvil X5U-V2 2.12.16.17 0c383e557eb1   | X5U-V2  | 2.12.16.17  | 0c383e557eb1",
            "Fanvil X4 2.10.2.6887 0c383e07e16c      | X4      | 2.10.2.6887 | 0c383e07e16c",
            "Fanvil i10SV 2.12.10.1 0c383e2397f4     | I10SV   | 2.12.10.1   | 0c383e2397f4",
    })
    void readsModelFirmwareAndMac(String ua, String model, String firmware, String mac) {
        FanvilUserAgent.Info info = FanvilUserAgent.parse(ua).orElseThrow();
        assertThat(info.model()).isEqualTo(model);
        assertThat(info.firmware()).isEqualTo(firmware);
        assertThat(info.mac().hex()).isEqualTo(mac);
    }

    /**
     * Both syntaxes, one row per family: the User-Agent names the model, and the catalog row of
     * that model says which syntax it is served. Shapes from vendor-formats.md 5.2 and wazo-provd's
     * User-Agent regex (plugins/wazo_fanvil/common/common.py); firmware versions as wazo-provd's
     * plugin-info and firmware file names give them for each model.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // older VOIP_CONFIG_FILE generation (wazo-provd serves them base.tpl)
            "Fanvil X2 2.14.0.7386 0c383e0a0b01      | X2    | 2.14.0.7386 | voip-config",
            "Fanvil X3 1.4.0.2090 0c383e0a0b02       | X3    | 1.4.0.2090  | voip-config",
            "Fanvil X3S 2.10.2.6887 0c383e0a0b03     | X3S   | 2.10.2.6887 | voip-config",
            "Fanvil X3SG 2.4.12 0c383e0a0b04         | X3SG  | 2.4.12      | voip-config",
            "Fanvil X4 2.14.0.7386 0c383e0a0b05      | X4    | 2.14.0.7386 | voip-config",
            "Fanvil X5S 1.12.2 0c383e0a0b06          | X5S   | 1.12.2      | voip-config",
            "Fanvil X6 1.12.2 0c383e0a0b07           | X6    | 1.12.2      | voip-config",
            "Fanvil X6V2 1.12.2 0c383e0a0b08         | X6V2  | 1.12.2      | voip-config",
            // sysConf generation
            "Fanvil X4U 2.12.16.17 0c383e0a0b09      | X4U   | 2.12.16.17  | sysconf",
            "Fanvil X210 2.4.5.2 0c383e0a0b0a        | X210  | 2.4.5.2     | sysconf",
            "Fanvil V64 2.12.20.3 0c383e0a0b0b       | V64   | 2.12.20.3   | sysconf",
            "Fanvil H2U-V2 2.12.20.2 0c383e0a0b0c    | H2U-V2 | 2.12.20.2  | sysconf",
            "Fanvil i16SV 2.12.44.6 0c383e0a0b0d     | I16SV | 2.12.44.6   | sysconf",
    })
    void eachFamilysUserAgentNamesACatalogModelOfThatSyntax(String ua, String model, String firmware, String format) {
        FanvilUserAgent.Info info = FanvilUserAgent.parse(ua).orElseThrow();
        assertThat(info.model()).isEqualTo(model);
        assertThat(info.firmware()).isEqualTo(firmware);
        assertThat(info.mac().oui()).isEqualTo("0c383e");
        var row = io.phonehome.phones.VendorRegistry.builtIn().models().find("fanvil", info.model()).orElseThrow();
        assertThat(row.attribute("format").orElse("sysconf")).isEqualTo(format);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03",
            "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872",
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)",
            "Fanvil X4U 2.12.16.17", "Fanvil X4U 2.12.16.17 0c:38:3e:55:7e:b1", "Fanvil", "curl/8.0", ""})
    void ignoresOtherVendorsAndFragments(String ua) {
        assertThat(FanvilUserAgent.parse(ua)).isEmpty();
    }

    @Test
    void ignoresOverlongAndMissingUserAgents() {
        assertThat(FanvilUserAgent.parse(null)).isEmpty();
        assertThat(FanvilUserAgent.parse("Fanvil " + "X".repeat(300) + " 2.1 0c383e557eb1")).isEmpty();
    }
}
