package io.phonehome.phones.yealink;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.phones.AgentInfo;
import io.phonehome.phones.VendorRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One real-looking User-Agent per Yealink family and generation (the strings wazo-provd's Yealink
 * plug-ins quote from the field): the model it names must be a catalog model of the expected
 * family, with the common file its boot file includes, and the firmware it reports must be of the
 * firmware family the catalog expects (otherwise a correct image would be refused for it).
 */
class YealinkCatalogTest {
    private static final VendorRegistry REGISTRY = VendorRegistry.builtIn();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // desk, T19/T2x/T4x generation (V80+ firmware, same cfg syntax)
            "Yealink SIP-T19P_E2 53.84.0.125 00:15:65:4c:4c:25  | T19P_E2 | desk           | 053",
            "Yealink SIP-T21P_E2 52.80.0.3 00:15:65:4c:4c:26    | T21P_E2 | desk           | 052",
            "Yealink SIP-T23G 44.80.0.60 00:15:65:93:70:f2      | T23G    | desk           | 044",
            "Yealink SIP-T41P 36.83.0.35 00:15:65:93:70:f3      | T41P    | desk           | 036",
            "Yealink SIP-T46G 28.83.0.120 00:15:65:93:70:f4     | T46G    | desk           | 028",
            "Yealink SIP VP-T49G 51.80.0.10 00:15:65:9b:5a:44   | T49G    | desk           | 051",
            // desk, T3x / T4xS / T4xU / T5x / T7x
            "Yealink SIP-T31G 124.85.257.55 80:5e:c0:d5:7d:72   | T31G    | desk           | 123",
            "Yealink SIP-T34W 124.86.0.75 24:9a:d8:88:d0:f4     | T34W    | desk           | 171",
            "Yealink SIP-T42S 66.86.0.15 80:5e:c0:aa:00:07      | T42S    | desk           | 067",
            "Yealink SIP-T44W 108.86.0.90 80:5e:c0:aa:00:08     | T44W    | desk           | 174",
            "Yealink SIP-T56A  58.80.0.25 001565f429a4          | T56A    | desk           | 056",
            "Yealink SIP-T58W 150.86.0.11 80:5e:c0:aa:00:09     | T58W    | desk           | 150",
            "Yealink SIP-T77U 185.87.0.10 44:db:d2:bd:b5:69     | T77U    | desk           | 188",
            "Yealink SIP-T85W 185.87.0.10 44:db:d2:67:58:4b     | T85W    | desk           | 196",
            // desk, conference and video phones
            "Yealink CP860 37.72.0.5 00:15:65:8a:37:86          | CP860   | desk           | 037",
            "Yealink SIP-CP920 78.86.0.15 80:5e:c0:aa:00:0a     | CP920   | desk           | 078",
            "VP530P 23.70.0.40 00:15:65:31:4b:c0                | VP530P  | desk           | 023",
            "Yealink AX83H 180.87.0.5 44:db:d2:aa:00:0b         | AX83H   | desk           | 180",
            // dect: a base whose handsets pick among its accounts
            "Yealink SIP-W52P 25.73.0.20 00:15:65:40:ae:35      | W52P    | dect           | 025",
            "W52P 25.30.0.2 00:15:65:44:b3:7c                   | W52P    | dect           | 025",
            "Yealink W60B 77.81.0.35 80:5e:c0:09:ab:dc          | W60B    | dect           | 077",
            "Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e         | W70B    | dect           | 146",
            // dect-multicell and dect-base: a DECT manager and its radio bases
            "Yealink W80DM 103.83.0.122 24:9a:d8:d1:a6:31       | W80DM   | dect-multicell |",
            "Yealink W80B 103.83.0.122 24:9a:d8:d1:a6:32        | W80B    | dect-base      |",
            "Yealink W90DM 130.87.0.10 80:5e:c0:d9:c7:44        | W90DM   | dect-multicell | 130",
            "Yealink W90B 130.87.0.18 80:5e:c0:d9:c7:45         | W90B    | dect-base      | 130",
            "Yealink W75DM 175.87.0.10 24:9a:d8:d1:a6:40        | W75DM   | dect-multicell |",
            "Yealink W75B 175.87.0.10 24:9a:d8:d1:a6:41         | W75B    | dect-base      |",
    })
    void userAgentNamesACatalogModelOfItsFamily(String ua, String model, String family, String commonId) {
        AgentInfo info = REGISTRY.plugin("yealink").orElseThrow().parseUserAgent(ua).orElseThrow();
        assertThat(info.model()).isEqualTo(model);
        ModelInfo m = REGISTRY.models().find("yealink", info.model()).orElseThrow();
        assertThat(m.family()).isEqualTo(family);
        assertThat(m.attribute("common_id")).isEqualTo(java.util.Optional.ofNullable(commonId));
        String firstField = info.firmware().split("\\.")[0];
        assertThat(m.attribute("fw_family").map(Integer::parseInt)).contains(Integer.parseInt(firstField));
    }

    /**
     * Key counts as wazo-provd's Yealink function-key generator addresses them (v87
     * BaseYealinkFunckeyPrefixIterator: _NB_LINEKEY and _expmod_by_model; v83 for the models it
     * no longer lists): EXP40 6 x 40 on T27G/T46S/T48S (and T27P/T29G/T46G/T48G), EXP43 3 x 60 on
     * T4xU, EXP50 3 x 60 on every T5x, EXP55 3 x 78 on T7x/T8x, none elsewhere.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "T46S, 27, 6, 40", "T48S, 29, 6, 40", "T27G, 21, 6, 40", "T46G, 27, 6, 40", "T29G, 27, 6, 40",
            "T46U, 27, 3, 60", "T48U, 29, 3, 60", "T43U, 15, 3, 60",
            "T54W, 27, 3, 60", "T57W, 29, 3, 60", "T58, 27, 3, 60", "T58W, 27, 3, 60", "T53W, 21, 3, 60", "T52S, 21, 3, 60",
            "T77U, 95, 3, 78", "T85W, 72, 3, 78", "T74U, 60, 3, 78",
            "T31G, 2, 0, ", "T33G, 12, 0, ", "T42U, 15, 0, ", "T44W, 24, 0, ", "CP920, 0, 0, ", "W90DM, 0, 0, ",
    })
    void lineAndExpansionKeysAreTheOnesTheConfigAddresses(String model, int lineKeys, int modules, Integer keysPerModule) {
        ModelInfo m = REGISTRY.models().find("yealink", model).orElseThrow();
        assertThat(m.attribute("line_keys")).contains(Integer.toString(lineKeys));
        assertThat(m.attribute("expansion_modules")).contains(Integer.toString(modules));
        assertThat(m.attribute("expansion_keys")).isEqualTo(java.util.Optional.ofNullable(keysPerModule).map(String::valueOf));
    }

    @Test
    void everyRowThatTakesExpansionModulesSaysHowManyKeysEachHas() {
        assertThat(REGISTRY.models().forVendor("yealink")).allSatisfy(m -> {
            int modules = m.attribute("expansion_modules").map(Integer::parseInt).orElse(0);
            assertThat(m.attribute("expansion_keys").isPresent()).as(m.model()).isEqualTo(modules > 0);
        });
    }

    @Test
    void catalogHoldsTheCurrentAndPreviousGenerations() {
        assertThat(REGISTRY.models().forVendor("yealink")).hasSizeGreaterThanOrEqualTo(68)
                .extracting(ModelInfo::family).contains("desk", "dect", "dect-multicell", "dect-base");
    }

    @Test
    void everyBuiltInRowNamesItsSource() {
        assertThat(REGISTRY.models().all()).allSatisfy(m -> assertThat(m.attribute("source")).isPresent());
    }
}
