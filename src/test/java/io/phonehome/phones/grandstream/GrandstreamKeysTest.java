package io.phonehome.phones.grandstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.RenderException;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grandstream programmable keys by family, rendered through the stock templates and parsed as XML. */
class GrandstreamKeysTest {
    static final String MAC = "c074ad2b3c4d";
    final GrandstreamPlugin plugin = new GrandstreamPlugin(VendorRegistry.builtIn().models());

    static ModelInfo model(String name) {
        return VendorRegistry.builtIn().models().find("grandstream", name).orElseThrow();
    }

    XmlDoc render(TestConfigModel model) {
        return XmlDoc.parse(TestRender.render(plugin, "cfgmac.xml.ftlx", model.build(), "cfg" + MAC + ".xml", Map.of()));
    }

    static String p(XmlDoc doc, int pvalue) {
        return doc.text("/gs_provision/config/P" + pvalue);
    }

    @Test
    void gxp2124MultiPurposeKeysUseTheirThreeDocumentedPValueRanges() {
        XmlDoc doc = render(TestConfigModel.of("grandstream", "GXP2124", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .line(2, "301", "Second", Transport.UDP, Srtp.OFF)
                .key(0, 1, "blf", "201", "Anna", 1)
                .key(0, 7, "speed_dial", "0445551234", "Taxi", 2)
                .key(0, 8, "park", "701", "Park 1", 1)
                .key(0, 19, "intercom", "202", "Bruno", 1)
                .key(0, 24, "voicemail", "*97", "Mailbox", 1));
        // MPK 1: mode P323, account P301, description P302, value P303
        assertThat(p(doc, 323)).isEqualTo("1");
        assertThat(p(doc, 301)).isEqualTo("0");
        assertThat(p(doc, 302)).isEqualTo("Anna");
        assertThat(p(doc, 303)).isEqualTo("201");
        // MPK 7: mode P329, then P319-P321; account 2 is 1 (0-based)
        assertThat(p(doc, 329)).isEqualTo("0");
        assertThat(p(doc, 319)).isEqualTo("1");
        assertThat(p(doc, 321)).isEqualTo("0445551234");
        // MPK 8: the block of four from P353
        assertThat(p(doc, 353)).isEqualTo("9");
        assertThat(p(doc, 356)).isEqualTo("701");
        // MPK 19 and 24: the blocks from P1440 and P1460
        assertThat(p(doc, 1440)).isEqualTo("10");
        assertThat(p(doc, 1443)).isEqualTo("202");
        assertThat(p(doc, 1460)).isEqualTo("6");
        assertThat(p(doc, 1463)).isEqualTo("*97");
        // not the GRP261x block
        assertThat(doc.has("/gs_provision/config/P23000")).isFalse();
    }

    @Test
    void gxp1628sEighthMultiPurposeKeyIsAtP353() {
        XmlDoc doc = render(TestConfigModel.of("grandstream", "GXP1628", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .key(0, 8, "blf", "208", "Desk 8", 1));
        assertThat(p(doc, 353)).isEqualTo("1");
        assertThat(p(doc, 354)).isEqualTo("0");
        assertThat(p(doc, 355)).isEqualTo("Desk 8");
        assertThat(p(doc, 356)).isEqualTo("208");
        assertThat(doc.has("/gs_provision/config/P330")).isFalse();
    }

    @Test
    void grp261xWritesVirtualKeysThenPhysicalMultiPurposeKeysAndNeverTheExpansionBlock() {
        // GRP2614: 4 accounts, VPKs 1-16, then MPKs 1-24
        XmlDoc doc = render(TestConfigModel.of("grandstream", "GRP2614", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .key(0, 3, "transfer", "209", "To Carla", 1)
                .key(0, 8, "dnd", "", "DND", 1)
                .key(0, 9, "line", "", "Line 2", 2)
                .key(0, 17, "blf", "201", "Anna", 1)
                .key(0, 40, "park", "701", "Park", 1));
        // VPK 3: P1367 mode, P1368 account, P1469 description, P1470 value
        assertThat(p(doc, 1367)).isEqualTo("8");
        assertThat(p(doc, 1368)).isEqualTo("0");
        assertThat(p(doc, 1469)).isEqualTo("To Carla");
        assertThat(p(doc, 1470)).isEqualTo("209");
        // VPK 8 and 9: the blocks of four from P23804 and P23808; DND 22, Line 31
        assertThat(p(doc, 23804)).isEqualTo("22");
        assertThat(p(doc, 23808)).isEqualTo("31");
        assertThat(p(doc, 23809)).isEqualTo("1");
        // positions 17 and 40 are MPK 1 and MPK 24
        assertThat(p(doc, 323)).isEqualTo("1");
        assertThat(p(doc, 303)).isEqualTo("201");
        assertThat(p(doc, 1460)).isEqualTo("9");
        assertThat(p(doc, 1463)).isEqualTo("701");
        // the dynamic VPKs stay in sequence: 5, 6 and 7 (after the 4 accounts' keys) are None
        assertThat(p(doc, 1371)).isEqualTo("-1");
        assertThat(p(doc, 1373)).isEqualTo("-1");
        assertThat(p(doc, 23800)).isEqualTo("-1");
        // the accounts' own line keys 1, 2 and 4 are left to the phone
        assertThat(doc.has("/gs_provision/config/P1363")).isFalse();
        assertThat(doc.has("/gs_provision/config/P1369")).isFalse();
        // P23000 is the expansion module's first key (pks.ext.1)
        assertThat(doc.has("/gs_provision/config/P23000")).isFalse();
    }

    @Test
    void grp261xOffersDndAndLineButALineKeyOnlyOnAVirtualKey() {
        assertThat(plugin.keyTypes(model("GRP2616"))).containsExactlyInAnyOrder("speed_dial", "blf", "voicemail", "transfer", "park",
                "intercom", "dnd", "line");
        assertThat(plugin.keyProblem(model("GRP2616"), 0, 16, "line", "")).isEmpty();
        assertThat(plugin.keyProblem(model("GRP2616"), 0, 17, "line", "")).hasValueSatisfying(r -> assertThat(r).contains("no line mode"));
        assertThat(plugin.keyProblem(model("GRP2616"), 0, 17, "dnd", "")).isEmpty();
        assertThat(plugin.keyTypes(model("GRP2612W"))).isEmpty();
        // an operator's row that names the layout but not how many positions are virtual keys
        ModelInfo row = new ModelInfo("grandstream", "GRP2612X", "desk", 2, 0, Map.of("key_layout", "vpk", "line_keys", "16"));
        assertThat(plugin.keyTypes(row)).isEmpty();
        assertThat(plugin.noKeysReason(row)).hasValueSatisfying(r -> assertThat(r).contains("without vpk_keys"));
    }

    @Test
    void theMultiPurposeFamiliesOfferTheDocumentedModesAndNoLineOrDndKey() {
        for (String m : new String[] {"GXP1628", "GXP1630", "GXP2100", "GXP2110", "GXP2120", "GXP2124"}) {
            assertThat(plugin.keyTypes(model(m))).as(m).containsExactlyInAnyOrder("speed_dial", "blf", "voicemail", "transfer", "park", "intercom");
            assertThat(plugin.noKeysReason(model(m))).as(m).isEmpty();
        }
        assertThat(model("GXP2110").attribute("line_keys")).hasValue("18");
        assertThat(model("GXP2124").attribute("line_keys")).hasValue("24");
    }

    @Test
    void adaptersBasesAndUndocumentedFamiliesTakeNoKeysAndSayWhy() {
        assertThat(plugin.keyTypes(model("HT802"))).isEmpty();
        assertThat(plugin.noKeysReason(model("HT802"))).hasValueSatisfying(r -> assertThat(r).contains("analog"));
        assertThat(plugin.keyTypes(model("HT814"))).isEmpty();
        assertThat(plugin.noKeysReason(model("HT814"))).hasValueSatisfying(r -> assertThat(r).contains("analog"));
        assertThat(plugin.keyTypes(model("DP750"))).isEmpty();
        assertThat(plugin.noKeysReason(model("DP750"))).hasValueSatisfying(r -> assertThat(r).contains("DECT base"));
        for (String m : new String[] {"GXP2170", "GXP1760", "GXP2200", "GXP1610"}) {
            assertThat(plugin.keyTypes(model(m))).as(m).isEmpty();
            assertThat(plugin.noKeysReason(model(m))).as(m).hasValueSatisfying(r -> assertThat(r).contains("no P-value numbering"));
        }
    }

    @Test
    void aMultiPurposeKeyBeyondTheDocumentedTwentyFourIsAProblemAtInput() {
        assertThat(plugin.keyProblem(model("GXP2124"), 0, 24, "blf", "201")).isEmpty();
        assertThat(plugin.keyProblem(model("GXP2124"), 0, 25, "blf", "201")).hasValueSatisfying(r -> assertThat(r).contains("1 to 24"));
    }

    @Test
    void aKeyWithoutDocumentedPValuesStopsTheRenderInsteadOfVanishing() {
        // A catalog row changed after the key was entered: the file is not served without it.
        assertThatThrownBy(() -> render(TestConfigModel.of("grandstream", "GXP2170", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .key(0, 1, "blf", "201", "Anna", 1)))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("no documented P-values");
    }
}
