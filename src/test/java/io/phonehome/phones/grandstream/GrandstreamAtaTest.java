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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HT8xx analog adapters (format {@code ht}): their FXS ports are the lines, numbered per port
 * profile on the HT80x and as rows of the FXS port table on the HT81x, rendered and parsed as XML.
 */
class GrandstreamAtaTest {
    static final String MAC = "c074ad8a1b2c";
    final GrandstreamPlugin plugin = new GrandstreamPlugin(VendorRegistry.builtIn().models());

    XmlDoc render(ConfigModel model) {
        XmlDoc doc = XmlDoc.parse(TestRender.render(plugin, "cfgmac.xml.ftlx", model, "cfg" + MAC + ".xml", Map.of()));
        assertThat(doc.root()).isEqualTo("gs_provision");
        return doc;
    }

    static String p(XmlDoc doc, String pvalue) {
        return doc.text("/gs_provision/config/" + pvalue);
    }

    static boolean has(XmlDoc doc, String pvalue) {
        return doc.has("/gs_provision/config/" + pvalue);
    }

    @Test
    void everyPortOfAnHt814IsARowOfTheFxsPortTableOnProfileOne() {
        XmlDoc doc = render(TestConfigModel.of("grandstream", "HT814", MAC)
                .line(1, "301", "Fax", Transport.TLS, Srtp.MANDATORY).line(2, "302", "Lift", Transport.TLS, Srtp.MANDATORY)
                .line(3, "303", "Door", Transport.TLS, Srtp.MANDATORY).line(4, "304", "Alarm", Transport.TLS, Srtp.MANDATORY).build());
        String[] ext = {"301", "302", "303", "304"};
        String[] name = {"Fax", "Lift", "Door", "Alarm"};
        for (int port = 1; port <= 4; port++) {
            int n = port - 1;
            assertThat(p(doc, "P" + (4060 + n))).as("port %d user id", port).isEqualTo(ext[n]);
            assertThat(p(doc, "P" + (4090 + n))).as("port %d auth id", port).isEqualTo("u" + ext[n]);
            assertThat(p(doc, "P" + (4120 + n))).as("port %d password", port).isEqualTo("pw-" + ext[n]);
            assertThat(p(doc, "P" + (4180 + n))).as("port %d name", port).isEqualTo(name[n]);
            assertThat(p(doc, "P" + (4150 + n))).as("port %d on profile 1", port).isEqualTo("0");
            assertThat(p(doc, "P" + (4595 + n))).as("port %d enabled", port).isEqualTo("1");
        }
        // profile 1 carries the registrar, in the desk phones' transport and SRTP codes
        assertThat(p(doc, "P271")).isEqualTo("1");
        assertThat(p(doc, "P47")).isEqualTo("prov.example.com:5061");
        assertThat(p(doc, "P130")).isEqualTo("2");
        assertThat(p(doc, "P183")).isEqualTo("2");
        assertThat(p(doc, "P32")).as("minutes").isEqualTo("10");
        assertThat(p(doc, "P243")).isEqualTo("1");
        assertThat(p(doc, "P401")).as("profile 2 off").isEqualTo("0");
        // a port table has no per-port desk blocks, and a NOTIFY may never factory-reset it
        assertThat(has(doc, "P35")).isFalse();
        assertThat(has(doc, "P402")).isFalse();
        assertThat(p(doc, "P26015")).isEqualTo("0");
        assertThat(has(doc, "P4064")).as("no fifth port on an HT814").isFalse();
    }

    @Test
    void portsWithoutALineAreSwitchedOffAndAPortBeyondTheAdapterIsARenderError() {
        XmlDoc doc = render(TestConfigModel.of("grandstream", "HT818", MAC).line(3, "303", "Door", Transport.UDP, Srtp.OFF).build());
        assertThat(p(doc, "P4062")).isEqualTo("303");
        assertThat(p(doc, "P4597")).isEqualTo("1");
        for (int port : new int[] {1, 2, 4, 5, 6, 7, 8}) {
            assertThat(p(doc, "P" + (4594 + port))).as("port %d", port).isEqualTo("0");
        }
        var tooFar = TestConfigModel.of("grandstream", "HT814", MAC).line(5, "305", "Five", Transport.UDP, Srtp.OFF).build();
        assertThatThrownBy(() -> plugin.vendorValues(tooFar)).isInstanceOf(RenderException.class)
                .hasMessageContaining("line 5").hasMessageContaining("4 FXS ports");
    }

    @Test
    void linesOfOnePortTableThatNeedDifferentProfilesAreRefusedNotWrittenWrong() {
        var mixed = TestConfigModel.of("grandstream", "HT814", MAC)
                .line(1, "301", "Fax", Transport.UDP, Srtp.OFF).line(2, "302", "Lift", Transport.TLS, Srtp.MANDATORY).build();
        assertThatThrownBy(() -> plugin.vendorValues(mixed)).isInstanceOf(RenderException.class)
                .hasMessageContaining("line 2").hasMessageContaining("tls").hasMessageContaining("one profile");
    }

    @Test
    void theSecondPortOfAnHt802HasItsOwnProfileInTheP7xxBlock() {
        XmlDoc doc = render(TestConfigModel.of("grandstream", "HT802", MAC)
                .line(1, "301", "Fax", Transport.UDP, Srtp.OFF).line(2, "302", "Lift", Transport.TLS, Srtp.MANDATORY).build());
        assertThat(p(doc, "P271")).isEqualTo("1");
        assertThat(p(doc, "P47")).isEqualTo("prov.example.com:5060");
        assertThat(p(doc, "P35")).isEqualTo("301");
        assertThat(p(doc, "P36")).isEqualTo("u301");
        assertThat(p(doc, "P34")).isEqualTo("pw-301");
        assertThat(p(doc, "P3")).isEqualTo("Fax");
        assertThat(p(doc, "P130")).isEqualTo("0");
        assertThat(p(doc, "P401")).isEqualTo("1");
        assertThat(p(doc, "P747")).isEqualTo("prov.example.com:5061");
        assertThat(p(doc, "P735")).isEqualTo("302");
        assertThat(p(doc, "P736")).isEqualTo("u302");
        assertThat(p(doc, "P734")).isEqualTo("pw-302");
        assertThat(p(doc, "P703")).isEqualTo("Lift");
        assertThat(p(doc, "P830")).as("port 2 transport TLS").isEqualTo("2");
        assertThat(p(doc, "P443")).as("port 2 SRTP forced").isEqualTo("2");
        assertThat(p(doc, "P732")).isEqualTo("10");
        assertThat(p(doc, "P743")).isEqualTo("1");
        // the desk phones' account-2 block is not what an HT802 reads
        assertThat(has(doc, "P402")).isFalse();
        assertThat(has(doc, "P404")).isFalse();
        assertThat(has(doc, "P4060")).isFalse();
    }

    @Test
    void anUnusedSecondPortIsSwitchedOff() {
        XmlDoc doc = render(TestConfigModel.of("grandstream", "HT802", MAC).line(1, "301", "Fax", Transport.UDP, Srtp.OFF).build());
        assertThat(p(doc, "P271")).isEqualTo("1");
        assertThat(p(doc, "P401")).isEqualTo("0");
        assertThat(has(doc, "P747")).isFalse();
    }

    @Test
    void adaptersRecheckEveryP193MinutesWithTheirOwnModeCodeAndHaveNoDeskOnlyValues() {
        XmlDoc doc = render(TestConfigModel.of("grandstream", "HT801", MAC).line(1, "301", "Fax", Transport.UDP, Srtp.OFF)
                .firmware("1.0.63.3", "https://prov.example.com:8443/firmware/grandstream/1.0.63.3/ht801fw.bin").build());
        assertThat(p(doc, "P194")).as("3 = every P193 minutes on the HT8xx").isEqualTo("3");
        assertThat(p(doc, "P193")).isEqualTo("1440");
        assertThat(p(doc, "P212")).isEqualTo("2");
        assertThat(p(doc, "P192")).isEqualTo("prov.example.com:8443/firmware/grandstream/1.0.63.3");
        assertThat(has(doc, "P6767")).as("the HT8xx take the firmware protocol from P212").isFalse();
        assertThat(p(doc, "P246")).isEqualTo("CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00");
        assertThat(has(doc, "P1362")).as("no display language").isFalse();
        assertThat(p(doc, "P1360")).isEqualTo(MAC);
        // a desk phone keeps mode 1
        assertThat(plugin.vendorValues(TestConfigModel.of("grandstream", "GXP2170", MAC).build())).containsEntry("recheck_mode", 1);
    }

    @ParameterizedTest
    @CsvSource({"HT814, P4180", "HT802, P703"})
    void aDisplayNameWithXmlSpecialCharactersCannotBreakThePortSyntax(String model, String nameOfPortTwo) {
        String tricky = "Zoë & <Ops> \"Desk\"\nü";
        var cm = TestConfigModel.of("grandstream", model, MAC).line(1, "301", "Fax", Transport.UDP, Srtp.OFF)
                .line(2, "302", tricky, Transport.UDP, Srtp.OFF).build();
        String text = TestRender.render(plugin, "cfgmac.xml.ftlx", cm, "cfg" + MAC + ".xml", Map.of());
        assertThat(text).contains("&amp; &lt;Ops&gt; &quot;Desk&quot;");
        XmlDoc doc = XmlDoc.parse(text);
        String port2 = model.equals("HT814") ? "P4181" : nameOfPortTwo;
        // the renderer flattens the newline, so the value stays one element on one line
        assertThat(p(doc, port2)).isEqualTo("Zoë & <Ops> \"Desk\" ü");
        assertThat(text).contains("<" + port2 + ">Zoë &amp; &lt;Ops&gt; &quot;Desk&quot; ü</" + port2 + ">");
        assertThat(doc.count("/gs_provision/config/*")).isGreaterThan(10);
    }

    @Test
    void aCatalogRowWithAnUnknownFormatOrLayoutIsARenderErrorNotADeskFile() {
        ConfigModel base = TestConfigModel.of("grandstream", "HT814", MAC).line(1, "301", "Fax", Transport.UDP, Srtp.OFF).build();
        ConfigModel unknownLayout = withAttributes(base, Map.of("format", "ht", "port_layout", "ring", "source", "test"));
        assertThatThrownBy(() -> plugin.vendorValues(unknownLayout)).isInstanceOf(RenderException.class).hasMessageContaining("port_layout");
        ConfigModel unknownFormat = withAttributes(base, Map.of("format", "dect", "source", "test"));
        assertThatThrownBy(() -> plugin.vendorValues(unknownFormat)).isInstanceOf(RenderException.class).hasMessageContaining("format='dect'");
        // a models.csv row adding an adapter without its format would otherwise be written as a desk phone
        ConfigModel noFormat = withAttributes(base, Map.of("source", "test"));
        assertThatThrownBy(() -> plugin.vendorValues(noFormat)).isInstanceOf(RenderException.class).hasMessageContaining("format=ht");
    }

    private static ConfigModel withAttributes(ConfigModel m, Map<String, String> attributes) {
        ConfigModel.ModelData d = m.model();
        return new ConfigModel(m.device(), new ConfigModel.ModelData(d.vendor(), d.name(), d.family(), d.accounts(), d.handsets(), attributes,
                d.reportedFirmware()), m.site(), m.timeZone(), m.lines(), m.handsets(), m.provisioning(), m.firmware(), m.server());
    }
}
