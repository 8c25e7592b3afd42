package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.phones.VendorRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Installers' spellings of a model resolve to the catalog model; a typo gets the closest ones. */
class ModelNamesTest {
    private static final ModelNames NAMES = new ModelNames(VendorRegistry.builtIn().models());

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "SIP-T46U        | -       | T46U",
            "Yealink T46U    | -       | T46U",
            "t46u            | -       | T46U",
            "yealink sip-t46u| -       | T46U",
            "T46U            | yealink | T46U",
            "sip t46u        | Yealink | T46U",
            "snomD785        | -       | D785",
            "Snom D785       | snom    | D785",
            "T19P E2         | -       | T19P_E2",
            "t21p-e2         | -       | T21P_E2",
            "W90             | -       | W90DM",
            "Yealink W80     | -       | W80DM",
            "T58A            | -       | T58",
            "W56P            | -       | W52P",
            "Yealink W76P    | -       | W70B",
            "GXP-2170        | -       | GXP2170",
    })
    void resolvesAnInstallersSpellingToTheCatalogModel(String spelled, String vendor, String model) {
        assertThat(NAMES.resolve(vendor, spelled)).extracting(ModelInfo::model).containsExactly(model);
    }

    @Test
    void aSpellingOfAnotherVendorsModelIsNotResolvedWithinAVendor() {
        assertThat(NAMES.resolve("snom", "T46U")).isEmpty();
    }

    @Test
    void suggestsTheThreeClosestModelsForATypo() {
        assertThat(NAMES.closest(null, "T46X")).extracting(ModelInfo::model).containsExactlyInAnyOrder("T46U", "T46S", "T46G");
        assertThat(NAMES.unknownMessage(null, "SIP-T46X")).startsWith("'SIP-T46X' is not a supported model; did you mean T46")
                .contains("T46U").contains("T46S").contains("T46G");
    }

    @Test
    void suggestsNothingForSomethingThatIsNoModelName() {
        assertThat(NAMES.unknownMessage(null, "x".repeat(500))).isEqualTo("'" + "x".repeat(500) + "' is not a supported model");
    }

    @Test
    void distanceCountsEdits() {
        assertThat(ModelNames.distance("T46X", "T46U")).isEqualTo(1);
        assertThat(ModelNames.distance("T46U", "T46U")).isZero();
        assertThat(ModelNames.distance("D785", "D7855")).isEqualTo(1);
        assertThat(ModelNames.distance("", "W90")).isEqualTo(3);
    }
}
