package io.phonehome.phones.fanvil;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.Identification;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Fanvil row of the catalog renders: its per-device file (one line, in its syntax, with one
 * entry per account), its redirect form and its common file when it has one, each parsed as XML.
 * A row whose attributes the plug-in cannot use (a format it does not know, a line count its
 * templates cannot write) fails here, not on a phone.
 */
class FanvilCatalogRenderTest {
    static final String MAC = "0c383e00c0de";
    static final FanvilPlugin PLUGIN = new FanvilPlugin(VendorRegistry.builtIn().models());

    static Stream<String> models() {
        return VendorRegistry.builtIn().models().forVendor("fanvil").stream().map(ModelInfo::model);
    }

    static ModelInfo row(String model) {
        return VendorRegistry.builtIn().models().find("fanvil", model).orElseThrow();
    }

    /** The root element and the line entries of a model's syntax. */
    static String root(ModelInfo m) {
        return m.attribute("format").isPresent() ? "VOIP_CONFIG_FILE" : "sysConf";
    }

    static String lineEntries(ModelInfo m) {
        return m.attribute("format").isPresent() ? "//SIP_Line_List_Entry" : "/sysConf/sip/line";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyModelsDeviceFileRendersOneEntryPerAccountInItsSyntax(String model) {
        ModelInfo m = row(model);
        var cm = TestConfigModel.of("fanvil", model, MAC).line(1, "200", "Anna", Transport.TLS, Srtp.OPTIONAL).build();
        List<String> files = PLUGIN.deviceFiles(Mac.parse(MAC), model);
        assertThat(files).isNotEmpty();
        for (String file : files) {
            Identification id = PLUGIN.identify(new FetchRequest(file, "", "")).orElseThrow();
            XmlDoc doc = XmlDoc.parse(TestRender.render(PLUGIN, id.template(), cm, file));
            assertThat(doc.root()).as(model + " " + file).isEqualTo(root(m));
            assertThat(doc.count(lineEntries(m))).as(model + " accounts").isEqualTo(m.accounts());
            String redirect = TestRender.render(PLUGIN, PLUGIN.redirectTemplate(id).orElseThrow(), cm, file,
                    Map.of("redirect", Map.of("url", "https://other.example/prov/")));
            assertThat(XmlDoc.parse(redirect).root()).as(model + " redirect").isEqualTo(root(m));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyModelsCommonFileIsRecognisedAndRendersInItsSyntax(String model) {
        ModelInfo m = row(model);
        String commonFile = m.attribute(FanvilPlugin.COMMON_FILE_ATTRIBUTE).orElse(null);
        if (commonFile == null) {
            return; // a row without one has nothing to render (see the header of models/fanvil.csv)
        }
        Identification id = PLUGIN.identify(new FetchRequest(commonFile, "", "")).orElseThrow();
        assertThat(id.model()).isEqualTo(model);
        XmlDoc doc = XmlDoc.parse(TestRender.render(PLUGIN, id.template(), TestConfigModel.of("fanvil", model, MAC).buildCommon(), commonFile));
        assertThat(doc.root()).isEqualTo(root(m));
        assertThat(doc.document().getDocumentElement().getTextContent()).doesNotContain("own-device-password");
    }

    @Test
    void everyCommonFileNameBelongsToOneModel() {
        List<String> names = VendorRegistry.builtIn().models().forVendor("fanvil").stream()
                .flatMap(m -> m.attribute(FanvilPlugin.COMMON_FILE_ATTRIBUTE).stream()).map(String::toLowerCase).toList();
        assertThat(names).doesNotHaveDuplicates().hasSizeGreaterThan(30);
    }

    @Test
    void theOlderSyntaxWritesBackupServersAndAnEscapedNameThatReadsBack() {
        String name = "Zoë & <Ops> \"Desk\"\nü";
        var cm = TestConfigModel.of("fanvil", "X4", MAC).lineWithBackup(1, "200", "backup.example.com")
                .line(2, "201", name, Transport.TLS, Srtp.MANDATORY).build();
        String text = TestRender.render(PLUGIN, "mac.cfg.ftlx", cm, MAC + ".cfg");
        XmlDoc doc = XmlDoc.parse(text);
        String l1 = "//SIP_Line_List_Entry[ID='SIP1']/";
        String l2 = "//SIP_Line_List_Entry[ID='SIP2']/";
        assertThat(doc.text(l1 + "Backup_Addr")).isEqualTo("backup.example.com");
        assertThat(doc.text(l1 + "Backup_Port")).isEqualTo("5070");
        // the model hands templates no line break (it becomes a space); the rest is escaped and reads back
        assertThat(doc.text(l2 + "Display_Name")).isEqualTo(name.replace('\n', ' '));
        assertThat(text).contains("<Display_Name>Zoë &amp; &lt;Ops&gt; &quot;Desk&quot; ü</Display_Name>");
        assertThat(doc.text(l2 + "Transport")).isEqualTo("2");
        assertThat(doc.text(l2 + "Media_Crypto")).isEqualTo("2");
        assertThat(doc.count("//SIP_Line_List_Entry")).isEqualTo(4);
        assertThat(doc.count("/VOIP_CONFIG_FILE/*")).as("version and five modules").isEqualTo(6);
        assertThat(doc.count("/VOIP_CONFIG_FILE/*[substring(name(), string-length(name()) - 13) = '_CONFIG_MODULE']")).isEqualTo(5);
    }

    @Test
    void theOlderSyntaxWritesTheFirmwareUrlWhenAnUpgradeIsDue() {
        var cm = TestConfigModel.of("fanvil", "X6", MAC).line(1, "200", "Anna", Transport.UDP, Srtp.OFF)
                .firmware("2.14.0.7386", "https://prov.example.com:8443/firmware/fanvil/x6-fanvil-release-6904-2.14.0-7386.z").build();
        XmlDoc doc = XmlDoc.parse(TestRender.render(PLUGIN, "mac.cfg.ftlx", cm, MAC + ".cfg"));
        assertThat(doc.text("/VOIP_CONFIG_FILE/AUTOUPDATE_CONFIG_MODULE/Auto_Image_URL")).endsWith("x6-fanvil-release-6904-2.14.0-7386.z");
        var none = TestConfigModel.of("fanvil", "X6", MAC).line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build();
        assertThat(XmlDoc.parse(TestRender.render(PLUGIN, "mac.cfg.ftlx", none, MAC + ".cfg")).has("//Auto_Image_URL")).isFalse();
    }
}
