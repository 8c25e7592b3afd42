package io.phonehome.phones.grandstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.ImageName;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Grandstream catalog row renders its per-device and common files, with every line it can hold. */
class GrandstreamCatalogTest {
    static final String MAC = "c074ad2b3c4d";
    final GrandstreamPlugin plugin = new GrandstreamPlugin(VendorRegistry.builtIn().models());

    static Stream<String> models() {
        return VendorRegistry.builtIn().models().forVendor(GrandstreamPlugin.ID).stream().map(ModelInfo::model).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyModelRendersAFullDeviceFileAndItsCommonFile(String model) {
        ModelInfo info = VendorRegistry.builtIn().models().find(GrandstreamPlugin.ID, model).orElseThrow();
        TestConfigModel cm = TestConfigModel.of(GrandstreamPlugin.ID, model, MAC);
        for (int i = 1; i <= info.accounts(); i++) {
            cm.line(i, String.valueOf(500 + i), "Line " + i, Transport.UDP, Srtp.OFF);
        }
        XmlDoc doc = XmlDoc.parse(TestRender.render(plugin, "cfgmac.xml.ftlx", cm.build(), "cfg" + MAC + ".xml", Map.of()));
        assertThat(doc.root()).isEqualTo("gs_provision");
        // every line lands in elements of its own: a desk account names the extension as user id and
        // as account label (the label defaults to it), an adapter port or a DECT account only as user id
        String extensions = "/gs_provision/config/*[starts-with(text(), '5') and string-length(text()) = 3]";
        int perLine = info.family().equals("desk") ? 2 : 1;
        assertThat(doc.count(extensions)).as(model + " elements naming an extension").isEqualTo(info.accounts() * perLine);
        assertThat(doc.count("/gs_provision/config/*[text() = 'Line " + info.accounts() + "']")).as(model + " last line's name").isEqualTo(1);
        assertThat(doc.text("/gs_provision/config/P237")).isEqualTo("prov.example.com:8443");

        XmlDoc common = XmlDoc.parse(TestRender.render(plugin, "common.xml.ftlx", TestConfigModel.of(GrandstreamPlugin.ID, model, MAC).buildCommon(),
                "cfg" + model.toLowerCase() + ".xml"));
        assertThat(common.text("/gs_provision/config/P237")).isEqualTo("prov.example.com:8443");
        assertThat(common.has("/gs_provision/config/P34")).isFalse();
    }

    @Test
    void theCatalogCoversEveryGrandstreamFamilyItClaims() {
        List<String> names = models().toList();
        assertThat(names).contains("GXP1400", "GXP1630", "GXP1782", "GXP2170", "GRP2602", "GRP2616", "WP820", "GXV3240",
                "HT801", "HT802", "HT812", "HT814", "HT818", "HT704", "DP750", "DP752", "GXP2124", "GAC2500");
        assertThat(names).hasSizeGreaterThanOrEqualTo(55);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gxp1600fw.bin | GXP1610 GXP1615 GXP1620 GXP1625 GXP1628 GXP1630",
            "grp2600fw.bin | GRP2601 GRP2602",
            "gxp2170fw.bin | GXP2170",
            "ht802fw.bin   | HT802",
            "wp820fw.bin   | WP820",
            "dp750fw.bin   | DP750",
    })
    void anImageNamedForAFamilyServesEveryModelOfIt(String file, String models) {
        ImageName name = plugin.parseImageName(List.of("1.0.7.81"), file).orElseThrow();
        assertThat(name.models()).containsExactly(models.split(" "));
        assertThat(name.version()).isEqualTo("1.0.7.81");
        assertThat(name.handset()).isFalse();
    }
}
