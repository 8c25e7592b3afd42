package io.phonehome.phones.grandstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.RenderException;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DP75x DECT bases (format {@code dp}): accounts in the account table, handsets pick them through line slots. */
class GrandstreamDectTest {
    static final String MAC = "000b82a1b2c3";
    final GrandstreamPlugin plugin = new GrandstreamPlugin(VendorRegistry.builtIn().models());

    static ConfigModel withHandsets(ConfigModel m, List<ConfigModel.HandsetInfo> handsets) {
        return new ConfigModel(m.device(), m.model(), m.site(), m.timeZone(), m.lines(), handsets, m.provisioning(), m.firmware(), m.server());
    }

    static ConfigModel base(String model) {
        return TestConfigModel.of("grandstream", model, MAC).line(1, "401", "Reception", Transport.UDP, Srtp.OFF)
                .line(2, "402", "Store", Transport.UDP, Srtp.OFF).line(3, "403", "Night", Transport.UDP, Srtp.OFF).build();
    }

    XmlDoc render(ConfigModel model) {
        XmlDoc doc = XmlDoc.parse(TestRender.render(plugin, "cfgmac.xml.ftlx", model, "cfg" + MAC + ".xml", Map.of()));
        assertThat(doc.root()).isEqualTo("gs_provision");
        return doc;
    }

    static String p(XmlDoc doc, String pvalue) {
        return doc.text("/gs_provision/config/" + pvalue);
    }

    @Test
    void handsetsGetTheirLinesInTheirOwnSlotsAndAnAccountOnSeveralHandsetsRingsThemAll() {
        XmlDoc doc = render(withHandsets(base("DP750"), List.of(
                new ConfigModel.HandsetInfo(1, "Front desk", null, List.of(1, 3)),
                new ConfigModel.HandsetInfo(2, "Store", null, List.of(2, 3)),
                new ConfigModel.HandsetInfo(4, "Yard & <Gate>", null, List.of(3, 2)))));
        // accounts 1-3 in the table, all on profile 1; the rest switched off
        assertThat(p(doc, "P4060")).isEqualTo("401");
        assertThat(p(doc, "P4091")).isEqualTo("u402");
        assertThat(p(doc, "P4122")).isEqualTo("pw-403");
        assertThat(p(doc, "P4180")).isEqualTo("Reception");
        assertThat(p(doc, "P4595")).isEqualTo("1");
        assertThat(p(doc, "P4597")).isEqualTo("1");
        assertThat(p(doc, "P4598")).isEqualTo("0");
        assertThat(p(doc, "P4604")).as("account 10 off").isEqualTo("0");
        assertThat(p(doc, "P4150")).isEqualTo("0");
        assertThat(p(doc, "P47")).isEqualTo("prov.example.com:5060");
        assertThat(p(doc, "P271")).isEqualTo("1");
        // handset 1: slots 1-2 = accounts 1 and 3, the rest none
        assertThat(p(doc, "P4300")).isEqualTo("1");
        assertThat(p(doc, "P4301")).isEqualTo("3");
        assertThat(p(doc, "P4302")).isEqualTo("0");
        assertThat(p(doc, "P4309")).isEqualTo("0");
        // handset 2 in the P431x block, handset 4 in its split P4250/P4251/P2132x block
        assertThat(p(doc, "P4310")).isEqualTo("2");
        assertThat(p(doc, "P4311")).isEqualTo("3");
        assertThat(p(doc, "P4250")).isEqualTo("3");
        assertThat(p(doc, "P4251")).isEqualTo("2");
        assertThat(p(doc, "P21320")).isEqualTo("0");
        assertThat(doc.has("/gs_provision/config/P4320")).as("handset 3 not in the inventory: left alone").isFalse();
        // names, cut to the ten characters a handset shows, escaped
        assertThat(p(doc, "P27020")).isEqualTo("Front desk");
        assertThat(p(doc, "P27023")).isEqualTo("Yard & <Ga");
        // HS Mode: account 1 only on handset 1, account 2 on handsets 2 and 4, account 3 on three handsets, 4 unassigned
        assertThat(p(doc, "P27080")).isEqualTo("1");
        assertThat(p(doc, "P27081")).isEqualTo("103");
        assertThat(p(doc, "P27082")).isEqualTo("103");
        assertThat(p(doc, "P27083")).isEqualTo("101");
        assertThat(p(doc, "P194")).isEqualTo("3");
        assertThat(doc.has("/gs_provision/config/P35")).isFalse();
    }

    @Test
    void theHandsetSlotMapMatchesTheTemplatesBlocks() {
        assertThat(DectLineSlots.slot(1, 1)).isEqualTo(4300);
        assertThat(DectLineSlots.slot(3, 10)).isEqualTo(4329);
        assertThat(DectLineSlots.slot(4, 1)).isEqualTo(4250);
        assertThat(DectLineSlots.slot(4, 2)).isEqualTo(4251);
        assertThat(DectLineSlots.slot(4, 3)).isEqualTo(21320);
        assertThat(DectLineSlots.slot(4, 10)).isEqualTo(21327);
        assertThat(DectLineSlots.slot(5, 1)).isEqualTo(21328);
        assertThat(DectLineSlots.slot(5, 10)).isEqualTo(21337);
        assertThatThrownBy(() -> DectLineSlots.slot(6, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DectLineSlots.slot(1, 11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHandsetOnALineTheBaseDoesNotHaveOrBeyondTheBaseIsARenderError() {
        var unknownLine = withHandsets(base("DP752"), List.of(new ConfigModel.HandsetInfo(1, "A", null, List.of(7))));
        assertThatThrownBy(() -> plugin.vendorValues(unknownLine)).isInstanceOf(RenderException.class).hasMessageContaining("line 7");
        var sixth = withHandsets(base("DP752"), List.of(new ConfigModel.HandsetInfo(6, "F", null, List.of(1))));
        assertThatThrownBy(() -> plugin.vendorValues(sixth)).isInstanceOf(RenderException.class).hasMessageContaining("handset 6");
        var mixed = TestConfigModel.of("grandstream", "DP750", MAC).line(1, "401", "A", Transport.UDP, Srtp.OFF)
                .line(2, "402", "B", Transport.TLS, Srtp.MANDATORY).build();
        assertThatThrownBy(() -> plugin.vendorValues(mixed)).isInstanceOf(RenderException.class).hasMessageContaining("one profile");
    }
}
